"""Every transition: happy path, wrong state, wrong user, repeat, side effects after commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kyodo.workflow import NotAllowed, TransitionError
from projects import services
from projects.models import ProposalEvent, ProposalMessage, ProposalStatus, Score

from .factories import CallFactory, ProposalFactory

S = ProposalStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """Notifications queued (after commit) for Celery, as (proposal_id, kind) of the event queued."""
    sent = []

    def delay(event_id: int, kind: str) -> None:
        sent.append((ProposalEvent.objects.get(pk=event_id).proposal_id, kind))

    monkeypatch.setattr("projects.tasks.send_proposal_notification.delay", delay)
    return sent


def last_event(proposal):
    return ProposalEvent.objects.filter(proposal=proposal).last()


# --- create / save -------------------------------------------------------------------------------
def test_create_draft_copies_origin_and_logs_event(call, organisation, citizen):
    proposal = services.proposal_create_draft(
        organisation=organisation, call=call, title=" ﾌﾟﾚｲﾊﾟｰｸ ", by=citizen, purpose="遊び場"
    )
    assert proposal.status == S.DRAFT
    assert proposal.origin == call.origin
    assert proposal.title == "プレイパーク"
    proposal.refresh_from_db()
    assert proposal.purpose == "遊び場"
    assert last_event(proposal).to_status == S.DRAFT


def test_create_draft_for_another_organisation_is_refused(call, other_organisation, citizen):
    with pytest.raises(NotAllowed):
        services.proposal_create_draft(organisation=other_organisation, call=call, title="x", by=citizen)


def test_save_draft_by_outsider_is_refused(draft, other_citizen):
    with pytest.raises(NotAllowed):
        services.proposal_save_draft(proposal=draft, data={"purpose": "x"}, by=other_citizen)


def test_budget_totals_are_computed_from_rows(draft, citizen):
    services.proposal_replace_budget(
        proposal=draft, by=citizen,
        rows=[{"item": "会場費", "amount": 120_000, "city_share": 100_000}, {"item": "保険", "amount": 30_000}],
    )
    draft.refresh_from_db()
    assert (draft.budget_total, draft.budget_asked, draft.budget_own) == (150_000, 100_000, 50_000)


# --- submit --------------------------------------------------------------------------------------
def test_submit_moves_draft_logs_event_snapshots_and_notifies_after_commit(
    draft, citizen, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.proposal_submit(proposal=draft, by=citizen)
        assert queued == []  # nothing is sent before commit
    for callback in callbacks:
        callback()
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert draft.submitted_at is not None
    event = last_event(draft)
    assert (event.actor, event.from_status, event.to_status) == (citizen, S.DRAFT, S.SUBMITTED)
    assert draft.revisions.get().snapshot["purpose"] == draft.purpose
    assert queued == [(draft.pk, "submitted")]


def test_submit_twice_is_harmless(draft, citizen, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(proposal=draft, by=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(proposal=draft, by=citizen)
    assert draft.events.filter(to_status=S.SUBMITTED).count() == 1
    assert draft.revisions.count() == 1
    assert len(queued) == 1


def test_submit_by_another_group_is_refused(draft, other_citizen):
    with pytest.raises(NotAllowed):
        services.proposal_submit(proposal=draft, by=other_citizen)


def test_submit_by_staff_is_refused(draft, staff):
    with pytest.raises(NotAllowed):
        services.proposal_submit(proposal=draft, by=staff)


def test_submit_after_deadline_is_refused_with_a_clear_message(organisation, citizen, queued):
    proposal = ProposalFactory(call=CallFactory(closed=True), organisation=organisation)
    with pytest.raises(TransitionError, match="deadline|締切"):
        services.proposal_submit(proposal=proposal, by=citizen)
    proposal.refresh_from_db()
    assert proposal.status == S.DRAFT
    assert queued == []


def test_submit_one_second_before_deadline_is_accepted(organisation, citizen, queued):
    call = CallFactory(deadline=timezone.now() + timedelta(seconds=5))
    proposal = ProposalFactory(call=call, organisation=organisation)
    services.proposal_submit(proposal=proposal, by=citizen)
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


def test_incomplete_proposal_cannot_be_submitted(call, organisation, citizen):
    proposal = ProposalFactory(call=call, organisation=organisation, purpose="", content=False)
    with pytest.raises(services.IncompleteProposal) as caught:
        services.proposal_submit(proposal=proposal, by=citizen)
    assert len(caught.value.missing) == 3  # purpose, roles, budget


def test_submit_from_wrong_state_is_refused(call, organisation, citizen):
    proposal = ProposalFactory(call=call, organisation=organisation, screening=True)
    with pytest.raises(NotAllowed):
        services.proposal_submit(proposal=proposal, by=citizen)


# --- withdraw ------------------------------------------------------------------------------------
def test_withdraw_submitted(submitted, citizen, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_withdraw(proposal=submitted, by=citizen)
        services.proposal_withdraw(proposal=submitted, by=citizen)
    submitted.refresh_from_db()
    assert submitted.status == S.WITHDRAWN
    assert submitted.events.filter(to_status=S.WITHDRAWN).count() == 1
    assert queued == [(submitted.pk, "withdrawn")]


def test_withdraw_in_screening_is_refused(in_screening, citizen):
    with pytest.raises(NotAllowed):
        services.proposal_withdraw(proposal=in_screening, by=citizen)


def test_withdraw_by_staff_is_refused(submitted, staff):
    with pytest.raises(NotAllowed):
        services.proposal_withdraw(proposal=submitted, by=staff)


def test_draft_is_deleted_not_withdrawn(draft, citizen):
    with pytest.raises(NotAllowed):
        services.proposal_withdraw(proposal=draft, by=citizen)
    services.proposal_delete_draft(proposal=draft, by=citizen)
    services.proposal_delete_draft(proposal=draft, by=citizen)  # repeat: harmless
    assert not type(draft).objects.filter(pk=draft.pk).exists()


# --- brush-up ------------------------------------------------------------------------------------
def test_return_for_brushup_opens_thread_and_notifies(
    submitted, staff, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_return_for_brushup(proposal=submitted, by=staff, note="予算の根拠を補足してください。")
        services.proposal_return_for_brushup(proposal=submitted, by=staff, note="予算の根拠を補足してください。")
    submitted.refresh_from_db()
    assert submitted.status == S.BRUSHUP
    assert ProposalMessage.objects.filter(proposal=submitted).count() == 1
    assert submitted.events.filter(to_status=S.BRUSHUP).count() == 1
    assert queued == [(submitted.pk, "brushup")]


def test_return_for_brushup_by_other_department_is_refused(submitted, other_staff):
    with pytest.raises(NotAllowed):
        services.proposal_return_for_brushup(proposal=submitted, by=other_staff)


def test_return_for_brushup_by_proposer_is_refused(submitted, citizen):
    with pytest.raises(NotAllowed):
        services.proposal_return_for_brushup(proposal=submitted, by=citizen)


def test_return_for_brushup_of_draft_is_refused(draft, staff):
    with pytest.raises(NotAllowed):
        services.proposal_return_for_brushup(proposal=draft, by=staff)


def test_staff_of_a_hoped_for_department_may_manage(submitted, other_staff, other_department):
    submitted.departments.add(other_department)
    services.proposal_return_for_brushup(proposal=submitted, by=other_staff)
    submitted.refresh_from_db()
    assert submitted.status == S.BRUSHUP


def test_resubmit_after_revision_keeps_both_revisions(
    submitted, citizen, staff, queued, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(call=submitted.call, organisation=submitted.organisation)
    services.proposal_submit(proposal=proposal, by=citizen)
    services.proposal_return_for_brushup(proposal=proposal, by=staff)
    services.proposal_save_draft(proposal=proposal, data={"purpose": "改善した目的"}, by=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_resubmit(proposal=proposal, by=citizen)
        services.proposal_resubmit(proposal=proposal, by=citizen)
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED
    assert [r.number for r in proposal.revisions.all()] == [1, 2]
    assert proposal.revisions.get(number=2).snapshot["purpose"] == "改善した目的"
    assert queued[-1] == (proposal.pk, "resubmitted")
    assert sum(1 for q in queued if q[1] == "resubmitted") == 1


def test_resubmit_is_allowed_after_the_deadline(in_brushup, citizen):
    in_brushup.call.deadline = timezone.now() - timedelta(days=1)
    in_brushup.call.save()
    services.proposal_resubmit(proposal=in_brushup, by=citizen)
    in_brushup.refresh_from_db()
    assert in_brushup.status == S.SUBMITTED


def test_resubmit_of_submitted_is_a_quiet_repeat_and_of_screening_refused(in_screening, submitted, citizen):
    services.proposal_resubmit(proposal=submitted, by=citizen)
    with pytest.raises(NotAllowed):
        services.proposal_resubmit(proposal=in_screening, by=citizen)


def test_edit_in_screening_is_refused(in_screening, citizen):
    with pytest.raises(NotAllowed):
        services.proposal_save_draft(proposal=in_screening, data={"purpose": "x"}, by=citizen)


# --- screening and decision ----------------------------------------------------------------------
def test_send_to_screening_creates_round_with_six_preset_criteria(submitted, staff):
    services.proposal_send_to_screening(proposal=submitted, by=staff)
    services.proposal_send_to_screening(proposal=submitted, by=staff)
    submitted.refresh_from_db()
    assert submitted.status == S.SCREENING
    round_ = submitted.call.screening_round
    names = list(round_.criteria.values_list("name", flat=True))
    assert names[0] == "公益性" and len(names) == 6
    assert round_.criteria.get(name="公益性").is_public_benefit
    assert submitted.events.filter(to_status=S.SCREENING).count() == 1


def test_send_to_screening_from_brushup_is_refused(in_brushup, staff):
    with pytest.raises(NotAllowed):
        services.proposal_send_to_screening(proposal=in_brushup, by=staff)


def test_adopt_records_reasons_and_notifies(in_screening, staff, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_adopt(proposal=in_screening, reason="地域の子育て支援として公益性が高い。", by=staff)
        services.proposal_adopt(proposal=in_screening, reason="地域の子育て支援として公益性が高い。", by=staff)
    in_screening.refresh_from_db()
    assert in_screening.status == S.ADOPTED
    assert in_screening.decided_by == staff and in_screening.decided_at
    assert in_screening.events.filter(to_status=S.ADOPTED).count() == 1
    assert queued == [(in_screening.pk, "decided")]


def test_reject_without_reasons_is_refused(in_screening, staff):
    with pytest.raises(ValidationError):
        services.proposal_reject(proposal=in_screening, reason="  ", by=staff)
    in_screening.refresh_from_db()
    assert in_screening.status == S.SCREENING


def test_reject_with_reasons(in_screening, staff):
    services.proposal_reject(proposal=in_screening, reason="予算の妥当性に課題がある。", by=staff)
    in_screening.refresh_from_db()
    assert in_screening.status == S.NOT_ADOPTED
    assert in_screening.decision_reason == "予算の妥当性に課題がある。"


def test_decide_by_other_department_or_committee_is_refused(in_screening, other_staff, screener):
    for user in (other_staff, screener):
        with pytest.raises(NotAllowed):
            services.proposal_adopt(proposal=in_screening, reason="理由", by=user)


def test_adopt_a_submitted_proposal_is_refused(submitted, staff):
    with pytest.raises(NotAllowed):
        services.proposal_adopt(proposal=submitted, reason="理由", by=staff)


def test_adopted_cannot_then_be_rejected(in_screening, staff):
    services.proposal_adopt(proposal=in_screening, reason="理由", by=staff)
    with pytest.raises(NotAllowed):
        services.proposal_reject(proposal=in_screening, reason="理由", by=staff)


def test_transition_error_names_the_states():
    from kyodo.workflow import check_transition
    from projects.models import TRANSITIONS

    with pytest.raises(TransitionError):
        check_transition(TRANSITIONS, S.DRAFT, S.ADOPTED)


# --- scores, conflicts, thread -------------------------------------------------------------------
def _all_scores(proposal, value):
    return {c.pk: (value, "コメント") for c in proposal.call.screening_round.criteria.all()}


def test_member_scores_every_criterion_and_can_correct(in_screening, screener):
    services.scores_submit(proposal=in_screening, scores=_all_scores(in_screening, 4), by=screener)
    services.scores_submit(proposal=in_screening, scores=_all_scores(in_screening, 3), by=screener)
    assert set(Score.objects.filter(member=screener).values_list("score", flat=True)) == {3}
    assert Score.objects.filter(member=screener).count() == 6


def test_partial_or_out_of_range_scores_are_refused(in_screening, screener):
    scores = _all_scores(in_screening, 4)
    with pytest.raises(ValidationError):
        services.scores_submit(proposal=in_screening, scores=dict(list(scores.items())[:2]), by=screener)
    with pytest.raises(ValidationError):
        services.scores_submit(proposal=in_screening, scores=_all_scores(in_screening, 6), by=screener)
    assert not Score.objects.exists()


def test_unassigned_committee_member_cannot_score(in_screening, committee_member):
    with pytest.raises(NotAllowed):
        services.scores_submit(proposal=in_screening, scores=_all_scores(in_screening, 4), by=committee_member)


def test_conflict_excludes_member_and_removes_their_scores(in_screening, screener):
    services.scores_submit(proposal=in_screening, scores=_all_scores(in_screening, 4), by=screener)
    services.conflict_declare(proposal=in_screening, reason="団体の理事を務めている", by=screener)
    services.conflict_declare(proposal=in_screening, by=screener)
    assert not Score.objects.filter(member=screener).exists()
    with pytest.raises(NotAllowed):
        services.scores_submit(proposal=in_screening, scores=_all_scores(in_screening, 4), by=screener)


def test_assign_members_skips_non_committee_users(submitted, staff, committee_member, outsider):
    rounds = services.screening_assign_members(proposals=[submitted], members=[committee_member, outsider], by=staff)
    assert list(rounds[0].members.all()) == [committee_member]


def test_assign_members_by_citizen_is_refused(submitted, citizen, committee_member):
    with pytest.raises(NotAllowed):
        services.screening_assign_members(proposals=[submitted], members=[committee_member], by=citizen)


def test_internal_note_only_by_city_staff(submitted, staff, citizen, coordinator):
    services.message_post(proposal=submitted, body="内部メモ", is_internal=True, by=staff)
    for user in (citizen, coordinator):
        with pytest.raises(NotAllowed):
            services.message_post(proposal=submitted, body="x", is_internal=True, by=user)
    services.message_post(proposal=submitted, body="ご相談です", by=coordinator)
    assert submitted.messages.count() == 2


def test_no_thread_on_a_draft(draft, citizen):
    with pytest.raises(NotAllowed):
        services.message_post(proposal=draft, body="x", by=citizen)


def test_empty_message_is_refused(submitted, citizen):
    with pytest.raises(ValidationError):
        services.message_post(proposal=submitted, body="  ", by=citizen)


def test_create_draft_signature_for_cases(call, organisation, coordinator):
    """Consultations (cases) create drafts for a group through this service."""
    proposal = services.proposal_create_draft(
        organisation=organisation, call=call, title="相談からの提案", by=coordinator, local_problem="課題"
    )
    assert proposal.local_problem == "課題"
