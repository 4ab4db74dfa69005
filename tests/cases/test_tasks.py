import time

import pytest
from django.core import mail

from cases import services, tasks
from tests import factories as f


def wait_for_mail(count: int = 1, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.2)


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_portal_request_is_announced_to_the_centres_coordinators_by_a_real_worker(celery_worker):
    centre = f.SupportCentreFactory(name="港南区民活動支援センター")
    coordinator = f.make_coordinator(centre)
    f.make_coordinator()  # at another centre: not told
    organisation = f.OrganisationFactory(name="港南台生き生きプレイパーク")
    citizen = f.make_citizen(organisation)
    case = services.consultation_request(
        centre=centre, organisation=organisation, summary="ボランティアを増やしたい", question="募集の仕方", by=citizen
    )
    wait_for_mail()
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    message = mail.outbox[0]
    assert "港南区民活動支援センター" in message.subject
    assert f"/cases/{case.pk}/" in message.body
    assert "港南台生き生きプレイパーク" in message.alternatives[0][0]


@pytest.mark.django_db
def test_referral_mail_goes_to_the_departments_staff_without_personal_details(case, coordinator, department, staff, other_staff):
    referral = services.consultation_refer(consultation=case, department=department, by=coordinator)
    assert tasks.notify_referral(referral.pk) == 1
    [message] = mail.outbox
    assert message.to == [staff.email]
    assert "港南 花子" not in message.body and "hanako@example.jp" not in message.body


def requested_event(case) -> int:
    """The id of the case's "requested" event: what a portal request queues its mail with."""
    return case.events.get(kind="requested").pk


@pytest.mark.django_db
def test_no_mail_for_a_request_already_taken_or_missing_rows(centre, coordinator, organisation, citizen):
    case = services.consultation_request(centre=centre, organisation=organisation, summary="x", question="y", by=citizen)
    services.consultation_take(consultation=case, by=coordinator)
    assert tasks.notify_new_request(requested_event(case)) == 0
    assert tasks.notify_new_request(999_999) == 0
    assert tasks.notify_referral(999_999) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_mails_are_queued_only_after_commit(django_capture_on_commit_callbacks, centre, citizen, organisation, coordinator,
                                            department, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.notify_new_request, "delay", lambda pk: queued.append(("request", pk)))
    monkeypatch.setattr(tasks.notify_referral, "delay", lambda pk: queued.append(("referral", pk)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = services.consultation_request(centre=centre, organisation=organisation, summary="x", question="y", by=citizen)
        referral = services.consultation_refer(consultation=case, department=department, by=coordinator)
    assert queued == []
    for callback in callbacks:
        callback()
    assert queued == [("request", requested_event(case)), ("referral", referral.pk)]
