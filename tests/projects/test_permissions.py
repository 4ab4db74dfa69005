"""Each rule answers for each role, with a reason when it says no."""

from __future__ import annotations

import pytest

from projects import permissions as perms

pytestmark = pytest.mark.django_db


def test_every_refusal_carries_a_reason(draft, other_citizen):
    decision = perms.can_edit_proposal(other_citizen, draft)
    assert not decision and decision.reason


@pytest.mark.parametrize(
    ("fixture", "allowed"),
    [("citizen", True), ("other_citizen", False), ("staff", False), ("coordinator", False), ("outsider", False)],
)
def test_only_the_proposing_group_edits_a_draft(request, draft, fixture, allowed):
    assert bool(perms.can_edit_proposal(request.getfixturevalue(fixture), draft)) is allowed


def test_member_without_representative_role_may_still_write(draft, organisation):
    from tests.factories import make_citizen

    member = make_citizen(organisation, role="member")
    assert perms.can_edit_proposal(member, draft)
    assert perms.can_submit_proposal(member, draft)


def test_co_proposer_sees_submitted_but_not_draft(draft, submitted, other_organisation, other_citizen):
    draft.co_proposers.add(other_organisation)
    submitted.co_proposers.add(other_organisation)
    assert not perms.can_view_proposal(other_citizen, draft)
    assert perms.can_view_proposal(other_citizen, submitted)
    assert not perms.can_edit_proposal(other_citizen, submitted)


@pytest.mark.parametrize(
    ("fixture", "manage"),
    [("staff", True), ("other_staff", False), ("admin_user", True), ("coordinator", False), ("citizen", False)],
)
def test_responsible_staff_manage_submitted(request, submitted, fixture, manage):
    assert bool(perms.can_manage_proposal(request.getfixturevalue(fixture), submitted)) is manage


def test_staff_of_the_bureau_manage_a_sections_call(submitted, department):
    from tests.factories import DepartmentFactory, make_staff

    section = DepartmentFactory(name="市民協働推進課", kind="section", parent=department)
    submitted.call.department = section
    submitted.call.save()
    bureau_staff = make_staff(department)
    assert perms.can_manage_proposal(bureau_staff, submitted)


def test_edit_is_allowed_in_brushup_and_not_after(in_brushup, in_screening, citizen):
    assert perms.can_edit_proposal(citizen, in_brushup)
    assert not perms.can_edit_proposal(citizen, in_screening)


def test_screener_rules(in_screening, screener, committee_member, citizen):
    assert perms.can_score_proposal(screener, in_screening)
    assert not perms.can_score_proposal(committee_member, in_screening)  # not assigned
    assert not perms.can_score_proposal(citizen, in_screening)
    assert not perms.can_view_proposal(committee_member, in_screening)


def test_scores_visible_to_member_only_after_own_scores(in_screening, screener, staff):
    from projects import services

    assert not perms.can_see_scores(screener, in_screening)
    assert perms.can_see_scores(staff, in_screening)
    services.scores_submit(
        proposal=in_screening, by=screener,
        scores={c.pk: (3, "") for c in in_screening.call.screening_round.criteria.all()},
    )
    assert perms.can_see_scores(screener, in_screening)


def test_internal_notes_rule(submitted, staff, coordinator, citizen):
    assert perms.can_post_internal_note(staff, submitted)
    assert not perms.can_post_internal_note(coordinator, submitted)
    assert not perms.can_post_internal_note(citizen, submitted)
    assert perms.can_post_message(coordinator, submitted)
