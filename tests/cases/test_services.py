import datetime as dt

import pytest
from django.utils import timezone

from cases import services
from cases.models import Channel, ConsultationEvent, ConsultationStatus, VisitorKind
from kyodo.workflow import NotAllowed, TransitionError
from projects.models import Proposal
from tests import factories as f
from tests.cases.factories import CallFactory, ProposalFactory, TopicFactory

pytestmark = pytest.mark.django_db
S = ConsultationStatus


def _statuses(case):
    return list(case.events.filter(kind=ConsultationEvent.Kind.STATUS).values_list("from_status", "to_status"))


# --- record / request ------------------------------------------------------------------------
def test_coordinator_records_a_walk_in_consultation(centre, coordinator, organisation):
    topic = TopicFactory(name="協働提案", slug="proposal")
    case = services.consultation_record(
        centre=centre, by=coordinator, channel=Channel.VISIT, visitor_kind=VisitorKind.CIVIC,
        summary="ＰＬＡＹパークの相談", organisation=organisation, topics=[topic],
    )
    assert case.status == S.OPEN
    assert case.coordinator == coordinator
    assert case.summary == "PLAYパークの相談"  # NFKC
    assert case.ward == organisation.ward
    assert list(case.topics.all()) == [topic]
    assert case.events.get().kind == ConsultationEvent.Kind.RECORDED


def test_coordinator_of_another_centre_cannot_record_here(centre, other_coordinator):
    with pytest.raises(NotAllowed):
        services.consultation_record(
            centre=centre, by=other_coordinator, channel=Channel.PHONE, visitor_kind=VisitorKind.INDIVIDUAL,
            summary="x", person_name="匿名希望",
        )


def test_citizen_request_arrives_as_a_new_request_in_the_chosen_centre(centre, citizen, organisation):
    case = services.consultation_request(
        centre=centre, organisation=organisation, summary="法人化したい", question="NPO法人の設立について", by=citizen
    )
    assert case.channel == Channel.PORTAL
    assert case.status == S.OPEN
    assert case.coordinator is None
    assert case.is_new_request
    assert case.requested_by == citizen


def test_citizen_cannot_request_for_an_organisation_they_do_not_belong_to(centre, other_citizen, organisation):
    with pytest.raises(NotAllowed):
        services.consultation_request(centre=centre, organisation=organisation, summary="x", question="y", by=other_citizen)


# --- life cycle ------------------------------------------------------------------------------
def test_life_cycle_open_following_closed_reopened_led_to_proposal(case, coordinator, organisation):
    services.consultation_add_contact(
        consultation=case, contacted_on=timezone.localdate(), channel=Channel.PHONE, note="区役所の担当を紹介", by=coordinator
    )
    case.refresh_from_db()
    assert case.status == S.FOLLOWING
    services.consultation_close(consultation=case, reason="  今年度は自主活動で進める  ", by=coordinator)
    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert case.closed_reason == "今年度は自主活動で進める"
    services.consultation_reopen(consultation=case, by=coordinator)
    case.refresh_from_db()
    assert (case.status, case.closed_reason) == (S.FOLLOWING, "")
    proposal = ProposalFactory(organisation=organisation)
    services.consultation_mark_led_to_proposal(consultation=case, proposal=proposal, by=coordinator)
    case.refresh_from_db()
    assert case.status == S.LED_TO_PROPOSAL
    assert case.proposal == proposal
    assert _statuses(case) == [(S.OPEN, S.FOLLOWING), (S.FOLLOWING, S.CLOSED), (S.CLOSED, S.FOLLOWING),
                               (S.FOLLOWING, S.LED_TO_PROPOSAL)]
    assert all(e.actor == coordinator for e in case.events.all())


def test_closing_twice_is_harmless(case, coordinator):
    services.consultation_close(consultation=case, reason="理由", by=coordinator)
    services.consultation_close(consultation=case, reason="理由", by=coordinator)
    assert len(_statuses(case)) == 1


def test_closing_needs_a_reason(case, coordinator):
    with pytest.raises(ValueError):
        services.consultation_close(consultation=case, reason="　", by=coordinator)


def test_a_case_that_led_to_a_proposal_cannot_be_closed(case, coordinator, organisation):
    services.consultation_mark_led_to_proposal(consultation=case, proposal=ProposalFactory(organisation=organisation), by=coordinator)
    with pytest.raises(TransitionError):
        services.consultation_close(consultation=case, reason="理由", by=coordinator)


def test_coordinator_of_another_centre_cannot_close(case, other_coordinator):
    with pytest.raises(NotAllowed):
        services.consultation_close(consultation=case, reason="理由", by=other_coordinator)
    case.refresh_from_db()
    assert case.status == S.OPEN


def test_citizen_cannot_add_contacts(case, citizen):
    with pytest.raises(NotAllowed):
        services.consultation_add_contact(
            consultation=case, contacted_on=timezone.localdate(), channel=Channel.PHONE, note="x", by=citizen
        )


def test_double_submitted_contact_is_recorded_once(case, coordinator):
    kwargs = dict(consultation=case, contacted_on=timezone.localdate(), channel=Channel.EMAIL, note="助成金の案内", by=coordinator)
    first = services.consultation_add_contact(**kwargs)
    assert services.consultation_add_contact(**kwargs) == first
    assert case.contacts.count() == 1


def test_scheduling_a_follow_up_starts_the_follow_up(case, coordinator):
    day = timezone.localdate() + dt.timedelta(days=7)
    services.consultation_schedule_follow_up(consultation=case, on=day, by=coordinator)
    case.refresh_from_db()
    assert (case.next_follow_up, case.status) == (day, S.FOLLOWING)


def test_follow_up_cannot_be_scheduled_on_a_closed_case(case, coordinator):
    services.consultation_close(consultation=case, reason="理由", by=coordinator)
    with pytest.raises(TransitionError):
        services.consultation_schedule_follow_up(consultation=case, on=timezone.localdate(), by=coordinator)


# --- referrals -------------------------------------------------------------------------------
def test_referral_to_a_department_is_recorded_once(case, coordinator, department):
    first = services.consultation_refer(consultation=case, department=department, note="公園の管理", by=coordinator)
    again = services.consultation_refer(consultation=case, department=department, by=coordinator)
    assert first == again
    assert case.referrals.count() == 1
    assert case.events.filter(kind=ConsultationEvent.Kind.REFERRED).count() == 1


def test_referral_to_another_centre_and_an_organisation(case, coordinator, other_centre, other_organisation):
    services.consultation_refer(consultation=case, centre=other_centre, by=coordinator)
    services.consultation_refer(consultation=case, organisation=other_organisation, by=coordinator)
    assert {str(r.target) for r in case.referrals.all()} == {other_centre.name, other_organisation.name}


def test_referral_to_two_targets_at_once_is_refused(case, coordinator, department, other_centre):
    with pytest.raises(ValueError):
        services.consultation_refer(consultation=case, department=department, centre=other_centre, by=coordinator)


# --- hand-over -------------------------------------------------------------------------------
def test_hand_over_to_a_colleague_at_the_same_centre(case, coordinator, colleague):
    services.consultation_hand_over(consultation=case, to_coordinator=colleague, note="担当替え", by=coordinator)
    case.refresh_from_db()
    assert case.coordinator == colleague
    event = case.events.get(kind=ConsultationEvent.Kind.HANDED_OVER)
    assert (event.from_coordinator, event.to_coordinator, event.actor) == (coordinator, colleague, coordinator)


def test_hand_over_to_another_centre_leaves_it_unassigned_there(case, coordinator, other_centre):
    services.consultation_hand_over(consultation=case, to_centre=other_centre, by=coordinator)
    case.refresh_from_db()
    assert (case.centre, case.coordinator) == (other_centre, None)
    event = case.events.get(kind=ConsultationEvent.Kind.HANDED_OVER)
    assert event.from_centre != event.to_centre == other_centre


def test_hand_over_to_a_coordinator_of_the_target_centre(case, coordinator, other_centre, other_coordinator):
    services.consultation_hand_over(consultation=case, to_centre=other_centre, to_coordinator=other_coordinator, by=coordinator)
    case.refresh_from_db()
    assert (case.centre, case.coordinator) == (other_centre, other_coordinator)


def test_hand_over_to_someone_not_posted_at_the_centre_is_refused(case, coordinator, other_coordinator):
    with pytest.raises(NotAllowed):
        services.consultation_hand_over(consultation=case, to_coordinator=other_coordinator, by=coordinator)


def test_repeated_hand_over_is_harmless(case, coordinator, colleague):
    services.consultation_hand_over(consultation=case, to_coordinator=colleague, by=coordinator)
    services.consultation_hand_over(consultation=case, to_coordinator=colleague, by=coordinator)
    assert case.events.filter(kind=ConsultationEvent.Kind.HANDED_OVER).count() == 1


def test_hand_over_by_another_centre_is_refused(case, other_coordinator):
    with pytest.raises(NotAllowed):
        services.consultation_hand_over(consultation=case, to_coordinator=other_coordinator, by=other_coordinator)


def test_taking_a_new_request(centre, citizen, organisation, coordinator):
    case = services.consultation_request(centre=centre, organisation=organisation, summary="x", question="y", by=citizen)
    services.consultation_take(consultation=case, by=coordinator)
    case.refresh_from_db()
    assert case.coordinator == coordinator
    assert not case.is_new_request


# --- proposals -------------------------------------------------------------------------------
def test_citizen_starts_a_proposal_draft_from_the_case(case, citizen, open_call, organisation):
    case.fields.add(f.FieldFactory(name="子育て", slug="kosodate"))
    proposal = services.consultation_start_proposal(consultation=case, call=open_call, title="プレイパーク事業", by=citizen)
    case.refresh_from_db()
    assert proposal.status == Proposal.Status.DRAFT
    assert (proposal.organisation, proposal.call) == (organisation, open_call)
    assert list(proposal.fields.values_list("slug", flat=True)) == ["kosodate"]
    assert case.proposal == proposal
    assert case.status == S.LED_TO_PROPOSAL


def test_starting_a_proposal_twice_returns_the_same_draft(case, citizen, open_call):
    first = services.consultation_start_proposal(consultation=case, call=open_call, title="A", by=citizen)
    again = services.consultation_start_proposal(consultation=case, call=open_call, title="A", by=citizen)
    assert first == again
    assert Proposal.objects.count() == 1


def test_other_citizen_cannot_start_a_proposal(case, other_citizen, open_call):
    with pytest.raises(NotAllowed):
        services.consultation_start_proposal(consultation=case, call=open_call, title="A", by=other_citizen)


def test_other_citizen_does_not_get_the_existing_draft_either(case, citizen, other_citizen, open_call):
    services.consultation_start_proposal(consultation=case, call=open_call, title="A", by=citizen)
    with pytest.raises(NotAllowed):
        services.consultation_start_proposal(consultation=case, call=open_call, title="A", by=other_citizen)


def test_proposal_cannot_start_in_a_closed_call(case, citizen, department):
    closed = CallFactory(department=department, deadline=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(TransitionError):
        services.consultation_start_proposal(consultation=case, call=closed, title="A", by=citizen)


def test_linking_a_proposal_of_another_organisation_is_refused(case, coordinator, other_organisation):
    with pytest.raises(TransitionError):
        services.consultation_mark_led_to_proposal(
            consultation=case, proposal=ProposalFactory(organisation=other_organisation), by=coordinator
        )
