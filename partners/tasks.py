"""Mail about organisations, sent by a worker after the transaction that caused it commits."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

from kyodo.mail import send_templated_mail

from .models import Invitation, Membership, Organisation

RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(acks_late=True, time_limit=60, soft_time_limit=45, **RETRY)
def send_invitation(invitation_id: int) -> int:
    invitation = Invitation.objects.select_related("organisation", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at is not None:
        return 0
    return send_templated_mail(
        "partners/email/invitation",
        [invitation.email],
        {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "path": reverse("partners:invitation_accept", args=[invitation.token]),
        },
    )


@shared_task(acks_late=True, time_limit=60, soft_time_limit=45, **RETRY)
def send_organisation_decision(organisation_id: int) -> int:
    """Tell the representatives that staff verified the organisation or did not."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or organisation.status == Organisation.Status.PENDING:
        return 0
    recipients = organisation.memberships.filter(
        is_active=True, role=Membership.Role.REPRESENTATIVE
    ).values_list("user__email", flat=True)
    return send_templated_mail(
        "partners/email/organisation_decision",
        list(recipients),
        {"organisation": organisation, "path": reverse("partners:organisation_members", args=[organisation.pk])},
    )
