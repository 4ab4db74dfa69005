"""The hide-until-submitted rule, in the permission function and in the queryset."""

from __future__ import annotations

import pytest

from reviews import permissions as perm

from . import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_submitted(review, agreement, staff):
    return rf.submit(review, rf.city(agreement), staff)


def test_party_that_has_not_submitted_cannot_see_the_other_answers(review, city_submitted, citizen):
    decision = perm.can_view_response(citizen, city_submitted)
    assert not decision
    assert decision.reason  # says why: submit your own first
    assert list(perm.visible_responses(citizen, review)) == []


def test_party_sees_its_own_answers(review, city_submitted, staff):
    assert perm.can_view_response(staff, city_submitted)
    assert list(perm.visible_responses(staff, review)) == [city_submitted]


def test_after_submitting_a_party_sees_both(review, agreement, city_submitted, citizen):
    own = rf.submit(review, rf.group(agreement), citizen)
    assert perm.can_view_response(citizen, city_submitted)
    assert set(perm.visible_responses(citizen, review)) == {own, city_submitted}


def test_outsider_sees_nothing(review, city_submitted, outsider, other_staff):
    for user in (outsider, other_staff):
        assert not perm.can_view_response(user, city_submitted)
        assert not perm.visible_responses(user, review).exists()
        assert not perm.can_view_agreement_reviews(user, review.agreement)


def test_admin_sees_answers_only_once_collected(review, agreement, city_submitted, citizen, admin_user):
    assert not perm.visible_responses(admin_user, review).exists()
    rf.submit(review, rf.group(agreement), citizen)
    review.refresh_from_db()
    assert perm.visible_responses(admin_user, review).count() == 2


def test_comparison_waits_for_every_party(review, agreement, city_submitted, staff, citizen):
    assert not perm.can_view_comparison(staff, review)
    rf.submit(review, rf.group(agreement), citizen)
    review.refresh_from_db()
    assert perm.can_view_comparison(staff, review)
    assert perm.can_view_comparison(citizen, review)


def test_report_is_for_staff_coordinators_and_admins(staff, coordinator, admin_user, citizen, outsider):
    assert perm.can_view_report(staff) and perm.can_view_report(coordinator) and perm.can_view_report(admin_user)
    assert not perm.can_view_report(citizen)
    assert not perm.can_view_report(outsider)
