"""The screening committee's pages: the proposals to score, the score sheet, conflicts."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import roles_of
from kyodo.paging import paginate_ids
from kyodo.workflow import NotAllowed

from .. import forms as f
from .. import permissions as perms
from .. import services
from ..models import Proposal, ProposalStatus
from ..selectors import proposal_result
from .common import get_visible_proposal, require

SCREENING_PAGE = 50


@login_required
def screening_list(request: HttpRequest) -> HttpResponse:
    if not roles_of(request.user).committee:
        raise PermissionDenied(_("This page is for screening committee members."))
    # Paged over the ids (a member of many rounds may have hundreds to score); the counts are
    # computed for the page's rows only.
    assigned = Proposal.objects.filter(
        status=ProposalStatus.SCREENING, call__screening_round__members=request.user
    ).order_by("call", "id")

    def fetch(ids):
        return (
            Proposal.objects.filter(pk__in=ids)
            .select_related("call", "organisation")
            .only("title", "call__title", "organisation__name")
            .annotate(
                my_scores=Count("scores", filter=Q(scores__member=request.user), distinct=True),
                criteria_count=Count("call__screening_round__criteria", distinct=True),
                my_conflict=Count("conflicts", filter=Q(conflicts__member=request.user), distinct=True),
            )
        )

    page, query = paginate_ids(request, assigned, fetch, per_page=SCREENING_PAGE)
    return render(request, "projects/screening_list.html", {"proposals": page, "page": page, "query": query})


@login_required
def proposal_score(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_visible_proposal(request, pk)
    if not perms.is_assigned_screener(request.user, proposal):
        raise PermissionDenied(_("Only committee members assigned to this call can score."))
    round_ = proposal.call.screening_round
    criteria = list(round_.criteria.all())
    mine = {s.criterion_id: s for s in proposal.scores.filter(member=request.user)}
    initial = {}
    for c in criteria:
        if c.pk in mine:
            initial[f"score_{c.pk}"] = mine[c.pk].score
            initial[f"comment_{c.pk}"] = mine[c.pk].comment
    form = f.ScoreForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST":
        require(perms.can_score_proposal(request.user, proposal))
        if form.is_valid():
            try:
                services.scores_submit(proposal=proposal, scores=form.scores(), by=request.user)
            except (ValidationError, NotAllowed) as exc:
                form.add_error(None, exc.messages if hasattr(exc, "messages") else str(exc))
            else:
                messages.success(request, _("Your scores have been saved."))
                return redirect("projects:proposal_score", pk=proposal.pk)
    context = {
        "proposal": proposal, "round": round_, "form": form,
        "can_score": perms.can_score_proposal(request.user, proposal),
        "has_conflict": perms.has_conflict(request.user, proposal),
        "see_scores": perms.can_see_scores(request.user, proposal),
        "conflict_form": f.ConflictForm(),
    }
    if context["see_scores"]:
        by_member = defaultdict(dict)
        for s in proposal.scores.filter(criterion__round=round_).select_related("member"):
            by_member[s.member][s.criterion_id] = s
        context["others"] = [
            {"member": m, "cells": [scores.get(c.pk) for c in criteria]} for m, scores in by_member.items()
        ]
        context["criteria"] = criteria
        context["result"] = proposal_result(proposal, round_)
    return render(request, "projects/proposal_score.html", context)


@login_required
@require_POST
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_visible_proposal(request, pk)
    if not perms.is_assigned_screener(request.user, proposal):
        raise PermissionDenied(_("Only committee members assigned to this call can declare a conflict."))
    form = f.ConflictForm(request.POST)
    if not form.is_valid():  # a one-line reason the browser limits too: say why, record nothing
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("projects:screening_list")
    try:
        services.conflict_declare(proposal=proposal, reason=form.cleaned_data["reason"], by=request.user)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(request, _("Your conflict of interest has been recorded: you will not score this proposal."))
    return redirect("projects:screening_list")
