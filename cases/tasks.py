"""Mail about consultations, sent by a worker after the transaction that caused it commits.
Mails carry no individual's name or contact: they say where to look, and the portal applies the
privacy rule."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

from kyodo.mail import send_templated_mail
from partners.models import CoordinatorPosting, StaffPosting

from .models import Consultation, Referral

RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(acks_late=True, time_limit=60, soft_time_limit=45, **RETRY)
def notify_new_request(consultation_id: int) -> int:
    """Tell the centre's coordinators that a group asked for a consultation from the portal."""
    case = Consultation.objects.select_related("centre", "organisation").filter(pk=consultation_id).first()
    if case is None or not case.is_new_request:  # already taken: nothing to announce
        return 0
    recipients = CoordinatorPosting.objects.filter(centre=case.centre).values_list("user__email", flat=True)
    return send_templated_mail(
        "cases/email/new_request", list(recipients),
        {"case": case, "path": reverse("cases:detail", args=[case.pk])},
    )


@shared_task(acks_late=True, time_limit=60, soft_time_limit=45, **RETRY)
def notify_referral(referral_id: int) -> int:
    """Tell the staff of the department a case was referred to."""
    referral = Referral.objects.select_related("consultation__centre", "department").filter(pk=referral_id).first()
    if referral is None or referral.department_id is None:
        return 0
    recipients = list(StaffPosting.objects.filter(department=referral.department).values_list("user__email", flat=True))
    return send_templated_mail(
        "cases/email/referral", recipients,
        {"referral": referral, "case": referral.consultation,
         "path": reverse("cases:detail", args=[referral.consultation_id])},
    )
