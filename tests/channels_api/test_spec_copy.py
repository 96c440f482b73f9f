"""The committed test data is what ``tools/extract_spec.py`` makes of ``../shared/spec`` today.

Where the sibling ``shared/spec`` directory is absent (a plain clone), the comparison is
skipped; the extractor's own pieces are tested on small inputs either way.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
SPEC_DIR = REPO.parent / "shared" / "spec"
DATA = REPO / "tests" / "channels_api" / "data"


def _load_extractor() -> ModuleType:
    path = REPO / "tools" / "extract_spec.py"
    spec = importlib.util.spec_from_file_location("extract_spec", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("extract_spec", module)
    spec.loader.exec_module(module)
    return module


extractor = _load_extractor()


@pytest.mark.spec
@pytest.mark.skipif(
    not (SPEC_DIR / "channels-api.txt").is_file(),
    reason=f"no spec at {SPEC_DIR}: the committed copy in tests/channels_api/data is used as is",
)
def test_the_committed_data_matches_a_fresh_extraction_of_shared_spec():
    files, counts = extractor.extract(SPEC_DIR)
    for name, text in files.items():
        committed = (DATA / name).read_text(encoding="utf-8")
        assert committed == text, f"{name} is stale: run `python tools/extract_spec.py`"
    assert counts["total"] == json.loads(files["examples.json"])["counts"]["total"]


# ---------------------------------------------------------------------------- the pieces

_MINI_TSV = (
    "# a comment\n"
    "group\toperation\tmethod\tpath\tquery\tbody\tstatus\tresponse\tseed_line\n"
    "things\tMake a thing\tPOST\t/things\t-\tApiThingRequest\t201\tApiThing\t4\n"
    "things\tPoke a thing\tGET\t/things/{id}/poke\t-\t-\t202\t-\t22\n"
)
_MINI_SPEC = """Things

Make a thing
POST https://api.example.com/v1/things

Responses

HTTP Code Description Schema
201 Created ApiThing

Request body

{"name": "x",}

Response body (200)

{
  "id": "1",
  "tags": ["a", "b",],
  ...
}
GET https://api.example.com/v1/things/{id}/poke

Response body (202)

Model Definitions

ApiThing

Model
Name Schema Description
id string The id.
tags array[string] The tags.
JSON
{"id": "1", "tags": ["a"]}

ApiThingRequest

Model
Name Schema Description
name
required
string The name.
JSON
{"name": "x"}
"""


def _mini_spec(tmp_path: Path) -> Path:
    (tmp_path / "endpoints.tsv").write_text(_MINI_TSV, encoding="utf-8")
    (tmp_path / "channels-api.txt").write_text(_MINI_SPEC, encoding="utf-8")
    return tmp_path


def test_the_lenient_loader_drops_ellipsis_lines_and_trailing_commas_but_not_inside_strings():
    value, repairs = extractor.loads_lenient('{\n  "a": [1, 2,],\n  "b": "x,}",\n  ...\n}')
    assert value == {"a": [1, 2], "b": "x,}"}
    assert repairs == ["dropped 1 '...' line(s)", "dropped 2 trailing comma(s)"]
    assert extractor.loads_lenient('{"a": "data:image/ ..."}') == ({"a": "data:image/ ..."}, [])


def test_a_json_block_ends_where_its_brackets_close_and_an_empty_body_is_none():
    lines = ["", '  "numberType": ', "x"]
    assert extractor.json_block(lines, 0) is None
    lines = ["", "{", '  "a": "}",', '  "numberType": ', "  {", "  }", "}", "Next heading"]
    first, raw = extractor.json_block(lines, 0)
    assert first == 1
    assert raw.splitlines()[-1] == "}"
    assert len(raw.splitlines()) == 6


def test_extraction_records_each_example_with_its_operation_schema_and_line(tmp_path):
    files, counts = extractor.extract(_mini_spec(tmp_path))
    document = json.loads(files["examples.json"])
    by_id = {example["id"]: example for example in document["examples"]}
    assert set(by_id) == {
        "make-a-thing--request",
        "make-a-thing--response-200",
        "model--ApiThing",
        "model--ApiThingRequest",
    }
    response = by_id["make-a-thing--response-200"]
    assert response["schema"] == "ApiThing"
    assert response["documented_schema"] == "ApiThing"
    assert (response["status"], response["documented_status"]) == (200, 201)
    assert response["value"] == {"id": "1", "tags": ["a", "b"]}
    assert response["line"] == 15
    assert response["repairs"] == ["dropped 1 '...' line(s)", "dropped 2 trailing comma(s)"]
    assert by_id["make-a-thing--request"]["schema"] == "ApiThingRequest"
    assert document["models"]["ApiThingRequest"]["fields"] == ["name"]
    assert document["empty_bodies"] == [
        {"line": 24, "operation": "Poke a thing", "schema": "-", "status": 202}
    ]
    assert counts["total"] == 4
    assert counts["empty_bodies"] == 1
    assert files["endpoints.tsv"] == _MINI_TSV


def test_extraction_is_deterministic_and_rewrites_nothing_the_second_time(tmp_path, capsys):
    (tmp_path / "spec").mkdir()
    spec = _mini_spec(tmp_path / "spec")
    out = tmp_path / "out"
    assert extractor.main([str(spec), "--out", str(out)]) == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert extractor.main([str(spec), "--out", str(out)]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    assert extractor.main([str(spec), "--out", str(out), "--check"]) == 0
    (out / "examples.json").write_text("{}", encoding="utf-8")
    assert extractor.main([str(spec), "--out", str(out), "--check"]) == 1


def test_a_request_body_without_a_documented_schema_is_matched_to_the_model_with_its_keys(
    tmp_path,
):
    spec = _mini_spec(tmp_path)
    tsv = _MINI_TSV.replace("\tApiThingRequest\t", "\t-\t")
    (spec / "endpoints.tsv").write_text(tsv, encoding="utf-8")
    files, _counts = extractor.extract(spec)
    request = next(
        example
        for example in json.loads(files["examples.json"])["examples"]
        if example["kind"] == "request"
    )
    assert request["schema"] == "ApiThingRequest"
    assert request["schema_source"].startswith("inferred")
