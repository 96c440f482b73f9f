"""A template's validation under review: asking sends nothing, a reviewer's approval sends it
exactly once, the author (even an admin) cannot approve, a changed template voids the review,
and a reviewer can send it back with a comment the author sees on the template."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from dashboard.audit.models import AccessEvent, AccessKind, AuditEntry
from dashboard.reviews import services
from dashboard.reviews.models import Review, ReviewKind, ReviewState
from dashboard.studio.models import TemplateDraft
from tests.dashboard.reviews.conftest import (
    FIXED,
    HX,
    ask,
    body,
    review_url,
    validate_calls,
    writes,
)
from tests.dashboard.tracker.conftest import _sqlite_readers_never_wait as sqlite_readers_never_wait


def test_without_review_the_button_requests_validation_as_before(marketing_client, studio):
    template_id = studio.template_id("spring_sale")
    page = body(marketing_client.get(studio.url("edit", template_id)))
    assert ">Request validation</button>" in page
    assert "Ask for review" not in page
    response = marketing_client.post(
        studio.url("validate", template_id), {"content-english-us": FIXED}, headers=HX
    )
    assert "Validation requested" in body(response)
    assert len(validate_calls(studio, template_id)) == 1
    assert not Review.objects.exists()


def test_with_review_required_the_button_asks_for_review(reviewed, marketing_client, studio):
    template_id = studio.template_id("spring_sale")
    page = body(marketing_client.get(studio.url("edit", template_id)))
    assert ">Ask for review</button>" in page
    assert ">Request validation</button>" not in page


def test_asking_for_review_keeps_exactly_what_would_be_sent_and_sends_nothing(
    reviewed, marketing_client, marketing_user, studio
):
    template_id = studio.template_id("spring_sale")
    studio.sandbox.clear_log()
    response = marketing_client.post(
        studio.url("validate", template_id), {"content-english-us": FIXED}, headers=HX
    )
    assert "Review asked: nothing is sent to CM.com until another person approves." in body(
        response
    )
    assert writes(studio) == []
    review = Review.objects.get()
    assert (review.kind, review.target, review.state) == (
        ReviewKind.TEMPLATE_VALIDATION,
        template_id,
        ReviewState.WAITING,
    )
    assert review.author == marketing_user
    assert review.label == "Template spring_sale"
    assert review.payload["contents"] == {"English (US)": FIXED}
    assert review.payload["request_id"] == studio.request_id
    assert [f["name"] for f in review.payload["fields"]] == ["customer_name", "discount_code"]
    assert review.fingerprint
    assert AuditEntry.objects.filter(action="review.ask", actor=marketing_user).count() == 1
    # The draft keeps the text; CM.com still has the old one.
    assert "Enjoy 20% off everything this week." not in (
        studio.get(template_id).languages["English (US)"].content
    )


def test_while_a_review_waits_the_editor_says_since_when_and_by_whom(
    asked, marketing_client, studio
):
    page = body(marketing_client.get(studio.url("edit", asked.target)))
    assert "Waiting for review since" in page
    assert "asked by mia" in page
    assert "Ask for review</button>" not in page
    assert review_url(asked) in page


def test_asking_again_while_one_waits_says_so_and_asks_nothing_new(
    asked, second_marketer_client, studio
):
    response = second_marketer_client.post(
        studio.url("validate", asked.target), {"content-english-us": FIXED}, headers=HX
    )
    assert "Review was already asked by mia; it is waiting." in body(response)
    assert Review.objects.count() == 1
    assert writes(studio) == []


def test_lint_errors_block_asking_for_review(reviewed, marketing_client, studio):
    template_id = studio.template_id("spring_sale")
    response = marketing_client.post(studio.url("validate", template_id), {}, headers=HX)
    assert "Fix 1 error before asking for review." in body(response)
    assert not Review.objects.exists()


def test_the_review_page_shows_what_would_be_sent_and_the_checks(asked, admin_client):
    page = body(admin_client.get(review_url(asked)))
    assert "Review: Template spring_sale" in page
    assert "Request validation of <strong>spring_sale</strong>" in page
    assert "Approve and send to CM.com" in page
    assert "Checks" in page


def test_an_approval_sends_the_validation_once_as_the_reviewer(
    asked, admin_client, admin_user, studio
):
    response = admin_client.post(review_url(asked, "approve"), follow=True)
    assert "Validation requested" in body(response)
    assert validate_calls(studio, asked.target) == [
        studio.template_path(asked.target) + "/validate"
    ]
    asked.refresh_from_db()
    assert asked.state == ReviewState.SENT
    assert asked.reviewer == admin_user
    assert "Validation requested" in asked.outcome
    template = studio.get(asked.target)
    assert template.status == "validation_requested"
    assert template.languages["English (US)"].content == FIXED
    sent = AuditEntry.objects.get(action="template.request_validation")
    assert sent.actor == admin_user
    assert AuditEntry.objects.filter(action="review.approve").count() == 1
    assert AuditEntry.objects.filter(action="review.send", outcome="ok").count() == 1


def test_a_double_click_sends_once(asked, admin_client, studio):
    admin_client.post(review_url(asked, "approve"), headers=HX)
    second = admin_client.post(review_url(asked, "approve"), headers=HX)
    assert "This review was already decided: Approved and sent." in body(second)
    assert len(validate_calls(studio, asked.target)) == 1


def test_two_reviewers_at_once_send_once(asked, admin_client, second_marketer_client, studio):
    admin_client.post(review_url(asked, "approve"))
    second_marketer_client.post(review_url(asked, "approve"))
    assert len(validate_calls(studio, asked.target)) == 1
    assert AuditEntry.objects.filter(action="review.send").count() == 1


def test_the_author_cannot_approve_their_own_review_even_as_an_admin(
    reviewed, admin_client, studio
):
    review = ask(admin_client, studio)
    studio.sandbox.clear_log()
    response = admin_client.post(review_url(review, "approve"))
    assert response.status_code == 403
    assert "You asked for this review: another person has to decide it." in body(response)
    response = admin_client.post(review_url(review, "send_back"), {"comment": "mine"})
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.state == ReviewState.WAITING
    assert writes(studio) == []
    page = body(admin_client.get(review_url(review)))
    assert "Approve and send" not in page


def test_a_person_without_the_right_cannot_decide(asked, support_client, studio):
    response = support_client.post(review_url(asked, "approve"))
    assert response.status_code == 403
    assert "Only someone who may do this themselves can review it." in body(response)
    assert writes(studio) == []


def test_a_refusal_recorded_in_english_reads_in_dutch_for_the_admin_who_reads_it(
    asked, support_client, admin_client, admin_user, studio
):
    support_client.post(review_url(asked, "approve"), HTTP_ACCEPT_LANGUAGE="en")
    refused = AccessEvent.objects.get(kind=AccessKind.FORBIDDEN)
    assert refused.detail == "Only someone who may do this themselves can review it."
    admin_user.language = "nl"
    admin_user.save(update_fields=["language"])
    page = body(admin_client.get(reverse("audit:access")))
    assert "Alleen iemand die dit zelf mag doen, kan het beoordelen." in page
    assert "Only someone who may do this themselves" not in page


def test_another_accounts_review_is_not_found(asked, admin_client, account_b, studio):
    from django.urls import reverse

    for name in ("reviews:review", "reviews:approve", "reviews:send_back"):
        url = reverse(name, args=[account_b.account_id, asked.public_id])
        method = admin_client.get if name == "reviews:review" else admin_client.post
        assert method(url).status_code == 404
    assert writes(studio) == []
    asked.refresh_from_db()
    assert asked.state == ReviewState.WAITING


def test_typing_after_asking_voids_the_review_and_the_editor_says_so(
    asked, marketing_client, studio
):
    changed = FIXED.replace("this week", "this month")
    response = marketing_client.post(
        studio.url("draft", asked.target), {"content-english-us": changed}, headers=HX
    )
    asked.refresh_from_db()
    assert asked.state == ReviewState.VOID
    assert asked.outcome == "The template changed after review was asked: ask again."
    assert "The last review is void: The template changed after review was asked" in body(response)
    assert ">Ask for review</button>" in body(
        marketing_client.get(studio.url("edit", asked.target))
    )
    assert AuditEntry.objects.filter(action="review.void").count() == 1
    assert writes(studio) == []


def test_approving_a_review_of_a_template_changed_since_sends_nothing(asked, admin_client, studio):
    # Changed behind the editor's back (another tab, a copy): the approval finds it out.
    draft = TemplateDraft.objects.get(template_id=asked.target)
    draft.contents = {**draft.contents, "English (US)": FIXED + " Really."}
    draft.save()
    response = admin_client.post(review_url(asked, "approve"), follow=True)
    assert "Nothing was sent: The template changed after review was asked: ask again." in body(
        response
    )
    asked.refresh_from_db()
    assert asked.state == ReviewState.VOID
    assert writes(studio) == []


def test_sending_back_needs_a_comment_and_keeps_what_was_typed(asked, admin_client, studio):
    response = admin_client.post(review_url(asked, "send_back"), {"comment": "   "}, headers=HX)
    assert "Say what should change: the author sees your comment." in body(response)
    asked.refresh_from_db()
    assert asked.state == ReviewState.WAITING


def test_a_sent_back_review_shows_its_comment_to_the_author_on_the_template(
    asked, admin_client, marketing_client, studio
):
    comment = "Say which products: 20% off everything is too broad."
    admin_client.post(review_url(asked, "send_back"), {"comment": comment})
    asked.refresh_from_db()
    assert (asked.state, asked.comment) == (ReviewState.SENT_BACK, comment)
    page = body(marketing_client.get(studio.url("edit", asked.target)))
    assert "Sent back by ada" in page
    assert comment in page
    assert ">Ask for review</button>" in page
    assert writes(studio) == []
    assert AuditEntry.objects.filter(action="review.send_back").count() == 1


def test_a_refused_validation_is_a_failed_review_in_cm_words(asked, admin_client, studio):
    path = studio.template_path(asked.target) + "/validate"
    studio.sandbox.fault(
        "POST",
        f"/channels/v1/accounts/{studio.account.account_id}{path}",
        status=400,
        body={"message": "The template text is not allowed"},
    )
    response = admin_client.post(review_url(asked, "approve"), follow=True)
    asked.refresh_from_db()
    assert asked.state == ReviewState.FAILED
    assert "The template text is not allowed" in asked.outcome
    assert "The template text is not allowed" in body(response)
    assert response.status_code == 200


def _approve_in_thread(person, review_id, barrier, outcomes):
    """Approve as ``person`` in this thread, starting with the other thread. The in-memory
    SQLite of the tests refuses a second writer at once ("table is locked") instead of making
    it wait as the product's databases do: an UPDATE refused that way changed nothing, so it
    is sent again."""
    try:
        mine = Review.objects.get(pk=review_id)
        barrier.wait()
        for _attempt in range(100):
            try:
                outcomes.append(services.review_approve(actor=person, review=mine).message)
                return
            except OperationalError as error:
                if "locked" not in str(error):
                    raise
                time.sleep(0.02)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_threads_approving_the_same_review_send_once(
    reviewed, marketing_client, admin_user, second_marketer, studio
):
    review = ask(marketing_client, studio)
    studio.sandbox.clear_log()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    with sqlite_readers_never_wait():
        threads = [
            threading.Thread(target=_approve_in_thread, args=(p, review.pk, barrier, outcomes))
            for p in (admin_user, second_marketer)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(validate_calls(studio, review.target)) == 1
    assert len(outcomes) == 2
    assert sum("already decided" in said for said in outcomes) == 1
    review.refresh_from_db()
    assert review.state == ReviewState.SENT


def test_a_validation_refused_for_an_english_reviewer_is_said_in_dutch_to_a_dutch_author(
    asked, admin_client, marketing_client, marketing_user, studio
):
    """The studio's sentence and upstream's framing are ours, in the reader's language; CM.com's
    words stay as CM.com wrote them."""
    path = studio.template_path(asked.target) + "/validate"
    studio.sandbox.fault(
        "POST",
        f"/channels/v1/accounts/{studio.account.account_id}{path}",
        status=400,
        body={"message": "The template text is not allowed"},
    )
    admin_client.post(review_url(asked, "approve"))
    marketing_user.language = "nl"
    marketing_user.save(update_fields=["language"])

    page = body(marketing_client.get(review_url(asked)))

    assert (
        "Validatie is niet aangevraagd: CM.com weigerde het verzoek: The template text is not "
        "allowed"
    ) in page
    assert "Validation was not requested" not in page


def test_a_validation_an_english_reviewer_requested_is_said_in_dutch_to_a_dutch_author(
    asked, admin_client, marketing_client, marketing_user
):
    admin_client.post(review_url(asked, "approve"))
    marketing_user.language = "nl"
    marketing_user.save(update_fields=["language"])

    page = body(marketing_client.get(review_url(asked)))

    assert "Validatie aangevraagd: WhatsApp beoordeelt het template" in page
    assert "Validation requested" not in page
