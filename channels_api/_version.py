"""The package version, kept in one place for the User-Agent and the README."""

__version__ = "0.1.0"
