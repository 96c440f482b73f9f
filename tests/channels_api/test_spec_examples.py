"""Every JSON example of the documentation parses into its model, and loses nothing on the way.

The examples come from ``data/examples.json``, which ``tools/extract_spec.py`` writes from
``../shared/spec``; this file reads only the committed copy, so it runs on any clone.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, RootModel

from channels_api._parsing import normalise_key
from channels_api.models import MODELS, ApiRequestModel, model_for, parse_schema

DATA = Path(__file__).resolve().parent / "data"
DOCUMENT = json.loads((DATA / "examples.json").read_text(encoding="utf-8"))
EXAMPLES: list[dict[str, Any]] = DOCUMENT["examples"]
EXTRACTED = 98  # examples tools/extract_spec.py found when this was written; never fewer

# Named in the documentation (NOTES.md rules 10 and 23) but never defined, so never shown.
UNDEFINED_IN_DOCS = {"ApiChannelMessagingLogConfigurationRequest"}
MONEY_FIELDS = {"startup_cost", "monthly_cost", "keyword_startup_cost", "keyword_monthly_cost"}


def _operations() -> list[dict[str, str]]:
    rows = [
        line.split("\t")
        for line in (DATA / "endpoints.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def _schema_names(schema: str) -> set[str]:
    inner = schema.removeprefix("array[").removesuffix("]")
    return {inner} if inner.startswith("Api") else set()


def _field_for(model: BaseModel, key: str) -> str | None:
    for name, field in type(model).model_fields.items():
        if normalise_key(key) in {normalise_key(name), normalise_key(field.alias or name)}:
            return name
    return None


def _expected_moment(text: str) -> datetime:
    """The documentation's timestamps, read independently: all are UTC (``Z`` or no zone)."""
    stamp, _, fraction = text.rstrip("Z").partition(".")
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    return datetime.fromisoformat(stamp).replace(microsecond=micro, tzinfo=UTC)


def assert_faithful(parsed: Any, raw: Any, where: str) -> None:
    """``parsed`` holds everything ``raw`` gave, as the right type, nothing silently None."""
    if isinstance(parsed, RootModel):
        assert_faithful(parsed.root, raw, where)
    elif isinstance(parsed, BaseModel):
        assert isinstance(raw, dict), f"{where}: an object was parsed from {raw!r}"
        for key, value in raw.items():
            name = _field_for(parsed, key)
            assert name is not None, f"{where}: {type(parsed).__name__} has no field for {key!r}"
            attribute = getattr(parsed, name)
            if name in MONEY_FIELDS:
                assert type(attribute) is Decimal, f"{where}.{key}: money is {attribute!r}"
            if value is not None:
                assert attribute is not None, f"{where}.{key}: given {value!r}, parsed None"
            assert_faithful(attribute, value, f"{where}.{key}")
    elif isinstance(parsed, dict):
        assert isinstance(raw, dict)
        assert set(parsed) == set(raw), f"{where}: keys {set(parsed)} != {set(raw)}"
        for key, value in raw.items():
            assert_faithful(parsed[key], value, f"{where}[{key!r}]")
    elif isinstance(parsed, list):
        assert isinstance(raw, list), f"{where}: a list was parsed from {raw!r}"
        assert len(parsed) == len(raw), f"{where}: {len(parsed)} items, the JSON has {len(raw)}"
        for index, (item, value) in enumerate(zip(parsed, raw, strict=True)):
            assert_faithful(item, value, f"{where}[{index}]")
    elif isinstance(parsed, datetime):
        assert isinstance(raw, str), f"{where}: a timestamp from {raw!r}"
        assert parsed.tzinfo is UTC, f"{where}: {parsed!r} is not in UTC"
        assert parsed == _expected_moment(raw), f"{where}: {raw!r} read as {parsed.isoformat()}"
    elif isinstance(parsed, Decimal):
        assert type(raw) in {int, float}, f"{where}: an amount from {raw!r}"
        assert parsed == Decimal(str(raw)), f"{where}: {raw!r} read as {parsed!r}"
    elif isinstance(parsed, bool):
        assert parsed is raw, f"{where}: {raw!r} read as {parsed!r}"
    elif isinstance(parsed, int):
        assert type(raw) is int, f"{where}: an integer from {raw!r}"
        assert parsed == raw, f"{where}: {raw!r} read as {parsed!r}"
    elif isinstance(parsed, str):
        assert parsed == raw, f"{where}: {raw!r} read as {parsed!r}"
    else:
        pytest.fail(f"{where}: unexpected {type(parsed).__name__} from {raw!r}")


@pytest.mark.parametrize("example", EXAMPLES, ids=[example["id"] for example in EXAMPLES])
def test_each_documented_example_parses_into_its_model(example):
    parsed = parse_schema(example["schema"], example["value"])
    schema = example["schema"]
    if schema.startswith("array["):
        assert isinstance(parsed, list)
        assert parsed, "the documentation's arrays all hold an example item"
        item = schema[len("array[") : -1]
        expected_type = str if item == "string" else model_for(item)
        assert all(isinstance(element, expected_type) for element in parsed)
    else:
        assert isinstance(parsed, model_for(schema))
    assert_faithful(parsed, example["value"], example["id"])


REQUEST_EXAMPLES = [
    example
    for example in EXAMPLES
    if (example["kind"] == "request" or example["schema"].endswith("Request"))
    and issubclass(model_for(example["schema"]), ApiRequestModel)
]


@pytest.mark.parametrize("example", REQUEST_EXAMPLES, ids=[e["id"] for e in REQUEST_EXAMPLES])
def test_each_documented_request_body_is_written_back_as_documented(example):
    """Except the keyword claim's table spelling (``phoneNumber``), which is sent as ``...Id``."""
    parsed = parse_schema(example["schema"], example["value"])
    assert parsed.to_body() == example["value"]


def test_no_example_was_lost():
    assert len(EXAMPLES) >= EXTRACTED
    assert DOCUMENT["counts"]["total"] == len(EXAMPLES)
    assert len({example["id"] for example in EXAMPLES}) == len(EXAMPLES)


def test_every_documented_model_name_has_an_example():
    documented = set(DOCUMENT["models"])
    for operation in _operations():
        documented |= _schema_names(operation["body"]) | _schema_names(operation["response"])
    for example in EXAMPLES:
        documented |= _schema_names(example.get("documented_schema") or "")
    assert documented <= set(MODELS), documented - set(MODELS)
    shown = {MODELS[name] for example in EXAMPLES for name in _schema_names(example["schema"])}
    missing = {name for name in documented if MODELS[name] not in shown}
    assert missing == UNDEFINED_IN_DOCS


def test_every_model_class_has_a_documented_name_and_an_example_or_a_reason():
    shown = {MODELS[name] for example in EXAMPLES for name in _schema_names(example["schema"])}
    for name, model in MODELS.items():
        assert model in shown or name in UNDEFINED_IN_DOCS, name


def test_every_operation_that_documents_a_response_has_an_example_of_it():
    answered = {e["operation"] for e in EXAMPLES if e["kind"] == "response"}
    for operation in _operations():
        if operation["response"] != "-":
            assert operation["operation"] in answered, operation["operation"]


def test_an_empty_body_is_not_counted_as_an_example():
    assert [body["operation"] for body in DOCUMENT["empty_bodies"]] == [
        "Start a profile's otp validation"
    ]


@pytest.mark.parametrize("name", sorted(DOCUMENT["models"]))
def test_every_field_a_model_table_documents_is_a_field_of_the_model(name):
    model = model_for(name)
    known = {normalise_key(field) for field in model.model_fields} | {
        normalise_key(field.alias or "") for field in model.model_fields.values()
    }
    for field in DOCUMENT["models"][name]["fields"]:
        assert normalise_key(field) in known, f"{name}.{field}"


def test_the_example_templates_have_sensible_statuses():
    statuses = {
        example["id"]: parse_schema(example["schema"], example["value"]).status
        for example in EXAMPLES
        if example["schema"] == "ApiWhatsAppTemplate" and example["kind"] == "response"
    }
    assert statuses["create-a-template--response-201"] == "pending"
    assert statuses["update-a-template--response-200"] == "pending"
    assert statuses["request-validation-of-a-template--response-202"] == "validation_requested"
