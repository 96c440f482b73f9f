"""Review steps reach people under the bell, beside the tracker's changes: counted, listed
with a link to the review, and cleared by "Mark all as read"."""

from __future__ import annotations

from django.urls import reverse

from dashboard.reviews.models import ReviewNotification, ReviewSubscription
from tests.dashboard.reviews.conftest import HX, ask, review_url


def test_a_review_asked_is_counted_under_the_subscribers_bell(
    reviewed, marketing_client, second_marketer, second_marketer_client, studio
):
    ReviewSubscription.objects.create(person=second_marketer, account=reviewed)
    ask(marketing_client, studio)
    bell = second_marketer_client.get(reverse("tracker:bell"), headers=HX).content.decode()
    assert ">1<" in bell.replace(" ", "")


def test_the_notifications_page_lists_the_review_step_with_a_link_to_the_review(
    reviewed, marketing_client, second_marketer, second_marketer_client, studio
):
    ReviewSubscription.objects.create(person=second_marketer, account=reviewed)
    review = ask(marketing_client, studio)
    page = second_marketer_client.get(reverse("tracker:notifications")).content.decode()
    assert "Review asked" in page
    assert f'href="{review_url(review)}"' in page
    assert "Mark all 1 as read" in page


def test_mark_all_read_also_reads_the_review_notifications(
    reviewed, marketing_client, second_marketer, second_marketer_client, studio
):
    ReviewSubscription.objects.create(person=second_marketer, account=reviewed)
    ask(marketing_client, studio)
    second_marketer_client.post(reverse("tracker:mark_read"))
    assert not ReviewNotification.objects.filter(
        person=second_marketer, read_at__isnull=True
    ).exists()


def test_review_steps_of_an_account_no_longer_granted_are_neither_counted_nor_listed(
    reviewed, marketing_client, second_marketer, second_marketer_client, studio
):
    ReviewSubscription.objects.create(person=second_marketer, account=reviewed)
    ask(marketing_client, studio)
    reviewed.users.remove(second_marketer)
    page = second_marketer_client.get(reverse("tracker:notifications")).content.decode()
    assert "Review asked" not in page
    bell = second_marketer_client.get(reverse("tracker:bell"), headers=HX).content.decode()
    assert ">1<" not in bell.replace(" ", "")
