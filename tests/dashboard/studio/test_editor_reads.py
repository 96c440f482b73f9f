"""What the editor reads of the version history on each view: one query says how many versions
there are and whether the newest submission still awaits CM.com's approval, which it then
notes as it did before."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard import upstream
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
