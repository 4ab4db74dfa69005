"""Mail about consultations, sent by a worker after the transaction that caused it commits.
Mails carry no individual's name or contact: they say where to look, and the portal applies the
privacy rule."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

from kyodo.notifications import send_once
from partners.models import CoordinatorPosting, StaffPosting

from .models import ConsultationEvent, Referral

RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(acks_late=True, time_limit=60, soft_time_limit=45, **RETRY)
def notify_new_request(event_id: int) -> int:
    """Tell the centre's coordinators that a group asked for a consultation from the portal (the
    request recorded as `event_id`), once each however often the task runs."""
    event = (
        ConsultationEvent.objects.select_related("consultation__centre", "consultation__organisation")
        .filter(pk=event_id, kind=ConsultationEvent.Kind.REQUESTED).first()
    )
    if event is None or not event.consultation.is_new_request:  # already taken: nothing to announce
        return 0
    case = event.consultation
    recipients = CoordinatorPosting.objects.filter(centre=case.centre, user__is_active=True).values_list(
        "user__email", flat=True
    )
    return len(send_once(
        kind="cases.new_request", key=event.pk, prefix="cases/email/new_request", recipients=recipients,
        context={"case": case, "path": reverse("cases:detail", args=[case.pk])},
    ))


@shared_task(acks_late=True, time_limit=60, soft_time_limit=45, **RETRY)
def notify_referral(referral_id: int) -> int:
    """Tell the staff of the department a case was referred to, once each."""
    referral = Referral.objects.select_related("consultation__centre", "department").filter(pk=referral_id).first()
    if referral is None or referral.department_id is None:
        return 0
    recipients = StaffPosting.objects.filter(department=referral.department, user__is_active=True).values_list(
        "user__email", flat=True
    )
    return len(send_once(
        kind="cases.referral", key=referral.pk, prefix="cases/email/referral", recipients=recipients,
        context={"referral": referral, "case": referral.consultation,
                 "path": reverse("cases:detail", args=[referral.consultation_id])},
    ))
