"""Staff pages: the filtered proposal list with bulk screener assignment, screening rankings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kyodo import visibility
from kyodo.paging import paginate_ids
from kyodo.params import QueryParams

from .. import forms as f
from .. import permissions as perms
from .. import services
from ..filters import ProposalFilter
from ..models import Proposal, ScreeningRound
from ..selectors import proposals_for_list, round_ranking


def _require_staff(request: HttpRequest) -> None:
    if not perms.is_city_staff(request.user):
        raise PermissionDenied(_("This page is for city staff."))


@login_required
def staff_proposal_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    filterset = QueryParams(request).bind(ProposalFilter, queryset=visibility.visible(request.user, Proposal))
    page, query = paginate_ids(
        request, filterset.qs.order_by("-submitted_at", "-id"),
        lambda ids: proposals_for_list(Proposal.objects.filter(pk__in=ids)),
    )
    return render(
        request, "projects/staff_proposal_list.html",
        {"filter": filterset, "proposals": page, "page": page, "query": query, "assign_form": f.AssignScreenersForm()},
    )


@login_required
@require_POST
def staff_assign_screeners(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = f.AssignScreenersForm(request.POST)
    if form.is_valid():
        rounds = services.screening_assign_members(
            proposals=form.cleaned_data["proposals"], members=form.cleaned_data["members"], by=request.user
        )
        messages.success(
            request, _("Screeners assigned to %(n)s screening round(s).") % {"n": len(rounds)}
        )
    else:
        messages.error(request, _("Choose at least one proposal and one committee member."))
    # Back to the list the staff member came from, but only to a path on this site.
    target = request.POST.get("next", "")
    if not (
        target.startswith("/") and target.isprintable()
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        target = reverse("projects:staff_proposal_list")
    return HttpResponseRedirect(target)


@login_required
def screening_round_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    rounds = ScreeningRound.objects.select_related("call").prefetch_related("members", "criteria")
    return render(request, "projects/screening_round_list.html", {"rounds": rounds})


@login_required
def screening_round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    round_ = get_object_or_404(ScreeningRound.objects.select_related("call"), pk=pk)
    return render(
        request, "projects/screening_round_detail.html",
        {
            "round": round_, "ranking": round_ranking(round_), "criteria": list(round_.criteria.all()),
            "members": list(round_.members.all()),
        },
    )
