from __future__ import annotations

import pytest
from django.core import mail

from partners import services
from partners.models import Invitation, Membership, Organisation, OrganisationEvent
from partners.tasks import send_invitation, send_organisation_decision
from tests.factories import OrganisationFactory, UserFactory, WardFactory, make_citizen
from tests.partners.factories import InvitationFactory

pytestmark = pytest.mark.django_db
S = Organisation.Status


def registration_data(**overrides):
    return {
        "name": "港南台こども食堂", "name_kana": "コウナンダイコドモショクドウ", "kind": Organisation.Kind.CIVIC_GROUP,
        "representative_name": "港南 花子", "postal_code": "234-0054", "ward": WardFactory(name="港南区"),
        "address": "横浜市港南区港南台1-1", "phone": "045-800-1234", "email": "shokudo@example.jp", "fields": [],
        **overrides,
    }


# --- Registration ---------------------------------------------------------------------------
def test_registering_makes_the_user_representative_and_awaits_verification(outsider):
    organisation = services.organisation_register(data=registration_data(), by=outsider)
    assert organisation.status == S.PENDING
    assert organisation.created_by == outsider
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (outsider, Membership.Role.REPRESENTATIVE)
    assert OrganisationEvent.objects.filter(organisation=organisation, to_status=S.PENDING).count() == 1


# --- Verification ---------------------------------------------------------------------------
@pytest.fixture
def pending(db):
    organisation = OrganisationFactory(pending=True)
    make_citizen(organisation)
    return organisation


def test_staff_verifies_a_pending_organisation(pending, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        services.organisation_verify(organisation=pending, by=staff, note="確認しました")
    pending.refresh_from_db()
    assert pending.status == S.VERIFIED
    assert pending.verified_by == staff and pending.verified_at is not None
    event = OrganisationEvent.objects.get(organisation=pending, to_status=S.VERIFIED)
    assert (event.actor, event.from_status) == (staff, S.PENDING)
    assert len(callbacks) == 2  # the decision mail and the public pages' refresh, after commit
    assert Organisation.objects.public().filter(pk=pending.pk).exists()


def test_verifying_twice_is_harmless(pending, staff):
    services.organisation_verify(organisation=pending, by=staff)
    services.organisation_verify(organisation=pending, by=staff)
    assert OrganisationEvent.objects.filter(organisation=pending, to_status=S.VERIFIED).count() == 1


@pytest.mark.parametrize("who", ["citizen", "coordinator", "outsider", "committee_member"])
def test_only_city_staff_or_admins_verify(pending, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(services.NotAllowed):
        services.organisation_verify(organisation=pending, by=user)
    pending.refresh_from_db()
    assert pending.status == S.PENDING


def test_admin_verifies(pending, admin_user):
    services.organisation_verify(organisation=pending, by=admin_user)
    pending.refresh_from_db()
    assert pending.status == S.VERIFIED


def test_reject_needs_a_note_and_records_it(pending, staff):
    with pytest.raises(services.TransitionError):
        services.organisation_reject(organisation=pending, by=staff, note="  ")
    services.organisation_reject(organisation=pending, by=staff, note="所在地を確認できません")
    pending.refresh_from_db()
    assert (pending.status, pending.status_note) == (S.REJECTED, "所在地を確認できません")


def test_rejected_organisation_returns_to_pending_when_the_representative_edits_it(pending, staff):
    services.organisation_reject(organisation=pending, by=staff, note="電話番号が違います")
    representative = pending.memberships.get().user
    services.organisation_update(organisation=pending, data={"phone": "045-800-9999"}, by=representative)
    pending.refresh_from_db()
    assert (pending.status, pending.phone) == (S.PENDING, "045-800-9999")


def test_a_plain_member_cannot_edit(organisation):
    member = make_citizen(organisation, role=Membership.Role.MEMBER)
    with pytest.raises(services.NotAllowed):
        services.organisation_update(organisation=organisation, data={"phone": "045-800-9999"}, by=member)


def test_decision_mail_goes_to_the_representatives(pending, staff):
    services.organisation_verify(organisation=pending, by=staff)
    assert send_organisation_decision(pending.events.order_by("pk").last().pk) == 1
    assert mail.outbox[0].to == [pending.memberships.get().user.email]


# --- Invitations ----------------------------------------------------------------------------
def test_invitation_mail_is_sent_after_commit(citizen, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        invitation = services.invitation_create(
            organisation=organisation, email="New@Example.jp", role=Membership.Role.MEMBER, by=citizen
        )
        assert mail.outbox == []
    assert invitation.email == "new@example.jp"
    assert len(callbacks) == 1
    send_invitation(invitation.pk)  # what the worker runs
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.jp"]
    assert f"/partners/invitations/{invitation.token}/" in mail.outbox[0].body


def test_inviting_the_same_address_again_renews_the_invitation(citizen, organisation):
    first = services.invitation_create(organisation=organisation, email="a@example.jp", role="member", by=citizen)
    second = services.invitation_create(organisation=organisation, email="a@example.jp", role="member", by=citizen)
    assert first.pk == second.pk
    assert Invitation.objects.get().token == second.token != first.token


def test_a_plain_member_cannot_invite(organisation):
    member = make_citizen(organisation, role=Membership.Role.MEMBER)
    with pytest.raises(services.NotAllowed):
        services.invitation_create(organisation=organisation, email="a@example.jp", role="member", by=member)


def test_accepting_requires_the_invited_address(organisation):
    invitation = InvitationFactory(organisation=organisation, email="invited@example.jp")
    with pytest.raises(services.NotAllowed):
        services.invitation_accept(invitation=invitation, by=UserFactory(email="someone@example.jp"))
    invited = UserFactory(email="invited@example.jp")
    membership = services.invitation_accept(invitation=invitation, by=invited)
    assert (membership.organisation, membership.role, membership.is_active) == (organisation, "member", True)
    invitation.refresh_from_db()
    assert invitation.accepted_by == invited
    # A repeat by the same person is harmless; by anyone else it is refused.
    assert services.invitation_accept(invitation=invitation, by=invited) == membership
    with pytest.raises(services.TransitionError):
        services.invitation_accept(invitation=invitation, by=UserFactory())


def test_expired_invitation_cannot_be_accepted(organisation):
    from datetime import timedelta

    from django.utils import timezone

    invitation = InvitationFactory(
        organisation=organisation, email="late@example.jp", expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(services.TransitionError):
        services.invitation_accept(invitation=invitation, by=UserFactory(email="late@example.jp"))


# --- Memberships ----------------------------------------------------------------------------
def test_the_last_representative_cannot_be_removed_or_demoted(citizen, organisation):
    membership = Membership.objects.get(user=citizen, organisation=organisation)
    with pytest.raises(services.NotAllowed):
        services.membership_remove(membership=membership, by=citizen)
    with pytest.raises(services.NotAllowed):
        services.membership_change_role(membership=membership, role="member", by=citizen)


def test_representative_changes_roles_and_removes_members(citizen, organisation):
    member = make_citizen(organisation, role=Membership.Role.MEMBER)
    membership = Membership.objects.get(user=member)
    services.membership_change_role(membership=membership, role="representative", by=citizen)
    membership.refresh_from_db()
    assert membership.role == "representative"
    # With two representatives, one may step down.
    own = Membership.objects.get(user=citizen)
    services.membership_change_role(membership=own, role="member", by=citizen)
    services.membership_remove(membership=own, by=member)
    own.refresh_from_db()
    assert own.is_active is False
    services.membership_remove(membership=own, by=member)  # repeat: harmless


def test_a_repeat_by_someone_who_may_not_verify_is_refused(pending, staff, outsider):
    services.organisation_verify(organisation=pending, by=staff)
    with pytest.raises(services.NotAllowed):
        services.organisation_verify(organisation=pending, by=outsider)


def test_verified_organisation_cannot_be_verified_from_rejected_by_a_citizen(pending, staff, citizen):
    services.organisation_reject(organisation=pending, by=staff, note="確認できません")
    with pytest.raises(services.NotAllowed):
        services.organisation_verify(organisation=pending, by=citizen)
