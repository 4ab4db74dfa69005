"""Every write to proposals, brush-up and screening goes through here."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyodo import publiccache
from kyodo.idempotency import create_once
from kyodo.outbox import enqueue_on_commit
from kyodo.text import normalize
from kyodo.workflow import NotAllowed, TransitionError, check_transition

from . import permissions as perms
from .choices import criterion_presets
from .models import (
    TRANSITIONS,
    BudgetLine,
    Call,
    ConflictDeclaration,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalMessage,
    ProposalRevision,
    ProposalRole,
    ProposalStatus,
    Score,
    ScreeningCriterion,
    ScreeningRound,
)

S = ProposalStatus
logger = logging.getLogger(__name__)

TEXT_FIELDS = (
    "title", "local_problem", "purpose", "activities", "beneficiaries", "why_collaboration",
    "schedule",
)
CHOICE_FIELDS = ("collaboration_form", "start_type")
M2M_FIELDS = ("co_proposers", "departments", "fields")
REQUIRED_FOR_SUBMISSION = (
    "title", "local_problem", "purpose", "activities", "beneficiaries", "why_collaboration",
    "collaboration_form", "start_type", "schedule",
)

# Content types accepted as attachments, recognised from the bytes (never from the name).
ALLOWED_ATTACHMENT_TYPES = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
}


class IncompleteProposal(TransitionError):
    """Submission refused: required content is missing. `missing` lists the field labels."""

    def __init__(self, message: str, missing: list[str]):
        super().__init__(message)
        self.missing = missing


def _require(decision) -> None:
    if not decision:
        raise NotAllowed(decision.reason)


# --- Drafts -----------------------------------------------------------------------------------
def proposal_create_draft(
    *, organisation, call: Call, title: str, by, submission_key: uuid.UUID | None = None, **fields: Any
) -> Proposal:
    """A new draft for `organisation` in `call`. `fields` may hold any text/choice field and the
    many-to-many fields (co_proposers, departments, fields) as iterables. Used by the wizard and
    by consultations (cases) that turn into a proposal. `submission_key` (the start form's) makes
    a repeat of the same submission return the draft it made."""
    roles = perms.roles_of(by)
    # Coordinators may open a draft for a group they advise (a consultation becoming a proposal).
    if organisation.pk not in roles.organisation_ids and not (roles.admin or roles.is_coordinator):
        raise NotAllowed(_("You can write proposals only for your own organisation."))

    def create() -> Proposal:
        proposal = Proposal.objects.create(
            call=call, origin=call.origin, organisation=organisation, title=normalize(title) or _("(untitled)"),
            created_by=by, submission_key=submission_key,
        )
        ProposalEvent.objects.create(proposal=proposal, actor=by, from_status="", to_status=S.DRAFT)
        if fields:
            _apply_fields(proposal, fields)
        return proposal

    proposal, _created = create_once(Proposal, by=by, key=submission_key, create=create)
    return proposal


def _apply_fields(proposal: Proposal, data: Mapping[str, Any]) -> list[str]:
    changed = []
    for name in TEXT_FIELDS + CHOICE_FIELDS:
        if name in data:
            value = normalize(data[name]) if name in TEXT_FIELDS else (data[name] or "")
            if name == "title" and not value:
                continue
            setattr(proposal, name, value)
            changed.append(name)
    if "ward" in data:
        proposal.ward = data["ward"]
        changed.append("ward")
    if changed:
        proposal.save(update_fields=[*changed, "updated_at"])
    for name in M2M_FIELDS:
        if name in data:
            values = list(data[name] or [])
            if name == "co_proposers":
                values = [org for org in values if org.pk != proposal.organisation_id]
            getattr(proposal, name).set(values)
            changed.append(name)
    return changed


class StaleDraft(Exception):
    """An automatic save based on an older state of the draft than the one stored."""


def _lock_editable(proposal: Proposal, by, based_on: str | None) -> Proposal:
    """Lock the draft for writing. `based_on` (the `updated_at` the page was built from) lets a
    background autosave that arrives late never overwrite a newer save."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require(perms.can_edit_proposal(by, proposal))
    if based_on and based_on != proposal.updated_at.isoformat():
        raise StaleDraft(_("A newer version of this step was saved meanwhile; this automatic save was skipped."))
    return proposal


def proposal_save_draft(*, proposal: Proposal, data: Mapping[str, Any], by, based_on: str | None = None) -> Proposal:
    """Save whatever valid fields the user sent. Allowed while the proposal is editable."""
    with transaction.atomic():
        proposal = _lock_editable(proposal, by, based_on)
        if _apply_fields(proposal, data) == []:
            proposal.save(update_fields=["updated_at"])
    return proposal


def proposal_replace_roles(
    *, proposal: Proposal, rows: Sequence[Mapping[str, Any]], by, based_on: str | None = None
) -> None:
    with transaction.atomic():
        proposal = _lock_editable(proposal, by, based_on)
        proposal.roles.all().delete()
        ProposalRole.objects.bulk_create(
            ProposalRole(
                proposal=proposal, task=normalize(row["task"]), party=row["party"],
                partner_name=normalize(row.get("partner_name")), order=i,
            )
            for i, row in enumerate(rows)
        )
        proposal.save(update_fields=["updated_at"])


def proposal_replace_budget(
    *, proposal: Proposal, rows: Sequence[Mapping[str, Any]], by, based_on: str | None = None
) -> None:
    with transaction.atomic():
        proposal = _lock_editable(proposal, by, based_on)
        proposal.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(
                proposal=proposal, item=normalize(row["item"]), amount=row["amount"],
                city_share=row.get("city_share") or 0, note=normalize(row.get("note")), order=i,
            )
            for i, row in enumerate(rows)
        )
        proposal.save(update_fields=["updated_at"])


def proposal_delete_draft(*, proposal: Proposal, by) -> None:
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
        if proposal is None:
            return  # already deleted
        _require(perms.can_delete_proposal(by, proposal))
        for attachment in proposal.attachments.all():
            attachment.file.delete(save=False)
        proposal.delete()


# --- Attachments ------------------------------------------------------------------------------
def check_attachment(upload: UploadedFile) -> str:
    """The content type of an acceptable upload; ValidationError otherwise."""
    limit = settings.KYODO_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": round(limit / 1024 / 1024, 1)}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_ATTACHMENT_TYPES:
        raise ValidationError(_("This type of file is not accepted. Attach a PDF, an image, or a Word or Excel file."))
    return kind.mime


def proposal_add_attachment(*, proposal: Proposal, upload: UploadedFile, description: str = "", by) -> ProposalAttachment:
    mime = check_attachment(upload)
    name = normalize(upload.name)[:255] or "file"
    suffix = sorted(ALLOWED_ATTACHMENT_TYPES[mime])[0]
    upload.name = f"upload{suffix}"
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _require(perms.can_edit_proposal(by, proposal))
        attachment = ProposalAttachment(
            proposal=proposal, original_name=name, content_type=mime, size=upload.size,
            description=normalize(description), uploaded_by=by,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        proposal.save(update_fields=["updated_at"])
    return attachment


def proposal_delete_attachment(*, attachment: ProposalAttachment, by) -> None:
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=attachment.proposal_id)
        _require(perms.can_edit_proposal(by, proposal))
        stored = attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.storage.delete(stored))


# --- Content checks and snapshots -------------------------------------------------------------
def proposal_missing_fields(proposal: Proposal) -> list[str]:
    missing = [
        str(Proposal._meta.get_field(name).verbose_name)
        for name in REQUIRED_FOR_SUBMISSION
        if not getattr(proposal, name)
    ]
    if not proposal.roles.exists():
        missing.append(_("role split"))
    if not proposal.budget_lines.exists():
        missing.append(_("budget"))
    return missing


def proposal_snapshot(proposal: Proposal) -> dict[str, str]:
    """The proposal's content as labelled plain text, field by field (for revisions and diffs)."""
    snap: dict[str, str] = {}
    for name in TEXT_FIELDS:
        snap[name] = getattr(proposal, name)
    snap["co_proposers"] = "\n".join(o.name for o in proposal.co_proposers.all())
    snap["collaboration_form"] = proposal.collaboration_form_label
    snap["start_type"] = proposal.start_type_label
    snap["roles"] = "\n".join(f"{r.task} → {r.who}" for r in proposal.roles.all())
    snap["budget"] = "\n".join(
        f"{b.item}: {b.amount:,}円 (市 {b.city_share:,}円 / 自己資金 {b.own_funds:,}円)"
        + (f" {b.note}" if b.note else "")
        for b in proposal.budget_lines.all()
    )
    snap["budget_total"] = f"{proposal.budget_total:,}円 / 市 {proposal.budget_asked:,}円 / 自己資金 {proposal.budget_own:,}円"
    snap["departments"] = "\n".join(str(d) for d in proposal.departments.all())
    snap["fields"] = "\n".join(str(f) for f in proposal.fields.all())
    snap["ward"] = str(proposal.ward or "")
    snap["attachments"] = "\n".join(a.original_name for a in proposal.attachments.all())
    return snap


def _add_revision(proposal: Proposal, by) -> ProposalRevision:
    last = proposal.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return ProposalRevision.objects.create(
        proposal=proposal, number=last + 1, snapshot=proposal_snapshot(proposal), created_by=by
    )


# --- Transitions ------------------------------------------------------------------------------
def _notify(event: ProposalEvent, kind: str) -> None:
    from .tasks import send_proposal_notification

    # The outbox keeps the mail if the broker is down: the move stands and the mail follows.
    # Keyed on the event: each move is announced once to each person.
    enqueue_on_commit(send_proposal_notification, event.pk, kind)


def _move(proposal: Proposal, target: str, by, note: str = "") -> ProposalEvent:
    check_transition(TRANSITIONS, proposal.status, target, S.choices)
    event = ProposalEvent.objects.create(
        proposal=proposal, actor=by, from_status=proposal.status, to_status=target, note=note
    )
    proposal.status = target
    return event


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("call__department").get(pk=proposal.pk)


def proposal_submit(*, proposal: Proposal, by) -> Proposal:
    """Draft → submitted. Refused after the call's deadline and while content is missing."""
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status == S.SUBMITTED:
            _require(perms.may_submit_proposal(by, proposal))
            return proposal
        if proposal.status == S.BRUSHUP:
            raise TransitionError(_("This proposal is in brush-up: resubmit it instead."))
        _require(perms.can_submit_proposal(by, proposal))
        check_transition(TRANSITIONS, proposal.status, S.SUBMITTED, S.choices)
        if proposal.call.is_past_deadline:
            deadline = timezone.localtime(proposal.call.deadline).strftime("%Y-%m-%d %H:%M")
            raise TransitionError(
                _("The deadline of this call (%(deadline)s) has passed: the proposal can no longer be submitted.")
                % {"deadline": deadline}
            )
        missing = proposal_missing_fields(proposal)
        if missing:
            raise IncompleteProposal(
                _("Fill in before submitting: %(fields)s.") % {"fields": "、".join(missing)}, missing
            )
        event = _move(proposal, S.SUBMITTED, by)
        proposal.submitted_at = timezone.now()
        proposal.save(update_fields=["status", "submitted_at", "updated_at"])
        _add_revision(proposal, by)
        _notify(event, "submitted")
    return proposal


def proposal_resubmit(*, proposal: Proposal, by) -> Proposal:
    """Brush-up → submitted, after revision. Not bound by the call's deadline: the city asked
    for the revision."""
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status == S.SUBMITTED:
            _require(perms.may_submit_proposal(by, proposal))
            return proposal
        _require(perms.can_submit_proposal(by, proposal))
        if proposal.status != S.BRUSHUP:
            raise TransitionError(_("Only a proposal in brush-up can be resubmitted."))
        missing = proposal_missing_fields(proposal)
        if missing:
            raise IncompleteProposal(
                _("Fill in before submitting: %(fields)s.") % {"fields": "、".join(missing)}, missing
            )
        event = _move(proposal, S.SUBMITTED, by, note=_("Resubmitted after brush-up"))
        proposal.submitted_at = timezone.now()
        proposal.save(update_fields=["status", "submitted_at", "updated_at"])
        _add_revision(proposal, by)
        _notify(event, "resubmitted")
    return proposal


def proposal_withdraw(*, proposal: Proposal, by, note: str = "") -> Proposal:
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status == S.WITHDRAWN:
            _require(perms.may_withdraw_proposal(by, proposal))
            return proposal
        _require(perms.can_withdraw_proposal(by, proposal))
        event = _move(proposal, S.WITHDRAWN, by, normalize(note))
        proposal.save(update_fields=["status", "updated_at"])
        _notify(event, "withdrawn")
    return proposal


def proposal_return_for_brushup(*, proposal: Proposal, by, note: str = "") -> Proposal:
    """Submitted → brush-up. The note opens the thread so the proposer knows what to improve."""
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status == S.BRUSHUP:
            _require(perms.may_manage_proposal(by, proposal))
            return proposal
        _require(perms.can_manage_proposal(by, proposal))
        note = normalize(note)
        event = _move(proposal, S.BRUSHUP, by, note)
        proposal.save(update_fields=["status", "updated_at"])
        if note:
            ProposalMessage.objects.create(proposal=proposal, author=by, body=note)
        _notify(event, "brushup")
    return proposal


def proposal_send_to_screening(*, proposal: Proposal, by) -> Proposal:
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status == S.SCREENING:
            _require(perms.may_manage_proposal(by, proposal))
            return proposal
        _require(perms.can_manage_proposal(by, proposal))
        _move(proposal, S.SCREENING, by)
        proposal.save(update_fields=["status", "updated_at"])
        screening_round_for_call(call=proposal.call, by=by)
    return proposal


def _decide(proposal: Proposal, target: str, reason: str, by) -> Proposal:
    reason = normalize(reason)
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status == target:
            _require(perms.may_decide_proposal(by, proposal))
            return proposal
        _require(perms.can_decide_proposal(by, proposal))
        if not reason:
            # 条例第10条: the decision is given with its reasons.
            raise ValidationError(_("Give the reasons for the decision: the proposer is told them."))
        event = _move(proposal, target, by, reason)
        proposal.decision_reason = reason
        proposal.decided_at = timezone.now()
        proposal.decided_by = by
        proposal.save(update_fields=["status", "decision_reason", "decided_at", "decided_by", "updated_at"])
        _notify(event, "decided")
        if target == S.ADOPTED:
            publiccache.changed(publiccache.PROJECTS)
    return proposal


def proposal_adopt(*, proposal: Proposal, reason: str, by) -> Proposal:
    return _decide(proposal, S.ADOPTED, reason, by)


def proposal_reject(*, proposal: Proposal, reason: str, by) -> Proposal:
    return _decide(proposal, S.NOT_ADOPTED, reason, by)


# --- Brush-up thread --------------------------------------------------------------------------
def message_post(*, proposal: Proposal, body: str, is_internal: bool = False, by) -> ProposalMessage:
    body = normalize(body)
    if not body:
        raise ValidationError(_("Write a message."))
    decision = perms.can_post_internal_note(by, proposal) if is_internal else perms.can_post_message(by, proposal)
    _require(decision)
    with transaction.atomic():
        # Under the proposal's lock, so that a double click cannot post the same text twice:
        # the same text again, right after one's own last message, is that message.
        Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
        last = ProposalMessage.objects.filter(proposal=proposal).order_by("-created_at", "-id").first()
        if last and (last.author_id, last.body, last.is_internal) == (by.pk, body, is_internal):
            return last
        return ProposalMessage.objects.create(proposal=proposal, author=by, body=body, is_internal=is_internal)


# --- Screening --------------------------------------------------------------------------------
def screening_round_for_call(*, call: Call, by=None) -> ScreeningRound:
    """The call's screening round, created with the preset criteria the first time."""
    round_, created = ScreeningRound.objects.get_or_create(
        call=call, defaults={"name": _("Screening: %(call)s") % {"call": call.title}}
    )
    if created:
        ScreeningCriterion.objects.bulk_create(
            ScreeningCriterion(
                round=round_, name=p.name, weight=p.weight, max_score=p.max_score,
                is_public_benefit=p.is_public_benefit, order=i,
            )
            for i, p in enumerate(criterion_presets())
        )
    return round_


def screening_assign_members(*, proposals: Iterable[Proposal], members: Iterable, by) -> list[ScreeningRound]:
    """Assign committee members to the screening rounds of the proposals' calls."""
    if not perms.can_manage_screening(by):
        raise NotAllowed(_("Only city staff can assign screeners."))
    members = [m for m in members if perms.roles_of(m).committee]
    rounds = []
    with transaction.atomic():
        for call in Call.objects.filter(pk__in={p.call_id for p in proposals}):
            round_ = screening_round_for_call(call=call, by=by)
            round_.members.add(*members)
            rounds.append(round_)
    return rounds


def conflict_declare(*, proposal: Proposal, reason: str = "", by) -> ConflictDeclaration:
    if not perms.is_assigned_screener(by, proposal):
        raise NotAllowed(_("Only committee members assigned to this call can declare a conflict."))
    with transaction.atomic():
        conflict, _created = ConflictDeclaration.objects.get_or_create(
            member=by, proposal=proposal, defaults={"reason": normalize(reason)}
        )
        # The member's scores on this proposal no longer count; remove them.
        Score.objects.filter(member=by, proposal=proposal).delete()
    return conflict


def scores_submit(*, proposal: Proposal, scores: Mapping[int, tuple[int, str]], by) -> list[Score]:
    """Record (or correct) a member's scores: {criterion_id: (score, comment)} for every criterion."""
    with transaction.atomic():
        proposal = _locked(proposal)
        _require(perms.can_score_proposal(by, proposal))
        criteria = {c.pk: c for c in proposal.call.screening_round.criteria.all()}
        if set(scores) != set(criteria):
            raise ValidationError(_("Score every criterion."))
        out = []
        for criterion_id, (value, comment) in scores.items():
            criterion = criteria[criterion_id]
            if not 1 <= int(value) <= criterion.max_score:
                raise ValidationError(
                    _("%(name)s: give a score from 1 to %(max)s.") % {"name": criterion.name, "max": criterion.max_score}
                )
            score, _created = Score.objects.update_or_create(
                member=by, proposal=proposal, criterion=criterion,
                defaults={"score": int(value), "comment": normalize(comment), "scored_at": timezone.now()},
            )
            out.append(score)
    return out
