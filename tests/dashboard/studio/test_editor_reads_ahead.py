"""The editor's database reads that need no answer from CM.com (the author's saved draft, the
versions, the tracker's items, the review's state) are made while CM.com's reads are away,
not after they answered; what they read shows as it did when read after."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard.reviews.models import Review, ReviewPolicy
from dashboard.studio import selectors
from dashboard.studio.models import TemplateDraft, TemplateVersion
from dashboard.tracker.models import TrackedItem
from tests.dashboard.reviews.conftest import ask
from tests.dashboard.tracker.factories import item

HX = {"HX-Request": "true"}
AHEAD = (TemplateDraft, TemplateVersion, TrackedItem, Review, ReviewPolicy)


def _reads(queries: list[dict], model: type) -> list[str]:
    table = f'FROM "{model._meta.db_table}"'
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith("SELECT") and table in q["sql"]
    ]


def _view_noting_the_wait(client, url, monkeypatch, **extra):
    """The page, and how many queries had been made when the view waited for CM.com."""
    started = selectors.template_parts_started
    waited: list[int] = []

    def noting(*args, **kwargs):
        answer = started(*args, **kwargs)

        def waiting():
            waited.append(len(queries.captured_queries))
            return answer()

        return waiting

    monkeypatch.setattr(selectors, "template_parts_started", noting)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert len(waited) == 1
    return response, queries.captured_queries[: waited[0]], queries.captured_queries[waited[0] :]


def test_the_editor_reads_the_database_before_it_waits_for_cm_com(
    marketing_client, studio, monkeypatch
):
    template_id = studio.template_id("order_confirmation")
    marketing_client.post(studio.url("draft", template_id), {"name": "order_kept"}, headers=HX)
    item(
        studio.account,
        upstream_id=f"{template_id}:en",
        label="order_confirmation · English (US)",
        meta={"template_id": template_id, "language": "English (US)"},
    )

    response, before, after = _view_noting_the_wait(
        marketing_client, studio.url("edit", template_id), monkeypatch
    )

    for model in AHEAD:
        assert _reads(before, model), model.__name__
        assert not _reads(after, model), (model.__name__, _reads(after, model))
    page = response.content.decode()
    assert 'value="order_kept"' in page  # the saved draft, read ahead, is the one shown
    assert "History (0 versions)" in page
    assert 'id="tracked-template-title"' in page
    assert ">English (US)</a>" in page


def test_the_parts_that_show_neither_the_tracker_nor_the_review_read_neither(
    marketing_client, studio, monkeypatch
):
    template_id = studio.template_id("order_confirmation")
    marketing_client.get(studio.url("edit", template_id))  # CM.com's copy cached

    for part in ("preview", "lint", "summary", "fields"):
        _response, before, after = _view_noting_the_wait(
            marketing_client, studio.url("edit", template_id, part=part), monkeypatch, headers=HX
        )
        assert not _reads(before + after, TrackedItem), part
        assert not _reads(before + after, Review), part


def test_a_template_the_tracker_does_not_follow_shows_no_trackers_part(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    page = marketing_client.get(studio.url("edit", template_id)).content.decode()
    assert "tracked-template-title" not in page
    assert '<h2 id="studio-preview-title">' in page


def test_a_review_waiting_is_left_to_be_read_after_the_draft_is_opened(
    marketing_client, studio, account_a
):
    """Whether a waiting review is void depends on the draft as the view opens it (CM.com's
    copy may have changed it): that state is not read ahead. Without one waiting, it is."""
    ReviewPolicy.objects.create(account=account_a, template_validation=True)
    template_id = studio.template_id("spring_sale")
    args = (studio.account, studio.request_id, template_id)
    options = {"can_author": True, "tracked": False, "review": True}

    assert selectors.editor_ahead(*args, **options).review.required

    review = ask(marketing_client, studio)
    assert review.target == template_id
    assert selectors.editor_ahead(*args, **options).review is None
    page = marketing_client.get(studio.url("edit", template_id)).content.decode()
    assert "Waiting for review since" in page


def test_a_reader_has_no_draft_read_ahead(support_client, studio, monkeypatch):
    template_id = studio.template_id("order_confirmation")
    response, before, after = _view_noting_the_wait(
        support_client, studio.url("edit", template_id), monkeypatch
    )
    assert response.status_code == 200
    assert not _reads(before + after, TemplateDraft)
    assert not _reads(before + after, Review)


def test_the_editor_reads_the_database_only_once_cm_coms_reads_have_gone_out(
    marketing_client, studio, monkeypatch
):
    """The database reads made while CM.com answers hold the interpreter lock: begun before
    the worker threads had sent CM.com's three requests, they delayed the last of them (and
    so the page). The editor waits, idle, until each read has started on its worker."""
    events: list[str] = []
    fetch_started, ahead = selectors.upstream.fetch_many_started, selectors.editor_ahead

    def noting_reads(account, calls, **kwargs):
        def noted(call):
            def read(client):
                events.append("read")
                return call(client)

            return read

        return fetch_started(account, {key: noted(call) for key, call in calls.items()}, **kwargs)

    def noting_ahead(*args, **kwargs):
        events.append("database")
        return ahead(*args, **kwargs)

    monkeypatch.setattr(selectors.upstream, "fetch_many_started", noting_reads)
    monkeypatch.setattr(selectors, "editor_ahead", noting_ahead)
    template_id = studio.template_id("order_confirmation")
    response = marketing_client.get(studio.url("edit", template_id))

    assert response.status_code == 200
    assert events == ["read", "read", "read", "database"]
    assert '<h2 id="studio-preview-title">' in response.content.decode()

    events.clear()  # CM.com's copy cached now: nothing goes out, nothing to wait for
    assert marketing_client.get(studio.url("edit", template_id)).status_code == 200
    assert events == ["database"]
