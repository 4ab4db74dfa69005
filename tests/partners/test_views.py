from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import Invitation, Membership, Organisation
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    FieldFactory,
    OrganisationFactory,
    SupportCentreFactory,
    UserFactory,
    WardFactory,
    make_citizen,
)
from tests.partners.factories import ORGANISATION_POST, InvitationFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"partners:{name}", args=args)


# --- Public directory -----------------------------------------------------------------------
def test_directory_lists_only_verified_public_organisations(client):
    shown = OrganisationFactory(name="港南台生き生きプレイパーク")
    OrganisationFactory(name="審査中の団体", pending=True)
    OrganisationFactory(name="非公開の団体", is_public=False)
    response = client.get(url("organisation_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert shown.name in content
    assert "審査中の団体" not in content and "非公開の団体" not in content


def test_directory_filters_by_kind_ward_and_field(client):
    ward = WardFactory(name="港南区")
    field = FieldFactory(name="子育て")
    match = OrganisationFactory(name="合う団体", ward=ward, kind="npo")
    match.fields.add(field)
    OrganisationFactory(name="区が違う団体", kind="npo").fields.add(field)
    OrganisationFactory(name="種類が違う団体", ward=ward, kind="company").fields.add(field)
    response = client.get(url("organisation_list"), {"kind": "npo", "ward": ward.pk, "field": field.pk})
    content = response.content.decode()
    assert "合う団体" in content
    assert "区が違う団体" not in content and "種類が違う団体" not in content


def test_directory_query_count_does_not_grow_with_organisations(client, django_assert_max_num_queries):
    def make(n):
        for _ in range(n):
            organisation = OrganisationFactory()
            organisation.fields.add(FieldFactory(), FieldFactory())

    make(3)
    with django_assert_max_num_queries(8) as few:
        client.get(url("organisation_list"))
    make(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("organisation_list"))
    assert response.status_code == 200


def test_bad_filter_value_is_not_an_error(client):
    assert client.get(url("organisation_list"), {"ward": "abc", "page": "zz"}).status_code == 200


def test_public_profile_never_shows_members_emails(client, citizen, organisation):
    response = client.get(url("organisation_detail", organisation.pk))
    assert response.status_code == 200
    assert organisation.email in response.content.decode()
    assert citizen.email not in response.content.decode()


def test_pending_profile_is_404_for_the_public_and_visible_to_members(client, db):
    organisation = OrganisationFactory(pending=True)
    member = make_citizen(organisation)
    assert client.get(url("organisation_detail", organisation.pk)).status_code == 404
    client.force_login(member)
    assert client.get(url("organisation_detail", organisation.pk)).status_code == 200


def test_department_and_centre_directories_are_public(client):
    bureau = DepartmentFactory(name="市民局")
    bureau.children.create(name="市民協働推進課", kind="section", phone="045-000-0000")
    SupportCentreFactory(name="港南区民活動支援センター", phone="045-841-9361")
    content = client.get(url("department_list")).content.decode()
    assert "市民協働推進課" in content
    content = client.get(url("centre_list")).content.decode()
    assert "045-841-9361" in content


# --- Registration -----------------------------------------------------------------------------
def test_registering_requires_login(client):
    response = client.get(url("organisation_create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_user_registers_an_organisation_in_the_form(client, outsider):
    client.force_login(outsider)
    ward = WardFactory(name="港南区")
    response = client.post(url("organisation_create"), {**ORGANISATION_POST, "ward": ward.pk})
    organisation = Organisation.objects.get(name="港南台こども食堂")
    assert response.status_code == 302
    assert response["Location"] == url("organisation_members", organisation.pk)
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.postal_code == "234-0054"
    assert Membership.objects.get(organisation=organisation).user == outsider
    assert "港南台こども食堂" in client.get(url("my_organisations")).content.decode()


def test_invalid_registration_rerenders_with_errors_and_input(client, outsider):
    client.force_login(outsider)
    response = client.post(url("organisation_create"), {**ORGANISATION_POST, "name_kana": "Konandai"})
    assert response.status_code == 200
    assert 'value="Konandai"' in response.content.decode()
    assert not Organisation.objects.exists()


# --- Private pages: members, edit -------------------------------------------------------------
@pytest.mark.parametrize("name", ["organisation_members", "organisation_edit"])
def test_outsider_gets_404_on_another_groups_private_pages(client, other_citizen, organisation, name):
    client.force_login(other_citizen)
    assert client.get(url(name, organisation.pk)).status_code == 404


def test_outsider_gets_404_on_member_actions(client, other_citizen, organisation, citizen):
    client.force_login(other_citizen)
    membership = Membership.objects.get(user=citizen)
    assert client.post(url("invitation_create", organisation.pk), {"email": "x@example.jp", "role": "member"}).status_code == 404
    assert client.post(url("membership_remove", membership.pk)).status_code == 404


def test_plain_member_sees_members_but_gets_403_on_representative_actions(client, organisation, citizen):
    member = make_citizen(organisation, role=Membership.Role.MEMBER)
    client.force_login(member)
    response = client.get(url("organisation_members", organisation.pk))
    assert response.status_code == 200
    assert citizen.email not in response.content.decode()  # only representatives see e-mails
    assert client.get(url("organisation_edit", organisation.pk)).status_code == 403
    assert client.post(url("invitation_create", organisation.pk), {"email": "x@example.jp", "role": "member"}).status_code == 403
    rep = Membership.objects.get(user=citizen)
    assert client.post(url("membership_remove", rep.pk)).status_code == 403
    assert client.post(url("membership_role", rep.pk), {"role": "member"}).status_code == 403


def test_representative_edits_details(client, citizen, organisation):
    client.force_login(citizen)
    form = client.get(url("organisation_edit", organisation.pk))
    assert form.status_code == 200
    post = {**ORGANISATION_POST, "name": organisation.name, "phone": "045-111-2222"}
    response = client.post(url("organisation_edit", organisation.pk), post)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.phone == "045-111-2222"


def test_representative_invites_by_email(client, citizen, organisation):
    client.force_login(citizen)
    response = client.post(url("invitation_create", organisation.pk), {"email": "ｎｅｗ@example.jp", "role": "member"})
    assert response.status_code == 302
    assert Invitation.objects.get(organisation=organisation).email == "new@example.jp"


def test_invalid_invitation_keeps_input(client, citizen, organisation):
    client.force_login(citizen)
    response = client.post(url("invitation_create", organisation.pk), {"email": "not-an-address", "role": "member"})
    assert response.status_code == 400
    assert 'value="not-an-address"' in response.content.decode()


def test_removing_the_last_representative_shows_a_message_not_an_error(client, citizen, organisation):
    client.force_login(citizen)
    membership = Membership.objects.get(user=citizen)
    response = client.post(url("membership_remove", membership.pk), follow=True)
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.is_active
    assert len(list(response.context["messages"])) == 1


def test_invitee_accepts_after_logging_in(client, organisation):
    invitation = InvitationFactory(organisation=organisation, email="invitee@example.jp")
    accept = url("invitation_accept", invitation.token)
    response = client.get(accept)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    invitee = UserFactory(email="invitee@example.jp")
    assert client.login(email=invitee.email, password=PASSWORD)
    assert client.get(accept).status_code == 200
    response = client.post(accept)
    assert response.status_code == 302
    assert Membership.objects.filter(user=invitee, organisation=organisation, is_active=True).exists()


def test_wrong_account_cannot_accept_an_invitation(client, organisation, outsider):
    invitation = InvitationFactory(organisation=organisation, email="invitee@example.jp")
    client.force_login(outsider)
    response = client.post(url("invitation_accept", invitation.token))
    assert response.status_code == 200
    assert not Membership.objects.filter(user=outsider).exists()


# --- Verification ---------------------------------------------------------------------------
def test_staff_see_the_queue_and_verify(client, staff):
    pending = OrganisationFactory(name="審査待ちの団体", pending=True)
    client.force_login(staff)
    response = client.get(url("verification_queue"))
    assert response.status_code == 200 and "審査待ちの団体" in response.content.decode()
    assert client.get(url("organisation_members", pending.pk)).status_code == 200
    response = client.post(url("organisation_verify", pending.pk), {"note": ""})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.VERIFIED


def test_rejecting_without_a_note_is_refused_with_a_message(client, staff):
    pending = OrganisationFactory(pending=True)
    client.force_login(staff)
    response = client.post(url("organisation_reject", pending.pk), {"note": ""}, follow=True)
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING


@pytest.mark.parametrize("who", ["citizen", "coordinator", "committee_member", "outsider"])
def test_non_staff_cannot_use_the_queue(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("verification_queue")).status_code == 403


def test_member_cannot_verify_own_organisation(client, db):
    pending = OrganisationFactory(pending=True)
    member = make_citizen(pending)
    client.force_login(member)
    assert client.post(url("organisation_verify", pending.pk), {"note": ""}).status_code == 403
    other = make_citizen()
    client.force_login(other)
    assert client.post(url("organisation_verify", pending.pk), {"note": ""}).status_code == 404


def test_home_shows_my_organisations_and_the_queue(client, citizen, staff):
    client.force_login(citizen)
    assert "港南台生き生きプレイパーク" in client.get("/").content.decode()
    client.force_login(staff)
    assert reverse("partners:verification_queue") in client.get("/").content.decode()


def test_duplicate_corporate_number_is_a_form_error(client, outsider):
    OrganisationFactory(corporate_number="7123456789012")
    client.force_login(outsider)
    response = client.post(url("organisation_create"), {**ORGANISATION_POST, "corporate_number": "７１２３４５６７８９０１２"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Organisation.objects.count() == 1
