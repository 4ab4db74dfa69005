"""Notifications: after commit, through a real Celery worker, in text and HTML, translated."""

from __future__ import annotations

import time

import pytest
from django.core import mail

from projects import services
from projects.models import ProposalEvent
from projects.tasks import send_proposal_notification

from .factories import ProposalFactory


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def last_event(proposal) -> int:
    """The id of the proposal's latest event: what a move queues its notification with."""
    return proposal.events.order_by("pk").last().pk


@pytest.mark.django_db
def test_decision_mail_has_reasons_in_text_and_html_in_japanese(in_screening, staff, citizen):
    services.proposal_reject(proposal=in_screening, reason="予算の積算根拠が不十分です。", by=staff)
    assert send_proposal_notification(last_event(in_screening), "decided") == 1
    message = mail.outbox[0]
    assert message.to == [citizen.email]
    assert "提案" in message.subject
    assert "予算の積算根拠が不十分です。" in message.body
    html = message.alternatives[0][0]
    assert "予算の積算根拠が不十分です。" in html and message.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_recipient_language_is_used(in_screening, staff, citizen):
    citizen.language = "en"  # a user model with a language preference is honoured
    from projects import tasks

    original = tasks.recipients_for
    tasks.recipients_for = lambda proposal, kind: [citizen]
    try:
        services.proposal_adopt(proposal=in_screening, reason="公益性が高い", by=staff)
        send_proposal_notification(last_event(in_screening), "decided")
    finally:
        tasks.recipients_for = original
    assert "Decision on your proposal" in mail.outbox[0].subject


@pytest.mark.django_db
def test_submission_mail_goes_to_proposers_and_department_staff(draft, citizen, staff, other_staff):
    services.proposal_submit(proposal=draft, by=citizen)
    send_proposal_notification(last_event(draft), "submitted")
    assert set(mail.outbox[0].to) == {citizen.email, staff.email}


@pytest.mark.django_db
def test_unknown_kind_or_missing_event_sends_nothing(draft):
    created = ProposalEvent.objects.create(proposal=draft, from_status="", to_status="draft")
    assert send_proposal_notification(created.pk, "bogus") == 0
    assert send_proposal_notification(999_999, "submitted") == 0
    assert mail.outbox == []


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_brushup_mail_is_sent_by_a_real_worker_after_commit(celery_worker, call, organisation, staff, citizen):
    proposal = ProposalFactory(call=call, organisation=organisation, submitted=True)
    services.proposal_return_for_brushup(proposal=proposal, by=staff, note="スケジュールを具体的にしてください。")
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(mail.outbox) == 1
    assert "スケジュールを具体的にしてください。" in mail.outbox[0].body
