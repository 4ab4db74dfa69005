from __future__ import annotations

import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from reviews import demo
from reviews.models import ItemRating, MilestoneReminder, PartyReviewResponse, Review

from . import factories as rf

pytestmark = pytest.mark.django_db


def test_rating_outside_1_to_5_is_refused_by_the_database(review, agreement, staff):
    response = rf.submit(review, rf.city(agreement), staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemRating.objects.filter(response=response).update(score=6)


def test_one_response_per_party(review, agreement, staff):
    response = rf.submit(review, rf.city(agreement), staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyReviewResponse.objects.create(review=review, party=response.party, submitted_at=response.submitted_at,
                                           submitted_by=staff)


def test_one_reminder_per_milestone_and_kind(milestone):
    MilestoneReminder.objects.create(milestone=milestone, kind="due")
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneReminder.objects.create(milestone=milestone, kind="due")


def test_held_review_needs_a_decision(review):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(status="decided")


def test_demo_skips_without_the_agreement(db):
    out = io.StringIO()
    demo.load(out)
    assert "skipped" in out.getvalue()


@pytest.mark.parametrize("model", ["review", "projecttarget", "partyreviewresponse", "milestonereminder",
                                   "reviewpublicationapproval", "reviewevent", "itemrating", "checksheetanswer",
                                   "targetresult"])
def test_admin_lists_every_model(admin_client, review, model):
    assert admin_client.get(reverse(f"admin:reviews_{model}_changelist") + "?q=R8").status_code == 200


def test_admin_review_page_shows_status_read_only(admin_client, review):
    page = admin_client.get(reverse("admin:reviews_review_change", args=[review.pk])).content.decode()
    assert 'name="status"' not in page
