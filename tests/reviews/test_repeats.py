"""A repeated review move returns the existing result only to someone who could have made it."""

from __future__ import annotations

import pytest

from kyodo.workflow import NotAllowed
from reviews import services
from reviews.models import ReviewDecision

from . import factories as rf

pytestmark = pytest.mark.django_db


def test_a_repeated_opening_is_refused_to_an_outsider(review, milestone, citizen, outsider):
    assert services.review_open(milestone=milestone, by=citizen).pk == review.pk
    with pytest.raises(NotAllowed):
        services.review_open(milestone=milestone, by=outsider)


def test_a_repeated_response_is_refused_to_the_other_party(review, agreement, staff, citizen):
    rf.submit(review, rf.city(agreement), staff)
    with pytest.raises(NotAllowed):
        rf.submit(review, rf.city(agreement), citizen)


@pytest.fixture
def decided(review, agreement, staff, citizen):
    rf.submit(review, rf.city(agreement), staff)
    rf.submit(review, rf.group(agreement), citizen)
    return services.review_record_decision(
        review=review, effect_vs_alone="単独より多くの子どもが参加した。", beneficiary_satisfaction="高い",
        problems="", course_corrections="", decision=ReviewDecision.CONTINUE, by=staff,
    )


def test_a_repeated_decision_is_refused_to_an_outsider(decided, outsider):
    with pytest.raises(NotAllowed):
        services.review_record_decision(
            review=decided, effect_vs_alone="", beneficiary_satisfaction="", problems="", course_corrections="",
            decision=ReviewDecision.CONTINUE, by=outsider,
        )


def test_an_unchanged_summary_and_a_repeated_approval_are_refused_to_an_outsider(decided, agreement, staff, outsider):
    services.review_set_summary(review=decided, text="月2回のプレイパークを継続します。", by=staff)
    services.review_approve_publication(review=decided, party=rf.city(agreement), by=staff)
    with pytest.raises(NotAllowed):
        services.review_set_summary(review=decided, text="月2回のプレイパークを継続します。", by=outsider)
    with pytest.raises(NotAllowed):
        services.review_approve_publication(review=decided, party=rf.city(agreement), by=outsider)
