"""The shell every page stands on: nav by role, CSRF and the loading indicator for htmx,
toasts, vendored static files under a strict CSP, and error pages in the product's look."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders


def test_the_base_page_sends_csrf_on_every_htmx_request_and_shows_a_loading_indicator(
    support_client, account_a
):
    body = support_client.get(f"/a/{account_a.account_id}/").content.decode()
    match = re.search(
        r"<body hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}' hx-indicator=\"#loading\">", body
    )
    assert match
    assert len(match.group(1)) >= 32
    assert 'id="loading" class="htmx-indicator' in body


def test_htmx_and_pico_are_served_from_static_not_a_cdn(support_client, account_a):
    body = support_client.get(f"/a/{account_a.account_id}/").content.decode()
    assert '<script src="/static/vendor/htmx/htmx.min.js" defer>' in body
    assert 'href="/static/vendor/pico/pico.min.css"' in body
    assert "://" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', body))
    htmx = Path(finders.find("vendor/htmx/htmx.min.js")).read_text()
    assert 'version:"2.' in htmx.replace(" ", "")


def test_the_page_has_no_inline_script_and_a_strict_csp(support_client, account_a):
    response = support_client.get(f"/a/{account_a.account_id}/")
    body = response.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body) == []
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert '"allowEval":false' in body
    assert '"includeIndicatorStyles":false' in body


def test_the_navigation_follows_the_role(admin_client, support_client, marketing_client, account_a):
    admin = admin_client.get(f"/a/{account_a.account_id}/").content.decode()
    support = support_client.get(f"/a/{account_a.account_id}/").content.decode()
    marketing = marketing_client.get(f"/a/{account_a.account_id}/").content.decode()
    for link in ('href="/manage/accounts/"', 'href="/manage/people/"', 'href="/manage/audit/"'):
        assert link in admin
        assert link not in support
        assert link not in marketing


def test_the_account_switcher_lists_only_granted_accounts(support_client, account_a, account_b):
    body = support_client.get(f"/a/{account_a.account_id}/").content.decode()
    assert "Account A" in body
    assert "Account B" not in body


def test_several_toasts_on_one_response_are_all_kept():
    from django.http import HttpResponse

    from dashboard.core.htmx import toast, trigger

    response = trigger(HttpResponse(), "account-saved", {"id": 1})
    toast(response, "Saved")
    toast(response, "Also saved", "info")
    assert json.loads(response["HX-Trigger"]) == {
        "account-saved": {"id": 1},
        "toast": {
            "items": [
                {"level": "success", "message": "Saved"},
                {"level": "info", "message": "Also saved"},
            ]
        },
    }


def test_django_messages_on_an_htmx_response_arrive_as_toasts(rf, admin_user):
    from django.contrib.messages import success
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponse
    from django_htmx.middleware import HtmxDetails

    from dashboard.core.middleware import HtmxMessagesMiddleware

    request = rf.get("/", headers={"HX-Request": "true"})
    request.htmx = HtmxDetails(request)
    request.session = {}
    request._messages = FallbackStorage(request)

    def view(req):
        success(req, "Webhook added.")
        return HttpResponse("<div id='x'></div>")

    response = HtmxMessagesMiddleware(view)(request)
    assert '"message": "Webhook added."' in response["HX-Trigger"]


def test_a_full_page_shows_django_messages_in_the_toast_area(admin_client, account_a):
    response = admin_client.post(f"/manage/accounts/{account_a.account_id}/test/", follow=True)
    body = response.content.decode()
    assert re.search(
        r'<div class="toast toast-success" role="status">\s*<span>Account A: Working', body
    )


def test_the_403_page_says_in_words_they_have_no_access(marketing_client, db):
    response = marketing_client.get("/manage/accounts/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "You don't have access to this page" in body
    assert "/static/vendor/pico/pico.min.css" in body


def test_the_404_page_is_in_the_products_look(support_client, db):
    response = support_client.get("/nothing-here/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "/static/app/app.css" in response.content.decode()


def test_the_500_page_renders_without_a_request_context(rf):
    from dashboard.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_the_phone_viewport_is_set(support_client, account_a):
    body = support_client.get(f"/a/{account_a.account_id}/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in body


def test_package_json_pins_the_vendored_versions():
    import json

    package = json.loads((Path(settings.BASE_DIR) / "package.json").read_text())
    for name, version in package["devDependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), name
    assert package["devDependencies"]["htmx.org"].startswith("2.")


def test_a_refused_form_says_it_expired_in_the_products_look(admin_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post("/manage/accounts/add/", {"name": "x"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_no_template_comment_or_tag_shows_on_the_page(support_client, account_a, client):
    for page in (
        support_client.get(f"/a/{account_a.account_id}/").content.decode(),
        client.get("/login/").content.decode(),
    ):
        for marker in ("{#", "#}", "{%", "%}"):
            assert marker not in page


def test_every_page_names_its_icon_so_browsers_do_not_ask_for_a_missing_favicon(
    support_client, account_a
):
    page = support_client.get(f"/a/{account_a.account_id}/").content.decode()
    assert 'rel="icon"' in page
    assert "/static/app/favicon" in page
