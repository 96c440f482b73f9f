"""channels_api.errors: the message is found in whichever body shape CM.com uses."""

from datetime import UTC, datetime

import pytest

from channels_api import errors


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"message": "Keyword already claimed", "status": 409}', "Keyword already claimed"),
        ('{"errorCode": 12, "errorMessage": "Unknown number type"}', "Unknown number type"),
        (
            '{"details": [{"message": "url is required"}, {"message": "type is invalid"}]}',
            "url is required; type is invalid",
        ),
        ('{"Message": "case does not matter"}', "case does not matter"),
        ("Service Unavailable", "Service Unavailable"),
        ("", "HTTP 502"),
    ],
)
def test_the_message_is_taken_from_every_documented_body_shape(body, message):
    assert errors.message_from_body(body, default="HTTP 502") == message


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequest),
        (422, errors.BadRequest),
        (401, errors.Unauthorized),
        (403, errors.Forbidden),
        (404, errors.NotFound),
        (409, errors.Conflict),
        (429, errors.RateLimited),
        (500, errors.UpstreamError),
        (503, errors.UpstreamError),
    ],
)
def test_each_status_maps_to_its_error(status, cls):
    assert errors.error_class_for(status) is cls


def test_retry_after_is_read_as_seconds_or_as_a_date():
    now = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)
    assert errors.parse_retry_after("7") == 7.0
    assert errors.parse_retry_after("Fri, 27 Nov 2026 12:00:30 GMT", now=now) == 30.0
    assert errors.parse_retry_after("soon") is None


def test_an_error_says_method_path_status_and_message():
    error = errors.NotFound("Template not found", method="GET", path="/accounts/x/t/1", status=404)
    assert str(error) == "GET /accounts/x/t/1 (404): Template not found"
    assert "Template not found" in repr(error)
