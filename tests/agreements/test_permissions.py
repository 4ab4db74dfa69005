from __future__ import annotations

import pytest

from agreements import permissions as p
from tests import factories as f
from tests.agreements import factories as af

pytestmark = pytest.mark.django_db


def test_parties_see_the_agreement_outsiders_and_other_staff_do_not(agreement, staff, citizen, outsider, other_staff,
                                                                    admin_user):
    assert p.can_view_agreement(staff, agreement) and p.can_view_agreement(citizen, agreement)
    assert p.can_view_agreement(admin_user, agreement)
    assert not p.can_view_agreement(outsider, agreement)
    assert not p.can_view_agreement(other_staff, agreement)


def test_members_may_agree_but_only_representatives_sign(agreement, staff, citizen, organisation):
    member = f.make_citizen(organisation, role="member")
    party = af.group_party(agreement)
    assert p.can_agree_agreement(member, agreement, party)
    af.agree_all(agreement, staff, citizen)
    agreement.refresh_from_db()
    decision = p.can_sign_agreement(member, agreement, party)
    assert not decision and decision.reason
    assert p.can_sign_agreement(citizen, agreement, party)


def test_state_comes_before_role(agreement, staff, citizen):
    assert not p.can_sign_agreement(citizen, agreement, af.group_party(agreement))  # still a draft
    assert not p.can_amend_agreement(staff, agreement)
    assert not p.can_record_paper_signature(staff, agreement)


def test_history_and_retry_are_for_city_staff(agreement, staff, citizen):
    assert p.can_view_history(staff, agreement) and not p.can_view_history(citizen, agreement)
    assert p.can_retry_render(staff, agreement) and not p.can_retry_render(citizen, agreement)
