"""Every row of endpoints.tsv has one public client method, with the documented method and path."""

import csv
from pathlib import Path

import pytest

from channels_api import ChannelsClient
from channels_api.resources import OPERATIONS

DATA = Path(__file__).parent / "data" / "endpoints.tsv"
GROUP_ATTRIBUTES = {
    "channels": "channels",
    "configuration": "configuration",
    "whatsapp": "whatsapp",
    "profiles": "profiles",
    "templates": "templates",
    "keywords": "keywords",
    "numbers": "numbers",
}


def documented_rows():
    lines = [line for line in DATA.read_text().splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


ROWS = documented_rows()


def test_the_table_lists_all_51_operations():
    assert len(ROWS) == 51


@pytest.mark.parametrize("row", ROWS, ids=[row["operation"] for row in ROWS])
def test_every_documented_operation_has_a_client_method(row):
    assert row["operation"] in OPERATIONS, f"no client method for {row['operation']!r}"
    operation, qualname = OPERATIONS[row["operation"]]
    assert operation.method == row["method"]
    assert operation.path == row["path"]
    assert operation.group == row["group"]
    client = ChannelsClient(account_id="00000000-0000-0000-0000-000000000000", product_token="t")
    group = getattr(client, GROUP_ATTRIBUTES[row["group"]])
    method = getattr(group, qualname.split(".")[-1])
    assert callable(method)
    assert method.__doc__, f"{qualname} has no docstring"


def test_the_client_implements_nothing_the_documentation_does_not_list():
    assert set(OPERATIONS) == {row["operation"] for row in ROWS}
