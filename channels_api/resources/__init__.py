"""The client's resource groups, one module each, mirroring endpoints.tsv's groups."""

from channels_api.resources._base import OPERATIONS
from channels_api.resources.channels import Channels
from channels_api.resources.configuration import Configuration
from channels_api.resources.keywords import Keywords
from channels_api.resources.numbers import Numbers
from channels_api.resources.profiles import Profiles
from channels_api.resources.templates import Templates
from channels_api.resources.whatsapp import WhatsApp

__all__ = [
    "OPERATIONS",
    "Channels",
    "Configuration",
    "Keywords",
    "Numbers",
    "Profiles",
    "Templates",
    "WhatsApp",
]
