"""What the editor reads on each view: of the version history, one query says how many versions
there are and whether the newest submission still awaits CM.com's approval, which it then
notes as it did before; the review only where the draft's state shows it; the account once."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.reviews.models import Review
from dashboard.studio import versions
from dashboard.studio.models import TemplateVersion

HX = {"HX-Request": "true"}
SURVEY = "Hi {{1}}, how was your visit? Answer three questions and win a prize."


def _version_reads(queries: CaptureQueriesContext) -> list[str]:
    table = TemplateVersion._meta.db_table
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and f'FROM "{table}"' in q["sql"]
    ]


def _history(studio, template_id) -> str:
    count = TemplateVersion.objects.filter(
        account=studio.account, request_id=studio.request_id, template_id=template_id
    ).count()
    assert count > 1  # the submission's save and the submission
    return f"History ({count} versions)"


def _submit_and_wait_an_hour(client, studio, template_id):
    client.post(studio.url("validate", template_id), {"content-english-us": SURVEY}, headers=HX)
    studio.sandbox.advance(3600)
    upstream.invalidate(studio.account)


def test_the_editor_notes_an_approval_and_counts_the_versions(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    _submit_and_wait_an_hour(marketing_client, studio, template_id)

    page = marketing_client.get(studio.url("edit", template_id)).content.decode()

    args = {"account": studio.account, "request_id": studio.request_id, "template_id": template_id}
    approved = versions.last_approved(**args)
    assert approved is not None
    assert approved.contents == {"English (US)": SURVEY}
    assert _history(studio, template_id) in page


def test_an_editor_view_after_the_approval_reads_the_versions_once(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    _submit_and_wait_an_hour(marketing_client, studio, template_id)
    marketing_client.get(studio.url("edit", template_id))  # notes the approval

    with CaptureQueriesContext(connection) as queries:
        page = marketing_client.get(studio.url("edit", template_id)).content.decode()

    assert _history(studio, template_id) in page
    assert len(_version_reads(queries)) == 1, _version_reads(queries)


def _reads_of(model: type, queries: CaptureQueriesContext) -> list[str]:
    table = model._meta.db_table
    return [q["sql"] for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]


def test_the_parts_that_reload_on_every_autosave_read_no_review(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    marketing_client.post(studio.url("draft", template_id), {"name": "x"}, headers=HX)  # saved

    for part in ("preview", "lint"):
        with CaptureQueriesContext(connection) as queries:
            marketing_client.get(studio.url("edit", template_id, part=part), headers=HX)
        assert _reads_of(Review, queries) == [], part
    with CaptureQueriesContext(connection) as queries:
        state = marketing_client.get(
            studio.url("edit", template_id, part="draft-state"), headers=HX
        )
    assert "Request validation" in state.content.decode()
    assert len(_reads_of(Review, queries)) == 1


def test_an_autosave_of_a_saved_draft_reads_the_account_once(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    marketing_client.post(studio.url("draft", template_id), {"name": "x"}, headers=HX)  # saved

    with CaptureQueriesContext(connection) as queries:
        saved = marketing_client.post(studio.url("draft", template_id), {"name": "y"}, headers=HX)

    assert 'id="draft-state"' in saved.content.decode()
    assert len(_reads_of(CMAccount, queries)) == 1, _reads_of(CMAccount, queries)


def test_opening_the_editor_of_a_saved_draft_reads_the_account_once(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    marketing_client.post(studio.url("draft", template_id), {"name": "x"}, headers=HX)  # saved

    with CaptureQueriesContext(connection) as queries:
        page = marketing_client.get(studio.url("edit", template_id))

    assert 'value="x"' in page.content.decode()  # the saved draft, not CM.com's template
    # The page's account is read by its CM.com id; the draft's is that one, not read again.
    by_pk = [
        sql for sql in _reads_of(CMAccount, queries) if 'WHERE "accounts_cmaccount"."id" = ' in sql
    ]
    assert by_pk == []
