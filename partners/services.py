"""Every write that matters for partners: registering and editing organisations, their
verification, invitations and memberships."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyodo import publiccache
from kyodo.idempotency import create_once
from kyodo.outbox import enqueue_on_commit
from kyodo.workflow import NotAllowed, TransitionError, check_transition

from . import permissions
from .models import (
    ORGANISATION_TRANSITIONS,
    Invitation,
    Membership,
    Organisation,
    OrganisationEvent,
)

S = Organisation.Status


def organisation_register(
    *, data: dict[str, Any], by, submission_key: uuid.UUID | None = None
) -> Organisation:
    """A user registers an organisation: it awaits verification and the user becomes its
    representative. A repeat of the same form submission (`submission_key`) returns the
    organisation it registered."""
    data = dict(data)
    fields = data.pop("fields", [])

    def create() -> Organisation:
        organisation = Organisation(**data, status=S.PENDING, created_by=by, submission_key=submission_key)
        organisation.full_clean()
        organisation.save()
        organisation.fields.set(fields)
        Membership.objects.create(user=by, organisation=organisation, role=Membership.Role.REPRESENTATIVE)
        OrganisationEvent.objects.create(organisation=organisation, actor=by, from_status="", to_status=S.PENDING)
        return organisation

    organisation, _created = create_once(Organisation, by=by, key=submission_key, create=create)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: dict[str, Any], by) -> Organisation:
    """The representative corrects the organisation's details. A rejected organisation goes back
    to awaiting verification."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    decision = permissions.can_edit_organisation(by, organisation)
    if not decision:
        raise NotAllowed(decision.reason)
    data = dict(data)
    fields = data.pop("fields", None)
    for name, value in data.items():
        setattr(organisation, name, value)
    update_fields = [*data.keys(), "updated_at"]
    if organisation.status == S.REJECTED:
        check_transition(ORGANISATION_TRANSITIONS, organisation.status, S.PENDING, S.choices)
        OrganisationEvent.objects.create(organisation=organisation, actor=by, from_status=S.REJECTED, to_status=S.PENDING)
        organisation.status = S.PENDING
        update_fields.append("status")
    organisation.full_clean()
    organisation.save(update_fields=update_fields)
    if fields is not None:
        organisation.fields.set(fields)
    publiccache.changed(publiccache.ORGANISATIONS)
    return organisation


def _move(*, organisation: Organisation, target: str, by, note: str, check) -> Organisation:
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if organisation.status == target:
            if not permissions.can_view_verification_queue(by):
                raise NotAllowed(permissions.can_view_verification_queue(by).reason)
            return organisation  # a repeat of a move already made
        check_transition(ORGANISATION_TRANSITIONS, organisation.status, target, S.choices)
        decision = check(by, organisation)
        if not decision:
            raise NotAllowed(decision.reason)
        source = organisation.status
        organisation.status = target
        organisation.status_note = note
        update_fields = ["status", "status_note", "updated_at"]
        if target == S.VERIFIED:
            organisation.verified_by = by
            organisation.verified_at = timezone.now()
            update_fields += ["verified_by", "verified_at"]
        organisation.save(update_fields=update_fields)
        event = OrganisationEvent.objects.create(
            organisation=organisation, actor=by, from_status=source, to_status=target, note=note
        )
        publiccache.changed(publiccache.ORGANISATIONS)
    from .tasks import send_organisation_decision

    enqueue_on_commit(send_organisation_decision, event.pk)
    return organisation


def organisation_verify(*, organisation: Organisation, by, note: str = "") -> Organisation:
    """City staff confirm the organisation: it appears in the public directory."""
    return _move(
        organisation=organisation, target=S.VERIFIED, by=by, note=note, check=permissions.can_verify_organisation
    )


def organisation_reject(*, organisation: Organisation, by, note: str) -> Organisation:
    """City staff decline to verify, saying why (the note is shown to the organisation)."""
    if not note.strip():
        raise TransitionError(_("Give the reason, so the organisation knows what to correct."))
    return _move(
        organisation=organisation, target=S.REJECTED, by=by, note=note, check=permissions.can_reject_organisation
    )


def invitation_create(*, organisation: Organisation, email: str, role: str, by) -> Invitation:
    """Invite `email` to join; a renewed invitation replaces the open one. The mail is sent after
    commit."""
    email = email.strip().lower()
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        decision = permissions.can_manage_members(by, organisation)
        if not decision:
            raise NotAllowed(decision.reason)
        if organisation.memberships.filter(user__email__iexact=email, is_active=True).exists():
            raise TransitionError(_("This person is already a member."))
        invitation = Invitation.objects.filter(organisation=organisation, email=email, accepted_at__isnull=True).first()
        if invitation is None:
            invitation = Invitation.objects.create(organisation=organisation, email=email, role=role, invited_by=by)
        else:
            fresh = Invitation(organisation=organisation, email=email)
            invitation.role = role
            invitation.invited_by = by
            invitation.token = fresh.token
            invitation.created_at = fresh.created_at
            invitation.expires_at = fresh.expires_at
            invitation.save(update_fields=["role", "invited_by", "token", "created_at", "expires_at"])
    from .tasks import send_invitation

    enqueue_on_commit(send_invitation, invitation.pk)
    return invitation


def invitation_cancel(*, invitation: Invitation, by) -> None:
    with transaction.atomic():
        decision = permissions.can_manage_members(by, invitation.organisation)
        if not decision:
            raise NotAllowed(decision.reason)
        Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).delete()


def _user_owns_email(user, email: str) -> bool:
    from allauth.account.models import EmailAddress

    if user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def invitation_accept(*, invitation: Invitation, by) -> Membership:
    """The invited person, logged in with the invited e-mail address, joins the organisation."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            if invitation.accepted_by_id == by.pk:
                return Membership.objects.get(user=by, organisation=invitation.organisation)
            raise TransitionError(_("This invitation has already been used."))
        if invitation.is_expired:
            raise TransitionError(_("This invitation has expired. Ask the representative for a new one."))
        if not _user_owns_email(by, invitation.email):
            raise NotAllowed(
                _("This invitation was sent to %(email)s. Log in with that address to accept it.")
                % {"email": invitation.email}
            )
        membership, created = Membership.objects.get_or_create(
            user=by, organisation=invitation.organisation, defaults={"role": invitation.role}
        )
        if not created:
            membership.is_active = True
            if invitation.role == Membership.Role.REPRESENTATIVE:
                membership.role = invitation.role
            membership.save(update_fields=["is_active", "role"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = by
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def membership_change_role(*, membership: Membership, role: str, by) -> Membership:
    with transaction.atomic():
        # Lock the organisation so two representatives cannot demote each other at once.
        Organisation.objects.select_for_update().get(pk=membership.organisation_id)
        membership = Membership.objects.select_related("organisation").get(pk=membership.pk)
        if membership.role == role:
            # A repeat: answered only to whoever may manage the members.
            decision = permissions.can_manage_members(by, membership.organisation)
            if not decision:
                raise NotAllowed(decision.reason)
            return membership
        decision = permissions.can_change_membership_role(by, membership, role)
        if not decision:
            raise NotAllowed(decision.reason)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, membership: Membership, by) -> None:
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=membership.organisation_id)
        membership = Membership.objects.select_related("organisation").get(pk=membership.pk)
        if not membership.is_active:
            decision = permissions.can_manage_members(by, membership.organisation)
            if not decision:
                raise NotAllowed(decision.reason)
            return
        decision = permissions.can_remove_membership(by, membership)
        if not decision:
            raise NotAllowed(decision.reason)
        membership.is_active = False
        membership.save(update_fields=["is_active"])
