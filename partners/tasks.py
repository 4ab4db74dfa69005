"""Mail about organisations, sent by a worker after the transaction that caused it commits, once
per event and person however often the task runs (`kyodo.notifications`)."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

from kyodo.notifications import send_once

from .models import Invitation, Membership, Organisation, OrganisationEvent

RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(acks_late=True, time_limit=60, soft_time_limit=45, **RETRY)
def send_invitation(invitation_id: int) -> int:
    invitation = Invitation.objects.select_related("organisation", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at is not None:
        return 0
    # A renewed invitation (new token, new date) is a new event and is mailed again.
    return len(send_once(
        kind="partners.invitation", key=f"{invitation.pk}@{invitation.created_at.isoformat()}",
        prefix="partners/email/invitation", recipients=[invitation.email],
        context={
            "invitation": invitation,
            "organisation": invitation.organisation,
            "path": reverse("partners:invitation_accept", args=[invitation.token]),
        },
    ))


@shared_task(acks_late=True, time_limit=60, soft_time_limit=45, **RETRY)
def send_organisation_decision(event_id: int) -> int:
    """Tell the representatives that staff verified the organisation or did not (the decision
    recorded as `event_id`)."""
    event = OrganisationEvent.objects.select_related("organisation").filter(pk=event_id).first()
    if event is None or event.to_status == Organisation.Status.PENDING:
        return 0
    organisation = event.organisation
    recipients = organisation.memberships.filter(
        is_active=True, role=Membership.Role.REPRESENTATIVE, user__is_active=True
    ).values_list("user__email", flat=True)
    return len(send_once(
        kind="partners.organisation_decision", key=event.pk, prefix="partners/email/organisation_decision",
        recipients=recipients,
        context={"organisation": organisation, "path": reverse("partners:organisation_members", args=[organisation.pk])},
    ))
