"""Every notification mail goes out at most once per event and person, even when its task runs
twice (the outbox republishes, `acks_late` redelivers, `autoretry_for` retries)."""

from __future__ import annotations

import pytest
from django.core import mail

from cases import services as case_services
from cases import tasks as case_tasks
from kyodo import notifications
from kyodo.notifications import SentNotification, send_once
from partners import services as partner_services
from partners.models import Membership
from partners.tasks import send_invitation, send_organisation_decision
from projects import services as project_services
from projects.tasks import send_proposal_notification
from tests import factories as f
from tests.concurrency import require_postgresql, run_together
from tests.projects.factories import CallFactory, ProposalFactory

CONTEXT = {"invitation": None, "organisation": "港南台生き生きプレイパーク", "path": "/"}


def send(recipients, key=1) -> list[str]:
    return send_once(
        kind="test.invitation", key=key, prefix="partners/email/invitation", recipients=recipients, context=CONTEXT
    )


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


# --- The helper -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_second_run_sends_nothing():
    assert send(["a@example.jp", "B@example.jp"]) == ["a@example.jp", "b@example.jp"]
    assert send(["a@example.jp", "b@example.jp"]) == []
    assert len(mail.outbox) == 1
    assert SentNotification.objects.count() == 2


@pytest.mark.django_db
def test_a_person_added_since_the_first_run_gets_only_their_mail():
    send(["a@example.jp"])
    assert send(["a@example.jp", "c@example.jp"]) == ["c@example.jp"]
    assert [m.to for m in mail.outbox] == [["a@example.jp"], ["c@example.jp"]]


@pytest.mark.django_db
def test_another_event_of_the_same_kind_is_mailed_again():
    send(["a@example.jp"], key=1)
    send(["a@example.jp"], key=2)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_failed_send_leaves_no_claim_so_the_retry_sends(monkeypatch):
    real = notifications.send_templated_mail

    def refuse(*args, **kwargs):
        raise OSError("mail server unreachable")

    monkeypatch.setattr(notifications, "send_templated_mail", refuse)
    with pytest.raises(OSError):
        send(["a@example.jp"])
    assert not SentNotification.objects.exists()
    monkeypatch.setattr(notifications, "send_templated_mail", real)
    assert send(["a@example.jp"]) == ["a@example.jp"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_mail():
    require_postgresql()
    results = run_together(lambda: send(["a@example.jp", "b@example.jp"]), lambda: send(["a@example.jp", "b@example.jp"]))
    assert sorted(map(len, results)) == [0, 2]
    assert len(mail.outbox) == 1


# --- Every notification task, run twice -----------------------------------------------------------
@pytest.mark.django_db
def test_proposal_notification_task_run_twice_sends_one_mail(organisation, department, citizen, staff):
    proposal = ProposalFactory(call=CallFactory(department=department), organisation=organisation)
    project_services.proposal_submit(proposal=proposal, by=citizen)
    event = proposal.events.order_by("pk").last()
    first = send_proposal_notification.apply(args=[event.pk, "submitted"]).get()
    again = send_proposal_notification.apply(args=[event.pk, "submitted"]).get()
    assert (first, again) == (2, 0)
    assert len(mail.outbox) == 1 and set(mail.outbox[0].to) == {citizen.email, staff.email}


@pytest.mark.django_db
def test_each_move_of_a_proposal_is_its_own_notification(organisation, department, citizen, staff):
    proposal = ProposalFactory(call=CallFactory(department=department), organisation=organisation)
    project_services.proposal_submit(proposal=proposal, by=citizen)
    submitted = proposal.events.order_by("pk").last().pk
    project_services.proposal_return_for_brushup(proposal=proposal, by=staff, note="予算を見直してください。")
    brushup = proposal.events.order_by("pk").last().pk
    for _ in range(2):
        send_proposal_notification(submitted, "submitted")
        send_proposal_notification(brushup, "brushup")
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_an_event_of_another_move_is_not_announced(organisation, department, citizen):
    proposal = ProposalFactory(call=CallFactory(department=department), organisation=organisation)
    project_services.proposal_submit(proposal=proposal, by=citizen)
    submitted = proposal.events.order_by("pk").last().pk
    assert send_proposal_notification(submitted, "decided") == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_organisation_decision_task_run_twice_sends_one_mail(staff):
    organisation = f.OrganisationFactory(pending=True)
    representative = f.make_citizen(organisation)
    partner_services.organisation_verify(organisation=organisation, by=staff)
    event = organisation.events.order_by("pk").last()
    assert send_organisation_decision(event.pk) == 1
    assert send_organisation_decision(event.pk) == 0
    assert [m.to for m in mail.outbox] == [[representative.email]]


@pytest.mark.django_db
def test_invitation_task_run_twice_sends_one_mail_and_a_renewal_sends_again(organisation, citizen):
    invite = {"organisation": organisation, "email": "new@example.jp", "role": Membership.Role.MEMBER, "by": citizen}
    invitation = partner_services.invitation_create(**invite)
    assert (send_invitation(invitation.pk), send_invitation(invitation.pk)) == (1, 0)
    renewed = partner_services.invitation_create(**invite)
    assert (send_invitation(renewed.pk), send_invitation(renewed.pk)) == (1, 0)
    first, second = mail.outbox
    assert renewed.token in second.body and renewed.token not in first.body


@pytest.mark.django_db
def test_consultation_request_and_referral_tasks_run_twice_send_one_mail_each(
    centre, coordinator, organisation, citizen, department, staff
):
    case = case_services.consultation_request(
        centre=centre, organisation=organisation, summary="会員募集", question="会員の増やし方", by=citizen
    )
    requested = case.events.get(kind="requested").pk
    assert (case_tasks.notify_new_request(requested), case_tasks.notify_new_request(requested)) == (1, 0)
    referral = case_services.consultation_refer(consultation=case, department=department, by=coordinator)
    assert (case_tasks.notify_referral(referral.pk), case_tasks.notify_referral(referral.pk)) == (1, 0)
    assert [m.to for m in mail.outbox] == [[coordinator.email], [staff.email]]
