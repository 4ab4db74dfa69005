"""The proposal wizard. Every step saves what is valid on the server (even when other fields
have errors), the typed input is kept on the page, and htmx autosaves in the background."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import roles_of
from kyodo.params import QueryParams
from kyodo.workflow import NotAllowed, TransitionError

from .. import forms as f
from .. import permissions as perms
from .. import services
from ..models import Call, ProposalAttachment, ProposalStatus
from .common import get_visible_proposal, require


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type | None = None
    formset: type | None = None


STEPS = [
    Step("organisation", _("Organisation and co-proposers"), form=f.OrganisationStep),
    Step("problem", _("Problem and purpose"), form=f.ProblemStep),
    Step("activities", _("Activities and beneficiaries"), form=f.ActivitiesStep),
    Step("collaboration", _("Collaboration"), form=f.CollaborationStep),
    Step("roles", _("Role split"), formset=f.RoleFormSet),
    Step("budget", _("Budget"), formset=f.BudgetFormSet),
    Step("schedule", _("Schedule, departments and area"), form=f.ScheduleStep),
    Step("attachments", _("Attachments")),
    Step("preview", _("Preview and submit")),
]
STEP_BY_SLUG = {s.slug: s for s in STEPS}


def _step_or_404(slug: str) -> Step:
    try:
        return STEP_BY_SLUG[slug]
    except KeyError:
        raise Http404 from None


def _neighbours(step: Step) -> tuple[Step | None, Step | None]:
    i = STEPS.index(step)
    return (STEPS[i - 1] if i > 0 else None, STEPS[i + 1] if i + 1 < len(STEPS) else None)


def _initial(step: Step, proposal) -> dict | list:
    if step.formset is f.RoleFormSet:
        return [{"task": r.task, "party": r.party, "partner_name": r.partner_name} for r in proposal.roles.all()]
    if step.formset is f.BudgetFormSet:
        return [
            {"item": b.item, "amount": b.amount, "city_share": b.city_share, "note": b.note}
            for b in proposal.budget_lines.all()
        ]
    data = {}
    for name in step.form.base_fields:
        value = getattr(proposal, name)
        data[name] = list(value.all()) if hasattr(value, "all") else value
    return data


def _bind(step: Step, proposal, data=None):
    if step.formset:
        # A submitted formset stands for the whole list of rows. Binding it with the saved rows
        # as `initial` would make an unchanged row look "empty" (extra forms that did not change
        # are skipped) and a save would drop it.
        initial = None if data is not None else _initial(step, proposal)
        return step.formset(data, initial=initial, prefix=step.slug)
    return step.form(data, initial=_initial(step, proposal), proposal=proposal)


def _save_valid(step: Step, bound, proposal, user, based_on: str | None = None) -> bool:
    """Save every valid field (or valid row) of a bound step; True when all of it was valid."""
    if step.formset:
        complete = bound.is_valid()
        # Rows already saved come back unchanged: keep them. Blank extra rows clean to {}.
        rows = [
            form.cleaned_data
            for form in bound.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        saver = services.proposal_replace_roles if step.formset is f.RoleFormSet else services.proposal_replace_budget
        saver(proposal=proposal, rows=rows, by=user, based_on=based_on)
        return complete
    complete = bound.is_valid()
    valid = {name: value for name, value in bound.cleaned_data.items() if name not in bound.errors}
    services.proposal_save_draft(proposal=proposal, data=valid, by=user, based_on=based_on)
    return complete


def _editable_proposal(request: HttpRequest, pk: int):
    proposal = get_visible_proposal(request, pk)
    require(perms.can_edit_proposal(request.user, proposal))
    return proposal


@login_required
def proposal_start(request: HttpRequest) -> HttpResponse:
    if not roles_of(request.user).organisation_ids:
        messages.info(request, _("Register your organisation (or join one) before writing a proposal."))
        return redirect("projects:my_proposals")
    initial = {}
    if call_id := QueryParams(request).object_id("call"):
        initial["call"] = Call.objects.open().filter(pk=call_id).first()
    form = f.ProposalStartForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create_draft(
                organisation=form.cleaned_data["organisation"], call=form.cleaned_data["call"],
                title=form.cleaned_data["title"], by=request.user,
                submission_key=form.cleaned_data["submission_key"],
            )
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("projects:proposal_step", pk=proposal.pk, step=STEPS[0].slug)
    return render(request, "projects/proposal_start.html", {"form": form})


def _context(request, proposal, step: Step, bound=None, **extra) -> dict:
    previous, following = _neighbours(step)
    context = {
        "proposal": proposal,
        "step": step,
        "steps": STEPS,
        "step_number": STEPS.index(step) + 1,
        "previous": previous,
        "next": following,
        "form": bound,
        # Booleans for the template: it would call the form classes if given them.
        "has_form": bool(step.form or step.formset),
        "is_formset": bool(step.formset),
        "saved_at_ms": int(proposal.updated_at.timestamp() * 1000),
        **extra,
    }
    if step.slug == "attachments":
        context["attachments"] = proposal.attachments.all()
        context.setdefault("attachment_form", f.AttachmentForm())
        context["max_upload_mb"] = round(settings.KYODO_MAX_UPLOAD_BYTES / 1024 / 1024, 1)
    if step.slug == "preview":
        context["missing"] = services.proposal_missing_fields(proposal)
        context["can_submit"] = perms.can_submit_proposal(request.user, proposal)
        context["past_deadline"] = proposal.status == ProposalStatus.DRAFT and proposal.call.is_past_deadline
        context.update(proposal_display_context(proposal))
    return context


def proposal_display_context(proposal) -> dict:
    budget_lines = list(proposal.budget_lines.all())
    # The totals from the rows already read, instead of one aggregate query per total shown.
    proposal.total_yen = sum(line.amount for line in budget_lines)
    proposal.asked_yen = sum(line.city_share for line in budget_lines)
    return {
        "roles": list(proposal.roles.all()),
        "budget_lines": budget_lines,
        "attachments": list(proposal.attachments.all()),
        "co_proposers": list(proposal.co_proposers.all()),
        "departments": proposal.department_list(),
        "fields_of_activity": list(proposal.fields.all()),
    }


@login_required
def proposal_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    step_ = _step_or_404(step)
    proposal = _editable_proposal(request, pk)
    if request.method == "POST" and (step_.form or step_.formset):
        bound = _bind(step_, proposal, request.POST)
        complete = _save_valid(step_, bound, proposal, request.user)
        proposal.refresh_from_db(fields=["updated_at"])  # the page's autosave builds on this save
        proposal.refresh_from_db()
        if complete:
            previous, following = _neighbours(step_)
            target = previous if "previous" in request.POST else following
            if "stay" in request.POST or target is None:
                messages.success(request, _("Saved."))
                target = step_
            return redirect("projects:proposal_step", pk=proposal.pk, step=target.slug)
        messages.warning(request, _("Saved what was valid. Please correct the fields marked below."))
        return render(request, "projects/proposal_step.html", _context(request, proposal, step_, bound), status=200)
    bound = _bind(step_, proposal) if (step_.form or step_.formset) else None
    return render(request, "projects/proposal_step.html", _context(request, proposal, step_, bound))


@require_POST
def proposal_autosave(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """htmx background save. An expired session gets a notice, not a redirect: the browser keeps
    the typed text (projects.js) until the user logs in again."""
    step_ = _step_or_404(step)
    if not request.user.is_authenticated:
        login = f"{reverse('account_login')}?next={reverse('projects:proposal_step', args=[pk, step])}"
        return render(request, "projects/partials/autosave_status.html", {"expired": True, "login_url": login})
    proposal = _editable_proposal(request, pk)
    if not (step_.form or step_.formset):
        return HttpResponse(status=204)
    bound = _bind(step_, proposal, request.POST)
    try:
        complete = _save_valid(step_, bound, proposal, request.user, based_on=request.POST.get("based_on") or None)
    except services.StaleDraft as exc:
        return render(request, "projects/partials/autosave_status.html", {"error": str(exc)})
    except (NotAllowed, TransitionError, ValidationError) as exc:
        # e.g. submitted from another tab meanwhile: say so instead of pretending it was saved
        return render(request, "projects/partials/autosave_status.html", {"error": str(exc)})
    based_on = type(proposal).objects.values_list("updated_at", flat=True).get(pk=proposal.pk).isoformat()
    return render(
        request, "projects/partials/autosave_status.html",
        {"saved": True, "complete": complete, "at": timezone.localtime(), "based_on": based_on},
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _editable_proposal(request, pk)
    form = f.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.proposal_add_attachment(
                proposal=proposal, upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"], by=request.user,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("The file has been attached."))
            return redirect("projects:proposal_step", pk=proposal.pk, step="attachments")
    step_ = STEP_BY_SLUG["attachments"]
    return render(
        request, "projects/proposal_step.html", _context(request, proposal, step_, attachment_form=form), status=400
    )


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(ProposalAttachment, pk=pk)
    proposal = _editable_proposal(request, attachment.proposal_id)
    services.proposal_delete_attachment(attachment=attachment, by=request.user)
    messages.success(request, _("The file has been removed."))
    return redirect("projects:proposal_step", pk=proposal.pk, step="attachments")
