from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import translation

from accounts.models import CityRole
from partners.models import Membership
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_citizen_sees_organisations_with_their_role(client, citizen, organisation, other_organisation):
    f.MembershipFactory(user=citizen, organisation=other_organisation, role=Membership.Role.MEMBER)
    client.force_login(citizen)

    html = client.get(reverse("accounts:me")).content.decode()

    assert organisation.name in html and other_organisation.name in html
    with translation.override("ja"):
        assert str(Membership.Role.REPRESENTATIVE.label) in html
        assert str(Membership.Role.MEMBER.label) in html
    assert reverse("mfa_index") in html


def test_inactive_membership_is_not_listed(client, outsider, organisation):
    f.MembershipFactory(user=outsider, organisation=organisation, is_active=False)
    client.force_login(outsider)

    html = client.get(reverse("accounts:me")).content.decode()

    assert organisation.name not in html
    assert "まだ団体に所属していません" in html


def test_staff_sees_department_and_two_factor_state(client, staff, department):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)

    html = client.get(reverse("accounts:me")).content.decode()

    assert department.name in html
    assert "市職員" in html
    assert "二要素認証はオンです" in html


def test_coordinator_and_committee_member_see_their_postings(client, coordinator, centre):
    CityRole.objects.create(user=coordinator, role=CityRole.Role.COMMITTEE)
    client.force_login(coordinator)

    html = client.get(reverse("accounts:me")).content.decode()

    assert centre.name in html
    assert "コーディネーター" in html
    assert "審査委員" in html
