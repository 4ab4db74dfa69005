from __future__ import annotations

import pytest
from django.urls import reverse

from partners import permissions
from partners.models import Membership
from tests.factories import OrganisationFactory, make_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(organisation):
    return make_citizen(organisation, role=Membership.Role.MEMBER)


# who → (can see private pages, can edit / manage members, can verify)
MATRIX = {
    "citizen": (True, True, False),
    "member": (True, False, False),
    "other_citizen": (False, False, False),
    "outsider": (False, False, False),
    "staff": (True, False, True),
    "coordinator": (True, False, False),
    "committee_member": (False, False, False),
    "admin_user": (True, True, True),
}


@pytest.mark.parametrize(("who", "expected"), MATRIX.items())
def test_permission_matrix(request, organisation, citizen, who, expected):
    user = request.getfixturevalue(who)
    pending = OrganisationFactory(pending=True)
    if who in {"citizen", "member"}:
        # Their own pending organisation: members still cannot verify it.
        role = Membership.Role.REPRESENTATIVE if who == "citizen" else Membership.Role.MEMBER
        Membership.objects.create(user=user, organisation=pending, role=role)
    see, manage, verify = expected
    assert bool(permissions.can_view_organisation_private(user, organisation)) is see
    assert bool(permissions.can_edit_organisation(user, organisation)) is manage
    assert bool(permissions.can_manage_members(user, organisation)) is manage
    assert bool(permissions.can_verify_organisation(user, pending)) is verify


@pytest.mark.parametrize(("who", "expected"), MATRIX.items())
def test_members_page_status_code_by_role(client, request, organisation, citizen, who, expected):
    user = request.getfixturevalue(who)
    client.force_login(user)
    status = client.get(reverse("partners:organisation_members", args=[organisation.pk])).status_code
    assert status == (200 if expected[0] else 404)
    edit = client.get(reverse("partners:organisation_edit", args=[organisation.pk])).status_code
    assert edit == (200 if expected[1] else 403 if expected[0] else 404)


def test_denials_say_why(outsider, organisation):
    decision = permissions.can_edit_organisation(outsider, organisation)
    assert not decision and decision.reason


def test_verified_organisation_cannot_be_verified_again(staff, organisation):
    decision = permissions.can_verify_organisation(staff, organisation)
    assert not decision and decision.reason
