"""City staff can work in the admin by virtue of their posting; nobody else gains anything."""

from __future__ import annotations

import pytest

from tests import factories as f


@pytest.mark.django_db
def test_staff_posted_to_a_department_can_open_the_proposal_and_call_admin(client, staff):
    assert staff.has_perm("projects.view_proposal")
    assert staff.has_perm("projects.change_call")
    assert not staff.has_perm("projects.delete_proposal")
    client.force_login(staff)
    assert client.get("/admin/projects/call/").status_code == 200
    assert client.get("/admin/partners/organisation/").status_code == 200


@pytest.mark.django_db
def test_staff_cannot_edit_the_city_rules_or_users(client, staff):
    assert not staff.has_perm("kyodo.change_principle")
    assert not staff.has_perm("accounts.view_user")
    client.force_login(staff)
    assert client.get("/admin/accounts/user/").status_code == 403


@pytest.mark.django_db
def test_consultation_contacts_stay_with_the_coordinators(staff):
    assert not staff.has_perm("cases.view_consultationcontact")


@pytest.mark.django_db
def test_admin_access_flag_without_a_posting_grants_nothing(client):
    user = f.UserFactory(is_staff=True)
    assert not user.has_perm("projects.view_proposal")
    assert not user.has_module_perms("projects")


@pytest.mark.django_db
def test_citizens_and_coordinators_get_no_admin_permissions(citizen, coordinator):
    for user in (citizen, coordinator):
        assert user.get_all_permissions() == set()
