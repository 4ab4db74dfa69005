"""The privacy rule for every role: an individual's name and contact are visible only to the
coordinators of the case's centre and to city staff of a department the case is referred to;
everybody else who may see the case sees 個人（匿名）; outsiders get 404."""

import pytest
from django.template import Context, Template

from cases import permissions, services
from tests import factories as f

pytestmark = pytest.mark.django_db
NAME, CONTACT, ANONYMOUS = "港南 花子", "hanako@example.jp", "個人（匿名）"


@pytest.fixture
def referred_case(case, coordinator, department):
    services.consultation_refer(consultation=case, department=department, by=coordinator)
    return case


ROLES = {
    # role fixture: (sees the case, sees the personal details)
    "coordinator": (True, True),
    "other_coordinator": (False, False),
    "staff": (True, True),  # of the department the case is referred to
    "other_staff": (False, False),
    "citizen": (True, False),  # member of the case's organisation
    "other_citizen": (False, False),
    "committee_member": (False, False),
    "admin_user": (True, False),
    "outsider": (False, False),
}


@pytest.mark.parametrize(("role", "expected"), ROLES.items())
def test_permission_functions_for_every_role(request, referred_case, role, expected):
    user = request.getfixturevalue(role)
    assert (bool(permissions.can_view_consultation(user, referred_case)),
            permissions.can_see_personal_details(user, referred_case)) == expected


@pytest.mark.parametrize(("role", "expected"), ROLES.items())
def test_case_page_for_every_role(request, client, referred_case, role, expected):
    sees_case, sees_personal = expected
    client.force_login(request.getfixturevalue(role))
    response = client.get(f"/cases/{referred_case.pk}/")
    if not sees_case:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert referred_case.summary in html
    assert (NAME in html, CONTACT in html) == (sees_personal, sees_personal)
    assert (ANONYMOUS in html) == (not sees_personal)


def test_anonymous_visitor_is_sent_to_log_in(client, referred_case):
    response = client.get(f"/cases/{referred_case.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_not_referred_until_the_referral(client, case, coordinator, staff, department):
    client.force_login(staff)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    services.consultation_refer(consultation=case, department=department, by=coordinator)
    assert NAME in client.get(f"/cases/{case.pk}/").content.decode()


def test_a_staff_member_of_a_sibling_department_is_not_referred(case, coordinator, department):
    sibling = f.make_staff(f.DepartmentFactory(name="港南区役所"))
    services.consultation_refer(consultation=case, department=department, by=coordinator)
    assert not permissions.can_see_personal_details(sibling, case)


def test_citizen_of_the_organisation_does_not_see_the_coordinators_notes(client, case, citizen):
    case.response = "内部メモ：区の担当者と調整中"
    case.save()
    client.force_login(citizen)
    assert "内部メモ" not in client.get(f"/cases/{case.pk}/").content.decode()


def test_citizen_who_asked_sees_their_request(client, centre, organisation, citizen):
    case = services.consultation_request(centre=centre, organisation=organisation, summary="法人化の相談", question="q", by=citizen)
    client.force_login(citizen)
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert "法人化の相談" in client.get("/cases/mine/").content.decode()


@pytest.mark.parametrize(("role", "expected"), ROLES.items())
def test_proposal_side_tag_respects_privacy(request, referred_case, organisation, role, expected):
    from tests.cases.factories import ProposalFactory

    proposal = ProposalFactory(organisation=organisation)
    referred_case.proposal = proposal
    referred_case.save()
    user = request.getfixturevalue(role)
    html = Template("{% load cases_tags %}{% proposal_consultations proposal user %}").render(
        Context({"proposal": proposal, "user": user})
    )
    sees_case, sees_personal = expected
    assert (referred_case.summary in html) == sees_case
    assert (NAME in html) == sees_personal
    assert CONTACT not in html  # the tag never shows contact details


def test_analysis_is_for_coordinators_and_city_staff(coordinator, staff, citizen, committee_member, outsider):
    assert permissions.can_view_analysis(coordinator)
    assert permissions.can_view_analysis(staff)
    assert not permissions.can_view_analysis(citizen)
    assert not permissions.can_view_analysis(committee_member)
    assert not permissions.can_view_analysis(outsider)
