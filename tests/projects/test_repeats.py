"""A repeat of a move already made returns quietly, but only to someone who could have made it:
the role is checked before the existing result is handed back."""

from __future__ import annotations

import pytest

from projects import services
from projects.models import ProposalStatus as S
from tests import factories as f
from tests.projects.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mail_queue(monkeypatch):
    monkeypatch.setattr("projects.tasks.send_proposal_notification.delay", lambda *args: None)


def test_a_repeated_submission_is_refused_to_an_outsider(draft, citizen, other_citizen):
    services.proposal_submit(proposal=draft, by=citizen)
    assert services.proposal_submit(proposal=draft, by=citizen).status == S.SUBMITTED
    with pytest.raises(services.NotAllowed):
        services.proposal_submit(proposal=draft, by=other_citizen)


def test_a_repeated_resubmission_is_refused_to_an_outsider(call, organisation, citizen, other_citizen):
    proposal = ProposalFactory(call=call, organisation=organisation, brushup=True)
    services.proposal_resubmit(proposal=proposal, by=citizen)
    with pytest.raises(services.NotAllowed):
        services.proposal_resubmit(proposal=proposal, by=other_citizen)


def test_a_repeated_withdrawal_is_refused_to_an_outsider(submitted, citizen, other_citizen):
    services.proposal_withdraw(proposal=submitted, by=citizen)
    with pytest.raises(services.NotAllowed):
        services.proposal_withdraw(proposal=submitted, by=other_citizen)


@pytest.mark.parametrize("move", ["proposal_return_for_brushup", "proposal_send_to_screening"])
def test_a_repeated_staff_move_is_refused_to_staff_of_another_department(submitted, staff, other_staff, move):
    getattr(services, move)(proposal=submitted, by=staff)
    assert getattr(services, move)(proposal=submitted, by=staff).pk == submitted.pk
    with pytest.raises(services.NotAllowed):
        getattr(services, move)(proposal=submitted, by=other_staff)


@pytest.mark.parametrize("decide", ["proposal_adopt", "proposal_reject"])
def test_a_repeated_decision_is_refused_to_staff_of_another_department(in_screening, staff, other_staff, decide):
    getattr(services, decide)(proposal=in_screening, reason="公益性が高い。", by=staff)
    with pytest.raises(services.NotAllowed):
        getattr(services, decide)(proposal=in_screening, reason="公益性が高い。", by=other_staff)
    with pytest.raises(services.NotAllowed):
        getattr(services, decide)(proposal=in_screening, reason="公益性が高い。", by=f.UserFactory())


def test_a_double_posted_message_is_posted_once(submitted, citizen, staff):
    first = services.message_post(proposal=submitted, body="予算の内訳を追記しました。", by=citizen)
    assert services.message_post(proposal=submitted, body="予算の内訳を追記しました。", by=citizen).pk == first.pk
    services.message_post(proposal=submitted, body="確認しました。", by=staff)
    again = services.message_post(proposal=submitted, body="予算の内訳を追記しました。", by=citizen)
    assert again.pk != first.pk  # said again later in the conversation: a new message
    assert submitted.messages.count() == 3
