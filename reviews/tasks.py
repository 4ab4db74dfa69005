"""Celery tasks: beat runs `send_milestone_reminders` daily; each reminder is its own task."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError

TRANSIENT = (SMTPException, OSError, OperationalError, InterfaceError)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_milestone_reminders() -> int:
    from kyodo.tenancy import each_city

    from .reminders import queue_reminders

    return sum(len(queue_reminders()) for _city in each_city())


@shared_task(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=TRANSIENT, retry_backoff=5,
    retry_backoff_max=300, max_retries=5, soft_time_limit=60, time_limit=90,
)
def send_milestone_reminder(reminder_id: int) -> int:
    from .reminders import send_reminder

    return send_reminder(reminder_id)


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=240, time_limit=300)
def refresh_yearly_reports() -> None:
    """Beat, every five minutes: recompute, for every city, this and last fiscal year's report and
    consultation analysis in every language so that no visitor waits for the aggregation."""
    from django.conf import settings
    from django.utils import translation

    from cases.selectors import cached_consultation_counts
    from kyodo.fiscal import current_fiscal_year
    from kyodo.tenancy import each_city

    from .report import cached_yearly_report

    if not settings.KYODO_REPORT_CACHE_SECONDS:
        return
    current = current_fiscal_year()
    for _city in each_city():
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for fy in (current, current - 1):
                    cached_yearly_report(fy, refresh=True)
                    cached_consultation_counts(fy, refresh=True)  # the coordinators' analysis
