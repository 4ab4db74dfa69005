"""A proposal's own pages: detail, workflow buttons, brush-up thread, revisions, files."""

from __future__ import annotations

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import roles_of
from kyodo.params import QueryParams

from .. import forms as f
from .. import permissions as perms
from .. import services
from ..models import Proposal, ProposalAttachment, ProposalRevision, ProposalStatus
from ..selectors import proposal_result, proposals_for_list, proposals_of_user
from .common import get_visible_proposal, require, run_service
from .wizard import proposal_display_context


@login_required
def my_proposals(request: HttpRequest) -> HttpResponse:
    proposals = proposals_for_list(proposals_of_user(request.user)).order_by("-updated_at", "-id")
    return render(
        request, "projects/proposal_my_list.html",
        {"proposals": proposals, "has_organisation": bool(roles_of(request.user).organisation_ids)},
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_visible_proposal(request, pk))


def _detail(request: HttpRequest, proposal: Proposal, status: int = 200, **bound) -> HttpResponse:
    """The proposal's page; `bound` forms (a message, a note, a decision that did not validate)
    are shown as sent, with their errors, in place of empty ones."""
    user = request.user
    thread = proposal.messages.select_related("author")
    if not perms.can_see_internal_notes(user):
        thread = thread.filter(is_internal=False)
    context = {
        "proposal": proposal,
        **proposal_display_context(proposal),
        "events": proposal.events.select_related("actor"),
        "thread": thread,
        "revisions": proposal.revisions.select_related("created_by"),
        "can": {
            "edit": perms.can_edit_proposal(user, proposal),
            "delete": perms.can_delete_proposal(user, proposal),
            "submit": perms.can_submit_proposal(user, proposal),
            "withdraw": perms.can_withdraw_proposal(user, proposal),
            "manage": perms.can_manage_proposal(user, proposal),
            "decide": perms.can_decide_proposal(user, proposal),
            "post": perms.can_post_message(user, proposal),
            "score": perms.can_score_proposal(user, proposal),
            "see_scores": perms.can_see_scores(user, proposal),
        },
        "message_form": bound.get("message_form") or f.MessageForm(allow_internal=perms.can_see_internal_notes(user)),
        "note_form": bound.get("note_form") or f.NoteForm(),
        "decision_form": bound.get("decision_form") or f.DecisionForm(),
    }
    if proposal.status == proposal.Status.ADOPTED:
        from agreements.permissions import can_create_agreement, can_view_agreement

        existing = list(proposal.agreements.order_by("-id"))
        context["agreements"] = [a for a in existing if can_view_agreement(user, a)]
        context["can"]["create_agreement"] = can_create_agreement(user, proposal) and not existing
    if context["can"]["see_scores"] and perms.is_city_staff(user) and hasattr(proposal.call, "screening_round"):
        context["result"] = proposal_result(proposal, proposal.call.screening_round)
    return render(request, "projects/proposal_detail.html", context, status=status)


def _back(proposal: Proposal) -> HttpResponse:
    return redirect("projects:proposal_detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_visible_proposal(request, pk)
    require(perms.can_submit_proposal(request.user, proposal))
    if proposal.status == ProposalStatus.BRUSHUP:
        ok = run_service(
            request, services.proposal_resubmit, _("The revised proposal has been submitted."),
            proposal=proposal, by=request.user,
        )
    else:
        ok = run_service(
            request, services.proposal_submit, _("The proposal has been submitted."), proposal=proposal,
            by=request.user,
        )
    if not ok:
        return redirect("projects:proposal_step", pk=proposal.pk, step="preview")
    return _back(proposal)


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_visible_proposal(request, pk)
    require(perms.can_withdraw_proposal(request.user, proposal))
    form = f.NoteForm(request.POST)
    if not form.is_valid():
        return _detail(request, proposal, status=400, note_form=form)
    run_service(request, services.proposal_withdraw, _("The proposal has been withdrawn."), proposal=proposal,
                by=request.user, note=form.cleaned_data["note"])
    return _back(proposal)


@login_required
@require_POST
def proposal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_visible_proposal(request, pk)
    require(perms.can_delete_proposal(request.user, proposal))
    run_service(request, services.proposal_delete_draft, _("The draft has been deleted."), proposal=proposal,
                by=request.user)
    return redirect("projects:my_proposals")


@login_required
@require_POST
def proposal_return_for_brushup(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_visible_proposal(request, pk)
    require(perms.can_manage_proposal(request.user, proposal))
    form = f.NoteForm(request.POST)
    if not form.is_valid():
        return _detail(request, proposal, status=400, note_form=form)
    run_service(request, services.proposal_return_for_brushup, _("The proposal has been returned for brush-up."),
                proposal=proposal, by=request.user, note=form.cleaned_data["note"])
    return _back(proposal)


@login_required
@require_POST
def proposal_send_to_screening(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_visible_proposal(request, pk)
    require(perms.can_manage_proposal(request.user, proposal))
    run_service(request, services.proposal_send_to_screening, _("The proposal has been sent to screening."),
                proposal=proposal, by=request.user)
    return _back(proposal)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_visible_proposal(request, pk)
    require(perms.can_decide_proposal(request.user, proposal))
    form = f.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and give the reasons."))
        return _detail(request, proposal, status=400, decision_form=form)
    if form.cleaned_data["decision"] == "adopt":
        service, done = services.proposal_adopt, _("The proposal has been adopted.")
    else:
        service, done = services.proposal_reject, _("The proposal has not been adopted.")
    run_service(request, service, done, proposal=proposal, reason=form.cleaned_data["reason"], by=request.user)
    return _back(proposal)


@login_required
@require_POST
def message_post(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_visible_proposal(request, pk)
    require(perms.can_post_message(request.user, proposal))
    form = f.MessageForm(request.POST, allow_internal=perms.can_see_internal_notes(request.user))
    if not form.is_valid():
        return _detail(request, proposal, status=400, message_form=form)
    run_service(request, services.message_post, _("Your message has been posted."), proposal=proposal,
                body=form.cleaned_data["body"], is_internal=form.cleaned_data.get("is_internal", False),
                by=request.user)
    return redirect(f"{proposal.get_absolute_url()}#thread")


@login_required
def revision_compare(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_visible_proposal(request, pk)
    revisions = list(proposal.revisions.all())
    by_number = {r.number: r for r in revisions}
    params = QueryParams(request)
    try:
        a, b = by_number[params.number("a")], by_number[params.number("b")]
    except KeyError:
        if len(revisions) < 2:
            raise Http404 from None
        a, b = revisions[-2], revisions[-1]
    return render(
        request, "projects/revision_compare.html",
        {"proposal": proposal, "a": a, "b": b, "revisions": revisions, "diffs": compare_snapshots(a, b)},
    )


SNAPSHOT_LABELS = {
    "title": _("Title"), "co_proposers": _("Co-proposers"), "local_problem": _("The local problem"),
    "purpose": _("Purpose"), "activities": _("Activities"), "beneficiaries": _("Beneficiaries"),
    "why_collaboration": _("Why collaboration, and the synergy expected"),
    "collaboration_form": _("Form of collaboration"), "start_type": _("Start type"), "roles": _("Role split"),
    "budget": _("Budget"), "budget_total": _("Budget totals"), "schedule": _("Schedule"),
    "departments": _("Departments"), "fields": _("Fields of activity"), "ward": _("Ward"),
    "attachments": _("Attachments"),
}


def compare_snapshots(a: ProposalRevision, b: ProposalRevision) -> list[dict]:
    """Per field: whether it changed, and a line diff (kind: same / added / removed)."""
    out = []
    for key, label in SNAPSHOT_LABELS.items():
        old = str(a.snapshot.get(key, "")).splitlines()
        new = str(b.snapshot.get(key, "")).splitlines()
        lines = []
        for line in difflib.ndiff(old, new):
            code, text = line[:2], line[2:]
            if code == "? ":
                continue
            kind = {"+ ": "added", "- ": "removed"}.get(code, "same")
            lines.append({"kind": kind, "text": text})
        out.append({"label": label, "changed": old != new, "lines": lines})
    return out


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(ProposalAttachment, pk=pk)
    get_visible_proposal(request, attachment.proposal_id)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
        content_type=attachment.content_type,
    )
