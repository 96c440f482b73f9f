"""The channel page's add forms, "Send a test event" buttons and form fields, written in
Python (issue 19: each was an include with its own URL reversal, words and form template):
the same forms, in the person's language, for the people who may use them, with what a person
or CM.com wrote escaped."""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace

from django.template import Context, Template
from django.utils import timezone, translation

from dashboard.channels.forms import MessagingLogForm, WebhookForm

ACCOUNT = SimpleNamespace(account_id=uuid.UUID("8d5c1a6e-3b1f-4c2a-9e57-2f6b1d0c9a11"))
CHANNEL = "a18241e2-33fe-4d30-a885-b7c8d3f07b6c"
ENDPOINT = "9265cde6-2971-4f01-a83a-59f80242b345"
BASE = f"/a/{ACCOUNT.account_id}/channels/{CHANNEL}"

ADD = Template(
    "{% load configuration_tags %}"
    '{% add_form "channels:webhook_add" "webhook-items" title="Add a webhook" form=form '
    'button="Add webhook" error=error outcome=outcome endpoint_fields=True %}'
)
PROBE = Template(
    "{% load configuration_tags %}"
    "{% probe_form action item_id kind endpoint_id hidden=hidden noun=noun %}"
)
FIELDS = Template("{% load configuration_tags %}{% form_fields form %}")


def _context(**extra: object) -> Context:
    values = {
        "account": ACCOUNT,
        "channel_id": CHANNEL,
        "csrf_token": "the-token",
        "can": {"EDIT_CONFIGURATION": True},
        **extra,
    }
    return Context(values)


def test_the_add_form_posts_to_the_channels_route_and_swaps_its_list():
    html = ADD.render(_context(form=WebhookForm(prefix="webhook-add"), error="", outcome=None))
    assert f'action="{BASE}/configuration/webhooks/add/"' in html
    assert f'hx-post="{BASE}/configuration/webhooks/add/"' in html
    assert 'hx-target="#webhook-items"' in html
    assert 'name="csrfmiddlewaretoken" value="the-token"' in html
    assert '<div class="ch-endpoint-fields">' in html
    assert '<button type="submit" class="small">Add webhook</button>' in html


def test_an_empty_add_form_is_in_the_persons_language_after_someone_elses():
    with translation.override("en"):
        english = ADD.render(_context(form=WebhookForm(prefix="webhook-add")))
    with translation.override("nl"):
        dutch = ADD.render(_context(form=WebhookForm(prefix="webhook-add")))
    assert ">Method:</label>" in english
    assert ">Methode:</label>" in dutch


def test_a_refused_add_comes_back_with_what_was_typed_its_message_and_the_refusal_escaped():
    form = WebhookForm(
        {"webhook-add-url": "ftp://files.example.com/<in>", "webhook-add-method": "GET"},
        prefix="webhook-add",
    )
    form.is_valid()
    html = ADD.render(_context(form=form, error="CM.com said <no>", outcome=None))
    assert 'value="ftp://files.example.com/&lt;in&gt;"' in html
    assert 'id="id_webhook-add-url_error"' in html
    assert '<p class="form-errors" role="alert">CM.com said &lt;no&gt;</p>' in html
    assert "<in>" not in html
    assert "<no>" not in html


def test_an_add_whose_answer_was_lost_says_what_the_check_found_instead_of_the_button():
    outcome = SimpleNamespace(
        message="CM.com's answer was lost <and>", state="unknown", ok=False, may_resend=False
    )
    html = ADD.render(_context(form=WebhookForm(prefix="webhook-add"), outcome=outcome))
    assert "CM.com&#x27;s answer was lost &lt;and&gt;" in html
    assert f'<a href="{BASE}/">See what CM.com has now</a>' in html
    assert "Add webhook</button>" not in html


def test_an_add_that_surely_did_not_happen_may_be_sent_again():
    outcome = SimpleNamespace(message="Not sent.", state="not_done", ok=False, may_resend=True)
    with translation.override("nl"):
        html = ADD.render(_context(form=WebhookForm(prefix="webhook-add"), outcome=outcome))
    assert '<button type="submit">Opnieuw versturen</button>' in html


def _probe(**extra: object) -> str:
    values = {
        "action": "channels:webhook_test",
        "item_id": ENDPOINT,
        "kind": "webhook",
        "endpoint_id": ENDPOINT,
        "hidden": "webhook https://hooks.example.com/<x>",
        "noun": "webhook",
        "endpoint_histories": {},
        **extra,
    }
    return PROBE.render(_context(**values))


def test_the_test_button_posts_for_its_endpoint_and_says_which_to_a_screen_reader():
    html = _probe()
    assert f'action="{BASE}/configuration/webhooks/{ENDPOINT}/test/"' in html
    assert f'hx-target="#probe-webhook-{ENDPOINT}"' in html
    assert f'<div id="probe-webhook-{ENDPOINT}" class="ch-probe" aria-live="polite">' in html
    assert (
        '<span class="visually-hidden"> to webhook https://hooks.example.com/&lt;x&gt;</span>'
        in html
    )


def test_the_customer_contact_endpoints_test_posts_to_the_channels_own_route():
    html = _probe(action="channels:customer_contact_test", item_id=None, kind="customer-contact")
    assert f'action="{BASE}/configuration/customer-contact/test/"' in html


def test_only_people_who_may_edit_the_configuration_get_the_test_button():
    html = PROBE.render(
        Context(
            {
                "account": ACCOUNT,
                "channel_id": CHANNEL,
                "can": {"BROWSE": True},
                "action": "channels:webhook_test",
                "item_id": ENDPOINT,
                "kind": "webhook",
                "endpoint_id": ENDPOINT,
                "hidden": "x",
                "noun": "webhook",
            }
        )
    )
    assert html.strip() == ""


def test_the_endpoints_last_tests_show_under_its_button_in_the_persons_language():
    tests = [
        SimpleNamespace(
            created_at=datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC),
            actor_username="ada",
            answered=False,
            status=None,
            elapsed_ms=None,
            failure="refused <here>",
        )
    ]
    with translation.override("nl"), timezone.override("Europe/Amsterdam"):
        html = _probe(endpoint_histories={f"webhook:{ENDPOINT}": tests})
    assert "Testgebeurtenis versturen" in html
    assert "<td>ada</td>" in html
    assert "<td>refused &lt;here&gt;</td>" in html
    assert "1 mei 2026" in html


def test_the_messaging_log_form_shows_the_state_it_was_given():
    on = FIELDS.render(Context({"form": MessagingLogForm(initial={"enabled": "true"})}))
    off = FIELDS.render(Context({"form": MessagingLogForm(initial={"enabled": "false"})}))
    assert 'value="true" required id="id_enabled_0" checked>' in on
    assert 'value="false" required id="id_enabled_1">' in on
    assert 'value="false" required id="id_enabled_1" checked>' in off
    assert 'value="true" required id="id_enabled_0">' in off
