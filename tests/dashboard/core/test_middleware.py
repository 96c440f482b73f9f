"""The shell's middleware: the CSP header built once (``ContentSecurityPolicyMiddleware``) is
the one the settings and django-csp's per-view policies say, on every response it belongs on;
``NoStoreMiddleware`` writes what Django's ``add_never_cache_headers`` would."""

from __future__ import annotations

import pytest
from csp.constants import NONCE, SELF
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django.utils.cache import add_never_cache_headers
from django.utils.http import parse_http_date

from dashboard.core.middleware import ContentSecurityPolicyMiddleware, NoStoreMiddleware
from dashboard.people.models import User

HEADER = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"


def _answer(request: HttpRequest, **marks: object) -> HttpResponse:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("page")
        for name, value in marks.items():
            setattr(response, name, value)
        return response

    return ContentSecurityPolicyMiddleware(view)(request)


def _directives(value: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in value.split(";"))}


def test_every_page_gets_the_settings_policy():
    response = _answer(RequestFactory().get("/"))
    directives = _directives(response[HEADER])
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert REPORT_ONLY not in response


def test_a_changed_policy_setting_shows_on_the_next_response():
    assert "example.org" not in _answer(RequestFactory().get("/"))[HEADER]
    policy = {"DIRECTIVES": {"default-src": [SELF], "img-src": [SELF, "https://example.org"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert "img-src 'self' https://example.org" in _answer(RequestFactory().get("/"))[HEADER]
    assert "example.org" not in _answer(RequestFactory().get("/"))[HEADER]


def test_a_report_only_policy_is_sent_when_the_settings_name_one():
    report = {"DIRECTIVES": {"default-src": [SELF], "report-uri": "/csp-report/"}}
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=report):
        response = _answer(RequestFactory().get("/"))
    assert _directives(response[REPORT_ONLY])["report-uri"] == ["/csp-report/"]
    assert "report-uri" not in response[HEADER]


def test_a_view_with_a_policy_of_its_own_keeps_it():
    response = _answer(RequestFactory().get("/"), _csp_update={"img-src": ["https://cdn.test"]})
    assert "https://cdn.test" in _directives(response[HEADER])["img-src"]


def test_an_exempt_response_and_an_excluded_path_get_no_policy():
    assert HEADER not in _answer(RequestFactory().get("/"), _csp_exempt=True)
    policy = {"DIRECTIVES": {"default-src": [SELF]}, "EXCLUDE_URL_PREFIXES": ["/open/"]}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert HEADER not in _answer(RequestFactory().get("/open/page/"))
        assert HEADER in _answer(RequestFactory().get("/closed/"))


def test_a_header_the_view_set_is_kept():
    response = _answer(RequestFactory().get("/"))
    assert response[HEADER] != "default-src 'none'"

    def view(request: HttpRequest) -> HttpResponse:
        answer = HttpResponse("page")
        answer[HEADER] = "default-src 'none'"
        return answer

    assert ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))[HEADER] == (
        "default-src 'none'"
    )


def test_a_nonce_the_page_used_is_in_its_policy_and_one_asked_for_later_is_an_error():
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(str(request.csp_nonce))  # type: ignore[attr-defined]

    policy = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        response = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))
        assert "nonce-" not in _answer(RequestFactory().get("/"))[HEADER]
    assert f"script-src 'self' 'nonce-{response.content.decode()}'" in response[HEADER]
    later = RequestFactory().get("/")
    _answer(later)
    with pytest.raises(Exception, match="not available after the CSP header"):
        str(later.csp_nonce)  # type: ignore[attr-defined]


def _stored_as(person: object, cache_control: str = "") -> HttpResponse:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("page")
        if cache_control:
            response["Cache-Control"] = cache_control
        return response

    request = RequestFactory().get("/")
    request.user = person  # type: ignore[assignment]
    return NoStoreMiddleware(view)(request)


def test_a_page_gets_the_headers_djangos_never_cache_writes():
    reference = HttpResponse("page")
    add_never_cache_headers(reference)
    for person in (AnonymousUser(), User(username="sam")):
        response = _stored_as(person)
        assert response["Cache-Control"] == reference["Cache-Control"]
        expires = parse_http_date(response["Expires"])
        assert abs(expires - parse_http_date(reference["Expires"])) <= 1


def test_a_signed_in_persons_page_with_caching_of_its_own_is_never_stored_all_the_same():
    response = _stored_as(User(username="sam"), "public, max-age=600")
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private", "max-age=0"} <= directives
    assert "public" not in directives


def test_an_anonymous_answer_with_caching_of_its_own_keeps_it():
    response = _stored_as(AnonymousUser(), "public, max-age=600")
    assert response["Cache-Control"] == "public, max-age=600"
    assert "Expires" not in response
