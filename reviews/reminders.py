"""Milestone reminders: which are due, queued once each, and how one is sent."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from agreements.models import AgreementMilestone
from kyodo.notifications import send_once
from kyodo.outbox import enqueue_on_commit

from . import selectors
from .models import MilestoneReminder


def queue_reminders(today: dt.date | None = None) -> list[int]:
    """Create a reminder row for each milestone due within `KYODO_REMINDER_DAYS_BEFORE` days and
    each overdue one, unless it already has one of that kind; the mail is queued after commit of
    the same transaction, so a reminder is sent once or (if the row rolls back) not at all."""
    from .tasks import send_milestone_reminder

    today = today or timezone.localdate()
    wanted = [
        (selectors.due_soon_milestones(today), MilestoneReminder.Kind.DUE),
        (selectors.overdue_milestones(today), MilestoneReminder.Kind.OVERDUE),
    ]
    queued: list[int] = []
    for milestones, kind in wanted:
        for milestone_id in milestones.exclude(reminders__kind=kind).values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    reminder = MilestoneReminder.objects.create(milestone_id=milestone_id, kind=kind)
                    enqueue_on_commit(send_milestone_reminder, reminder.pk)
            except IntegrityError:
                continue  # another beat run queued it first
            queued.append(reminder.pk)
    return queued


def send_reminder(reminder_id: int) -> int:
    """Send one queued reminder to every party's contacts; a sent reminder is not sent again.
    Returns how many people were mailed."""
    with transaction.atomic():
        reminder = (
            MilestoneReminder.objects.select_for_update().select_related("milestone__agreement")
            .filter(pk=reminder_id).first()
        )
        if reminder is None or reminder.sent_at is not None:
            return 0
        milestone: AgreementMilestone = reminder.milestone
        recipients = selectors.party_contacts(milestone.agreement)
        sent = send_once(
            kind=f"reviews.reminder_{reminder.kind}", key=reminder.pk, prefix=f"reviews/email/reminder_{reminder.kind}",
            recipients=recipients,
            context={"milestone": milestone, "agreement": milestone.agreement, "reminder": reminder},
        )
        reminder.sent_at = timezone.now()
        reminder.recipients = recipients
        reminder.save(update_fields=["sent_at", "recipients"])
        return len(sent)
