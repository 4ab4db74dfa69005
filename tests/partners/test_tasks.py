from __future__ import annotations

import time

import pytest
from django.core import mail

from partners import services
from partners.models import Membership, OrganisationEvent
from partners.tasks import send_invitation, send_organisation_decision
from tests.factories import OrganisationFactory, make_citizen, make_staff
from tests.partners.factories import InvitationFactory


def wait_for_mail(count: int = 1, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.2)


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_invitation_mail_is_sent_by_a_real_worker_after_commit(celery_worker):
    organisation = OrganisationFactory(name="港南台生き生きプレイパーク")
    representative = make_citizen(organisation)
    invitation = services.invitation_create(
        organisation=organisation, email="friend@example.jp", role=Membership.Role.MEMBER, by=representative
    )
    wait_for_mail()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["friend@example.jp"]
    assert "港南台生き生きプレイパーク" in message.subject
    assert invitation.token in message.body
    assert invitation.token in message.alternatives[0][0]


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_verification_mail_reaches_the_representative(celery_worker):
    organisation = OrganisationFactory(pending=True)
    representative = make_citizen(organisation)
    services.organisation_verify(organisation=organisation, by=make_staff())
    wait_for_mail()
    assert [m.to for m in mail.outbox] == [[representative.email]]


@pytest.mark.django_db
def test_tasks_for_missing_or_used_rows_send_nothing():
    assert send_invitation(999_999) == 0
    assert send_organisation_decision(999_999) == 0
    from django.utils import timezone

    used = InvitationFactory(accepted_at=timezone.now())
    assert send_invitation(used.pk) == 0
    pending = OrganisationFactory(pending=True)
    registered = OrganisationEvent.objects.create(organisation=pending, from_status="", to_status="pending")
    assert send_organisation_decision(registered.pk) == 0
    assert mail.outbox == []
