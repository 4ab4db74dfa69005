"""Milestone reminders: due and overdue, each sent once, from a real beat schedule entry."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.utils import timezone

from reviews.models import MilestoneReminder
from reviews.reminders import queue_reminders, send_reminder
from tests import factories as f

from . import factories as rf

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def contacts(organisation, department, citizen, staff):
    member = f.make_citizen(organisation, role="member")
    organisation.email = "info@playpark.example.jp"
    organisation.save(update_fields=["email"])
    department.email = "kyodo@city.example.jp"
    department.save(update_fields=["email"])
    return {citizen.email, member.email, staff.email, organisation.email, department.email}


def _send_all(callbacks) -> None:
    for reminder in MilestoneReminder.objects.filter(sent_at__isnull=True).order_by("pk"):
        send_reminder(reminder.pk)


@pytest.mark.django_db
def test_due_milestone_reminds_every_party_contact_once(agreement, contacts, django_capture_on_commit_callbacks,
                                                        settings):
    settings.KYODO_REMINDER_DAYS_BEFORE = 7
    rf.make_milestone(agreement, due_date=TODAY + dt.timedelta(days=7))
    with django_capture_on_commit_callbacks() as callbacks:
        queued = queue_reminders(TODAY)
    assert len(queued) == 1 and len(callbacks) == 1
    _send_all(callbacks)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == contacts
    assert "中間振り返り" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks() as again:
        assert queue_reminders(TODAY + dt.timedelta(days=1)) == []
    assert again == []
    assert MilestoneReminder.objects.get().kind == "due"


@pytest.mark.django_db
def test_milestone_beyond_the_window_is_not_reminded(agreement, settings):
    settings.KYODO_REMINDER_DAYS_BEFORE = 7
    rf.make_milestone(agreement, due_date=TODAY + dt.timedelta(days=8))
    assert queue_reminders(TODAY) == []


@pytest.mark.django_db
def test_overdue_milestone_is_reminded_once_after_the_due_reminder(agreement, contacts,
                                                                   django_capture_on_commit_callbacks):
    milestone = rf.make_milestone(agreement, due_date=TODAY)
    with django_capture_on_commit_callbacks():
        queue_reminders(TODAY)  # due today: the "due" reminder
    with django_capture_on_commit_callbacks():
        queue_reminders(TODAY + dt.timedelta(days=1))  # now overdue
    with django_capture_on_commit_callbacks():
        queue_reminders(TODAY + dt.timedelta(days=2))
    _send_all(None)
    assert sorted(milestone.reminders.values_list("kind", flat=True)) == ["due", "overdue"]
    assert len(mail.outbox) == 2
    due, overdue = mail.outbox
    assert due.subject != overdue.subject
    assert "中間振り返り" in overdue.subject


@pytest.mark.django_db
def test_sending_a_reminder_twice_sends_one_mail(agreement, contacts):
    rf.make_milestone(agreement, due_date=TODAY - dt.timedelta(days=3))
    queue_reminders(TODAY)
    reminder = MilestoneReminder.objects.get()
    assert send_reminder(reminder.pk) == len(contacts)  # people mailed, in one message
    assert send_reminder(reminder.pk) == 0
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and set(reminder.recipients) == contacts


@pytest.mark.django_db
def test_reviewed_milestone_and_terminated_agreement_get_no_reminder(agreement, organisation, department, staff,
                                                                     citizen):
    milestone = rf.make_milestone(agreement, due_date=TODAY - dt.timedelta(days=1))
    from reviews import services

    review = services.review_open(milestone=milestone, by=staff)
    rf.submit(review, rf.city(agreement), staff)
    rf.submit(review, rf.group(agreement), citizen)
    rf.decide(review, staff)
    ended = rf.make_agreement(organisation, department, status="terminated")
    rf.make_milestone(ended, due_date=TODAY - dt.timedelta(days=1))
    assert queue_reminders(TODAY) == []


def test_beat_schedule_runs_the_registered_reminder_task_daily():
    from kyodo.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["reviews-milestone-reminders"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert isinstance(entry["schedule"], crontab)


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_the_reminders(celery_worker, organisation, department, citizen, staff, mailoutbox):
    from reviews.tasks import send_milestone_reminders

    rf.make_rules()
    agreement = rf.make_agreement(organisation, department)
    rf.make_milestone(agreement, due_date=timezone.localdate() - dt.timedelta(days=2))
    rf.make_milestone(agreement, due_date=timezone.localdate() + dt.timedelta(days=2), title="最終振り返り")
    send_milestone_reminders.delay()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and MilestoneReminder.objects.filter(sent_at__isnull=False).count() < 2:
        time.sleep(0.3)
    assert MilestoneReminder.objects.filter(sent_at__isnull=False).count() == 2
    assert len(mailoutbox) == 2
