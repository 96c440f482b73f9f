"""Text from CM.com on the copy's pages stays text: a template's content in the preview's lint,
and CM.com's words of a refusal kept on a run (the page sweep lists the run page as showing
the dashboard's own rows; these are those rows with hostile text in them)."""

from __future__ import annotations

from django.test import Client

from dashboard.copying.models import CopyRun
from tests.dashboard.copying.conftest import Copy
from tests.dashboard.security.inert import ATTRIBUTE, IMAGE, SCRIPT, assert_inert, escaped


def test_hostile_content_in_the_preview_is_shown_as_characters(
    admin_client: Client, copy: Copy
) -> None:
    hostile = copy.source.make(
        "hostile_content", {"English (US)": f"Hello {{{{x{IMAGE}}}}} and {SCRIPT} thanks."}
    )

    page = admin_client.get(copy.url("preview", **copy.choices([hostile]))).content.decode()

    assert_inert(page)
    assert escaped(IMAGE) in page


def test_hostile_text_in_a_copy_run_is_inert(admin_client: Client, copy: Copy) -> None:
    made = copy.source.make("hostile_refusal", {"English (US)": "Plain text, thank you."})
    words = f"Refused {SCRIPT}{ATTRIBUTE}"
    target_templates = (
        f"/accounts/{copy.target.account.account_id}/whatsapp/{copy.target.request_id}/templates"
    )
    copy.sandbox.fault("POST", target_templates, status=400, body={"message": words})

    admin_client.post(copy.url("start"), copy.choices([made]))
    run = CopyRun.objects.get()
    url = f"/a/{copy.source.account.account_id}/copies/{run.public_id}/"
    page = admin_client.get(url).content.decode()

    assert_inert(page)
    assert escaped(words) in page
