"""Property tests: whatever CM.com answers, the client ends in a parsed model or a typed error.

Hypothesis feeds the client's readers answers of wrong types, with fields missing, extra and
misspelt, documented examples with values swapped for anything JSON can hold (NaN and
Infinity included, which Python's decoder accepts), non-JSON with status 200, truncated and
deeply nested bodies, error bodies of every shape, and Retry-After headers of any text. Each
must end in a model or a ``channels_api.errors.ChannelsAPIError`` subclass; any other
exception (an OverflowError from a timestamp, a RecursionError from a deep body, a TypeError
from a zone-less HTTP date) would reach a page as a 500.

Most properties go through ``Transport._parse`` and ``Transport._error_for`` with a built
``requests.Response``; a few go end to end through the sandbox's crafted-body faults.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from channels_api import ChannelsClient, errors
from channels_api._parsing import parse_money, parse_timestamp
from channels_api._transport import Transport
from channels_api.models import MODELS

EXAMPLES = json.loads(
    (Path(__file__).resolve().parent / "data" / "examples.json").read_text(encoding="utf-8")
)["examples"]

# What the client is asked to parse: every documented model, and a list of each.
TARGETS: list[Any] = [
    *(MODELS[name] for name in sorted(MODELS)),
    *(list[MODELS[name]] for name in sorted(MODELS)),  # type: ignore[valid-type]
    list[str],
]

# No example database: nothing is written into the working tree (.hypothesis/).
PROPERTY = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# Strings that look like the values the readers take apart: timestamps, money, ids, markup.
tricky_strings = st.sampled_from(
    [
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "2019-07-24T13:43:58.3329114",
        "2019-07-29T09:30:01.709Z",
        "2019-02-30T25:61:61Z",
        "1e999999",
        "-0",
        "NaN",
        "Infinity",
        "00316123456789",
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
    ]
)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | tricky_strings
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)


def _spellings(model: type[BaseModel]) -> list[str]:
    """Every field of a model as the API might spell it: camelCase, snake_case, upper case."""
    names: list[str] = []
    for name, field in model.model_fields.items():
        alias = field.alias or name
        names += [alias, name, alias.upper(), alias[:1].upper() + alias[1:]]
    return names or ["id"]


@st.composite
def shaped_like(draw: st.DrawFn, target: Any) -> Any:
    """An object that uses the target's field names, each holding anything JSON can hold."""
    model = target.__args__[0] if getattr(target, "__origin__", None) is list else target
    if not isinstance(model, type) or not issubclass(model, BaseModel):
        return draw(json_values)
    keys = st.sampled_from(_spellings(model)) | st.text(max_size=10)
    # Half the values are the strings the readers take apart, so they meet their fields.
    item = draw(st.dictionaries(keys, st.one_of(tricky_strings, json_values), max_size=8))
    if target is model:
        return item
    return draw(st.lists(st.just(item) | json_values, max_size=3))


@st.composite
def mutated_example(draw: st.DrawFn) -> tuple[Any, Any]:
    """(target, body): a documented example with keys dropped, added or given other values."""
    example = draw(st.sampled_from([e for e in EXAMPLES if e["schema"] and e["value"]]))
    schema = example["schema"]
    inner = schema.removeprefix("array[").removesuffix("]")
    if inner not in MODELS:
        target: Any = list[str]
    else:
        target = list[MODELS[inner]] if schema.startswith("array[") else MODELS[inner]  # type: ignore[valid-type]
    return target, draw(_mutate(example["value"]))


@st.composite
def _mutate(draw: st.DrawFn, value: Any, depth: int = 0) -> Any:
    choice = draw(st.integers(0, 5))
    if choice == 0 or depth > 6:
        return draw(json_values)  # a value of any type where this one stood
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if draw(st.booleans()) and draw(st.booleans()):
                continue  # a field missing
            out[key] = draw(_mutate(item, depth + 1))
        extra = draw(st.dictionaries(st.text(max_size=10), json_values, max_size=2))
        return {**out, **extra}
    if isinstance(value, list):
        return [draw(_mutate(item, depth + 1)) for item in value[:3]]
    return value


def response(body: bytes | str, status: int = 200, headers: dict[str, str] | None = None):
    answer = requests.Response()
    answer._content = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    answer.status_code = status
    answer.encoding = "utf-8"
    answer.reason = "Whatever"
    answer.headers.update(headers or {})
    return answer


def parse_or_typed_error(target: Any, body: bytes | str, status: int = 200) -> Any:
    """The parsed value, or the typed error; any other exception fails the property."""
    try:
        return Transport._parse("GET", "/accounts/x/y", response(body, status), target)
    except errors.ChannelsAPIError as error:
        return error


def _dump(value: Any) -> str:
    return json.dumps(value, allow_nan=True)


@PROPERTY
@given(st.sampled_from(TARGETS), st.data())
def test_any_json_in_the_shape_of_a_model_parses_or_is_a_malformed_response(target, data):
    value = data.draw(shaped_like(target))
    outcome = parse_or_typed_error(target, _dump(value))
    assert isinstance(outcome, errors.MalformedResponse | BaseModel | list)


@PROPERTY
@given(mutated_example())
def test_a_documented_example_with_fields_missing_added_or_retyped_never_escapes(pair):
    target, value = pair
    outcome = parse_or_typed_error(target, _dump(value))
    assert isinstance(outcome, errors.MalformedResponse | BaseModel | list)


@PROPERTY
@given(st.sampled_from(TARGETS), json_values)
def test_a_value_of_the_wrong_type_is_a_malformed_response_or_read_as_empty(target, value):
    outcome = parse_or_typed_error(target, _dump(value))
    assert isinstance(outcome, errors.MalformedResponse | BaseModel | list)


@PROPERTY
@given(st.sampled_from(TARGETS), st.data())
def test_a_truncated_body_is_a_malformed_response(target, data):
    text = _dump(data.draw(shaped_like(target)))
    assume(len(text) > 1)
    cut = data.draw(st.integers(min_value=1, max_value=len(text) - 1))
    outcome = parse_or_typed_error(target, text[:cut])
    # A cut can leave valid JSON ("[1" no, "12" yes): then it is read like any other value.
    assert isinstance(outcome, errors.MalformedResponse | BaseModel | list)


@PROPERTY
@given(
    st.sampled_from(TARGETS),
    st.text(min_size=1).filter(lambda t: t.strip() and not _is_json(t)) | st.binary(min_size=1),
)
def test_text_that_is_not_json_with_status_200_is_a_malformed_response(target, body):
    outcome = parse_or_typed_error(target, body)
    if isinstance(body, bytes) and _is_json(body.decode("utf-8", "replace")):
        return
    if isinstance(body, bytes) and not body.decode("utf-8", "replace").strip():
        assert outcome is None  # an empty answer is fine (NOTES.md rule 21)
        return
    assert isinstance(outcome, errors.MalformedResponse)
    assert outcome.status == 200


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


# Every timestamp field of every model (the API names them all ...OnUtc / ...SinceUtc).
TIMESTAMP_FIELDS = sorted(
    (name, field.alias or field_name)
    for name, model in MODELS.items()
    for field_name, field in model.model_fields.items()
    if field_name.endswith("_utc")
)
timestamps_as_written = st.builds(
    # A naive moment with an offset written after it, as a server would: near the ends of the
    # calendar the moment in UTC falls outside it.
    lambda moment, hours, text: (
        text if text is not None else f"{moment.isoformat()}{hours:+03d}:00"
    ),
    st.datetimes() | st.sampled_from([datetime.min, datetime.max]),
    st.integers(-23, 23),
    st.none() | st.none() | st.text(max_size=30),
)


@PROPERTY
@given(st.sampled_from(TIMESTAMP_FIELDS), timestamps_as_written)
def test_any_moment_with_any_offset_in_any_timestamp_field_parses_or_is_malformed(where, stamp):
    model_name, alias = where
    outcome = parse_or_typed_error(MODELS[model_name], _dump({alias: stamp}))
    assert isinstance(outcome, errors.MalformedResponse | BaseModel)


CHANNEL = MODELS["ApiChannel"]


@pytest.mark.parametrize("depth", [10_000, 100_000])
@pytest.mark.parametrize("target", [MODELS["ApiChannels"], list[CHANNEL]])
def test_a_body_nested_deeper_than_the_decoder_goes_is_a_malformed_response(target, depth):
    for body in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth):
        assert isinstance(parse_or_typed_error(target, body), errors.MalformedResponse)


def test_a_timestamp_whose_utc_moment_falls_outside_the_calendar_is_malformed():
    for stamp in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"):
        outcome = parse_or_typed_error(MODELS["ApiChannelRequest"], _dump({"createdOnUtc": stamp}))
        assert isinstance(outcome, errors.MalformedResponse)
        assert "createdOnUtc" in outcome.message


@PROPERTY
@given(
    st.integers(min_value=400, max_value=599),
    json_values.map(_dump) | st.text(max_size=200) | st.just("[" * 5000),
    st.none()
    | st.text(max_size=40)
    | st.sampled_from(
        [
            "120",
            "1e400",
            "inf",
            "nan",
            "-5",
            "Wed, 21 Oct 2015 07:28:00 -0000",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "99999999999999999999",
        ]
    ),
)
def test_any_error_answer_becomes_a_typed_error_with_a_message_in_words(status, body, retry_after):
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    try:
        error = Transport._error_for("GET", "/x", response(body, status, headers))
    except ValueError:
        # requests refuses some header text itself (a newline); not an answer a server sends.
        assume(False)
    assert isinstance(error, errors.HTTPStatusError)
    assert error.status == status
    assert isinstance(error.message, str)
    assert error.message
    if isinstance(error, errors.RateLimited) and error.retry_after is not None:
        assert 0 <= error.retry_after <= errors.MAX_RETRY_AFTER


@PROPERTY
@given(st.text(max_size=60))
def test_retry_after_is_a_bounded_number_of_seconds_or_none_for_any_text(text):
    seconds = errors.parse_retry_after(text)
    assert seconds is None or (math.isfinite(seconds) and 0 <= seconds <= errors.MAX_RETRY_AFTER)


def test_retry_after_as_a_date_without_a_zone_is_read_as_utc():
    now = datetime(2015, 10, 21, 7, 0, tzinfo=UTC)
    assert errors.parse_retry_after("Wed, 21 Oct 2015 07:28:00 -0000", now=now) == 28 * 60


@PROPERTY
@given(st.text(max_size=40) | st.floats(allow_nan=True) | st.integers() | st.datetimes())
def test_a_timestamp_reader_gives_an_aware_utc_moment_or_a_value_error(value):
    try:
        moment = parse_timestamp(value)
    except ValueError:
        return
    if isinstance(moment, datetime):
        assert moment.tzinfo is not None
        assert moment.utcoffset().total_seconds() == 0
    else:
        assert moment is None or moment is value  # handed on for pydantic to judge


@PROPERTY
@given(st.text(max_size=40) | st.floats(allow_nan=True) | st.integers() | st.booleans())
def test_money_is_a_finite_decimal_none_or_a_value_error(value):
    try:
        amount = parse_money(value)
    except ValueError:
        return
    assert amount is None or (isinstance(amount, Decimal) and amount.is_finite())


@PROPERTY
@given(json_values.map(_dump) | st.text(max_size=100))
def test_the_message_of_any_error_body_is_text(body):
    assert isinstance(errors.message_from_body(body, default="x"), str)


# --- end to end, through the sandbox's faults --------------------------------------------------


def _client(sandbox) -> ChannelsClient:
    return ChannelsClient(
        account_id=sandbox.account_id, product_token=sandbox.token, base_url=sandbox.base_url
    )


def _types_path(sandbox) -> str:
    return f"/channels/v1/accounts/{sandbox.account_id}/channels/types"


def test_a_truncated_answer_from_the_server_is_a_malformed_response(sandbox):
    sandbox.fault("GET", _types_path(sandbox), malformed=True)
    with pytest.raises(errors.MalformedResponse) as caught:
        _client(sandbox).channels.list_types()
    assert caught.value.status == 200


def test_plain_text_with_status_200_from_the_server_is_a_malformed_response(sandbox):
    sandbox.fault("GET", _types_path(sandbox), malformed=True, body="<html>Service window</html>")
    with pytest.raises(errors.MalformedResponse):
        _client(sandbox).channels.list_types()


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=st.dictionaries(st.text(max_size=8), json_values, max_size=4) | st.lists(json_values))
def test_any_json_the_server_answers_with_200_parses_or_is_a_malformed_response(sandbox, body):
    sandbox.fault("GET", _types_path(sandbox), status=200, body=body)
    try:
        types = _client(sandbox).channels.list_types()
    except errors.MalformedResponse:
        return
    assert isinstance(types, list)
