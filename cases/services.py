"""Every write to a consultation. Each function is keyword-only, takes the acting user (`by`),
checks permission and state, and writes a `ConsultationEvent` in the same transaction. Calling a
move twice is harmless: a repeat of a move already made returns quietly."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import roles_of
from kyodo.idempotency import create_once
from kyodo.outbox import enqueue_on_commit
from kyodo.text import normalize
from kyodo.workflow import NotAllowed, TransitionError, check_transition
from partners.models import CoordinatorPosting, Department, Organisation, SupportCentre

from . import permissions, tasks
from .models import (
    TRANSITIONS,
    Channel,
    Consultation,
    ConsultationContact,
    ConsultationEvent,
    ConsultationStatus,
    Introduction,
    Referral,
    VisitorKind,
)

Kind = ConsultationEvent.Kind

_ORGANISATION_KIND_TO_VISITOR = {
    Organisation.Kind.NPO: VisitorKind.NPO,
    Organisation.Kind.CIVIC_GROUP: VisitorKind.CIVIC,
    Organisation.Kind.NEIGHBOURHOOD: VisitorKind.NEIGHBOURHOOD,
    Organisation.Kind.COMPANY: VisitorKind.COMPANY,
    Organisation.Kind.SCHOOL: VisitorKind.SCHOOL,
}


def _require(decision) -> None:
    if not decision:
        raise NotAllowed(decision.reason)


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _event(consultation: Consultation, kind: str, by: User | None, **fields) -> ConsultationEvent:
    return ConsultationEvent.objects.create(consultation=consultation, kind=kind, actor=by, **fields)


def _move(case: Consultation, target: str, by: User, *, note: str = "", extra_fields: Iterable[str] = ()) -> None:
    """Change the status of a locked row and write the event."""
    check_transition(TRANSITIONS, case.status, target, ConsultationStatus.choices)
    old = case.status
    case.status = target
    case.save(update_fields=["status", "updated_at", *extra_fields])
    _event(case, Kind.STATUS, by, from_status=old, to_status=target, note=note)


# --- Creating ------------------------------------------------------------------------------
@transaction.atomic
def consultation_record(
    *,
    centre: SupportCentre,
    by: User,
    channel: str,
    visitor_kind: str,
    summary: str,
    opened_at: dt.datetime | None = None,
    organisation: Organisation | None = None,
    group_name: str = "",
    person_name: str = "",
    person_contact: str = "",
    question: str = "",
    response: str = "",
    ward=None,
    topics: Iterable = (),
    fields: Iterable = (),
    next_follow_up: dt.date | None = None,
    coordinator: User | None = None,
    submission_key: uuid.UUID | None = None,
) -> Consultation:
    """A coordinator records a consultation at their centre (walk-in, phone, e-mail …). A repeat
    of the same form submission (`submission_key`) returns the case it recorded."""
    _require(permissions.can_record_consultation(by, centre))

    def create() -> Consultation:
        case = Consultation.objects.create(
            centre=centre,
            coordinator=coordinator or by,
            opened_at=opened_at or timezone.now(),
            channel=channel,
            organisation=organisation,
            group_name=normalize(group_name),
            person_name=normalize(person_name),
            person_contact=normalize(person_contact),
            visitor_kind=visitor_kind,
            ward=ward or (organisation.ward if organisation else None),
            summary=normalize(summary),
            question=normalize(question),
            response=normalize(response),
            next_follow_up=next_follow_up,
            created_by=by,
            submission_key=submission_key,
        )
        case.topics.set(topics)
        case.fields.set(fields or (organisation.fields.all() if organisation else ()))
        _event(case, Kind.RECORDED, by, to_status=case.status, to_coordinator=case.coordinator, to_centre=centre)
        return case

    case, _created = create_once(Consultation, by=by, key=submission_key, create=create)
    return case


@transaction.atomic
def consultation_request(
    *,
    centre: SupportCentre,
    organisation: Organisation,
    summary: str,
    question: str,
    by: User,
    topics: Iterable = (),
    submission_key: uuid.UUID | None = None,
) -> Consultation:
    """A member of a citizen group asks for a consultation from the portal: the case appears as
    a new request in the chosen centre's queue, with no coordinator yet. A repeat of the same
    form submission (`submission_key`) returns the request it made (and is announced once)."""
    _require(permissions.can_request_consultation(by, organisation))

    def create() -> Consultation:
        case = Consultation.objects.create(
            centre=centre,
            coordinator=None,
            channel=Channel.PORTAL,
            organisation=organisation,
            visitor_kind=_ORGANISATION_KIND_TO_VISITOR.get(organisation.kind, VisitorKind.OTHER),
            ward=organisation.ward,
            summary=normalize(summary),
            question=normalize(question),
            requested_by=by,
            created_by=by,
            submission_key=submission_key,
        )
        case.topics.set(topics)
        case.fields.set(organisation.fields.all())
        event = _event(case, Kind.REQUESTED, by, to_status=case.status, to_centre=centre)
        enqueue_on_commit(tasks.notify_new_request, event.pk)
        return case

    case, _created = create_once(Consultation, by=by, key=submission_key, create=create)
    return case


# --- Timeline ------------------------------------------------------------------------------
@transaction.atomic
def consultation_add_contact(
    *, consultation: Consultation, contacted_on: dt.date, channel: str, note: str, by: User,
    next_follow_up: dt.date | None = None,
) -> ConsultationContact:
    """Add a contact to the timeline. The first contact on an open case starts the follow-up."""
    case = _locked(consultation)
    _require(permissions.can_manage_consultation(by, case))
    note = normalize(note)
    existing = case.contacts.filter(contacted_on=contacted_on, channel=channel, note=note).first()
    if existing:  # a double submit
        return existing
    contact = ConsultationContact.objects.create(
        consultation=case, contacted_on=contacted_on, channel=channel, note=note, by=by
    )
    _event(case, Kind.CONTACT, by, note=note[:200])
    if next_follow_up is not None:
        case.next_follow_up = next_follow_up
        case.save(update_fields=["next_follow_up", "updated_at"])
    if case.status == ConsultationStatus.OPEN:
        _move(case, ConsultationStatus.FOLLOWING, by)
    return contact


@transaction.atomic
def consultation_schedule_follow_up(*, consultation: Consultation, on: dt.date | None, by: User) -> Consultation:
    """Set (or clear, with `on=None`) the next follow-up date."""
    case = _locked(consultation)
    _require(permissions.can_manage_consultation(by, case))
    if not case.is_active:
        raise TransitionError(_("Follow-ups can be scheduled only for an open case or a case being followed up."))
    if case.next_follow_up == on:
        return case
    case.next_follow_up = on
    case.save(update_fields=["next_follow_up", "updated_at"])
    _event(case, Kind.FOLLOW_UP, by, note=on.isoformat() if on else "")
    if on is not None and case.status == ConsultationStatus.OPEN:
        _move(case, ConsultationStatus.FOLLOWING, by)
    return case


# --- Referrals, introductions, hand-overs --------------------------------------------------
@transaction.atomic
def consultation_refer(
    *,
    consultation: Consultation,
    by: User,
    department: Department | None = None,
    organisation: Organisation | None = None,
    centre: SupportCentre | None = None,
    note: str = "",
) -> Referral:
    """Refer the case to exactly one department, organisation or other centre."""
    targets = [t for t in (department, organisation, centre) if t is not None]
    if len(targets) != 1:
        raise ValueError("Refer to exactly one department, organisation or centre.")
    case = _locked(consultation)
    _require(permissions.can_manage_consultation(by, case))
    if centre is not None and centre.pk == case.centre_id:
        raise TransitionError(_("The case is already at this centre."))
    target = {"department": department, "organisation": organisation, "centre": centre}
    existing = case.referrals.filter(**target).first()
    if existing:
        return existing
    referral = Referral.objects.create(consultation=case, note=normalize(note), by=by, **target)
    _event(case, Kind.REFERRED, by, note=str(targets[0]))
    if department is not None:
        enqueue_on_commit(tasks.notify_referral, referral.pk)
    return referral


@transaction.atomic
def consultation_introduce(
    *,
    consultation: Consultation,
    by: User,
    department: Department | None = None,
    organisation: Organisation | None = None,
    note: str = "",
) -> Introduction:
    """Record that the visitor was introduced to a department or organisation. The match score
    (and its components) at that moment are stored with it."""
    from .matching import score_for_target

    if (department is None) == (organisation is None):
        raise ValueError("Introduce exactly one department or organisation.")
    case = _locked(consultation)
    _require(permissions.can_manage_consultation(by, case))
    target = {"department": department} if department else {"organisation": organisation}
    existing = case.introductions.filter(**target).first()
    if existing:
        return existing
    match = score_for_target(case, department=department, organisation=organisation)
    introduction = Introduction.objects.create(
        consultation=case, note=normalize(note), by=by, score=match.total if match else 0,
        score_components=match.components if match else {}, **target,
    )
    _event(case, Kind.INTRODUCED, by, note=str(department or organisation))
    return introduction


@transaction.atomic
def consultation_hand_over(
    *,
    consultation: Consultation,
    by: User,
    to_coordinator: User | None = None,
    to_centre: SupportCentre | None = None,
    note: str = "",
) -> Consultation:
    """Hand the case to another coordinator and/or another centre. Taking a new portal request
    is a hand-over to oneself."""
    case = _locked(consultation)
    _require(permissions.can_manage_consultation(by, case))
    centre = to_centre or case.centre
    if to_coordinator is not None and not CoordinatorPosting.objects.filter(
        user=to_coordinator, centre=centre
    ).exists():
        raise NotAllowed(_("%(user)s is not a coordinator at %(centre)s.") % {"user": to_coordinator, "centre": centre})
    new_coordinator = to_coordinator if to_coordinator is not None else (
        case.coordinator if centre.pk == case.centre_id else None
    )
    if centre.pk == case.centre_id and new_coordinator == case.coordinator:
        return case  # nothing changes: a repeat
    old_centre, old_coordinator = case.centre, case.coordinator
    case.centre, case.coordinator = centre, new_coordinator
    case.save(update_fields=["centre", "coordinator", "updated_at"])
    _event(
        case, Kind.HANDED_OVER, by, from_coordinator=old_coordinator, to_coordinator=new_coordinator,
        from_centre=old_centre, to_centre=centre, note=normalize(note),
    )
    return case


def consultation_take(*, consultation: Consultation, by: User) -> Consultation:
    """A coordinator takes a case (typically a new portal request) in charge."""
    return consultation_hand_over(consultation=consultation, to_coordinator=by, by=by)


# --- Outcomes ------------------------------------------------------------------------------
@transaction.atomic
def consultation_close(*, consultation: Consultation, reason: str, by: User) -> Consultation:
    """Close without collaboration. The reason is required (協働モデルの蓄積)."""
    reason = normalize(reason)
    if not reason:
        raise ValueError("A reason is required to close a case without collaboration.")
    case = _locked(consultation)
    _require(permissions.can_manage_consultation(by, case))
    if case.status == ConsultationStatus.CLOSED:
        return case
    check_transition(TRANSITIONS, case.status, ConsultationStatus.CLOSED, ConsultationStatus.choices)
    case.closed_reason = reason
    case.next_follow_up = None
    _move(case, ConsultationStatus.CLOSED, by, note=reason, extra_fields=["closed_reason", "next_follow_up"])
    return case


@transaction.atomic
def consultation_reopen(*, consultation: Consultation, by: User, note: str = "") -> Consultation:
    case = _locked(consultation)
    _require(permissions.can_manage_consultation(by, case))
    if case.status == ConsultationStatus.FOLLOWING:
        return case
    case.closed_reason = ""
    _move(case, ConsultationStatus.FOLLOWING, by, note=normalize(note), extra_fields=["closed_reason"])
    return case


@transaction.atomic
def consultation_mark_led_to_proposal(*, consultation: Consultation, proposal, by: User) -> Consultation:
    """Link the case to the proposal it led to."""
    case = _locked(consultation)
    _require(permissions.can_manage_consultation(by, case))
    if case.status == ConsultationStatus.LED_TO_PROPOSAL and case.proposal_id == proposal.pk:
        return case
    if case.organisation_id and proposal.organisation_id != case.organisation_id:
        raise TransitionError(_("The proposal belongs to another organisation."))
    case.proposal = proposal
    if case.status == ConsultationStatus.LED_TO_PROPOSAL:
        case.save(update_fields=["proposal", "updated_at"])
    else:
        _move(case, ConsultationStatus.LED_TO_PROPOSAL, by, extra_fields=["proposal"])
    _event(case, Kind.PROPOSAL, by, note=proposal.title)
    return case


@transaction.atomic
def consultation_start_proposal(*, consultation: Consultation, call, title: str, by: User):
    """Start a proposal draft for the case's organisation in an open call, and link it."""
    case = _locked(consultation)
    if case.proposal_id is not None and (
        permissions.is_member_of_case_organisation(by, case) or permissions.is_centre_coordinator(by, case)
    ):
        return case.proposal  # a repeat
    _require(permissions.can_start_proposal(by, case))
    if not call.is_open:
        raise TransitionError(_("This call is not open for proposals."))
    fields = {"local_problem": case.question} if case.question else {}
    proposal = proposal_create_draft(
        organisation=case.organisation, call=call, title=normalize(title), by=by, **fields
    )
    if case.ward_id and proposal.ward_id is None:
        proposal.ward_id = case.ward_id
        proposal.save(update_fields=["ward"])
    proposal.fields.add(*case.fields.all())
    case.proposal = proposal
    _move(case, ConsultationStatus.LED_TO_PROPOSAL, by, extra_fields=["proposal"])
    _event(case, Kind.PROPOSAL, by, note=proposal.title)
    return proposal


def proposal_create_draft(*, organisation: Organisation, call, title: str, by: User, **fields):
    """Use the projects app's service when it exists; until then create the draft directly.
    (For the integrator: once `projects.services.proposal_create_draft` exists this is a shim.)"""
    try:
        from projects import services as project_services
    except ImportError:
        project_services = None
    create = getattr(project_services, "proposal_create_draft", None)
    if create is not None:
        return create(organisation=organisation, call=call, title=title, by=by, **fields)
    from projects.models import Proposal

    return Proposal.objects.create(
        call=call, origin=call.origin, organisation=organisation, title=title,
        status=Proposal.Status.DRAFT, created_by=by, **fields,
    )


def coordinators_of(centre: SupportCentre) -> list[User]:
    return [p.user for p in CoordinatorPosting.objects.filter(centre=centre).select_related("user")]


def is_coordinator(user: User) -> bool:
    return roles_of(user).is_coordinator
