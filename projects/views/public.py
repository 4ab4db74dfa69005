"""Public pages: open calls with the days left, and the register of adopted proposals (公開)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from kyodo.paging import paginate
from kyodo.publiccache import CALLS, ORGANISATIONS, PROJECTS, public_page

from ..models import Call, Proposal
from ..selectors import proposals_for_list


@public_page(CALLS)
def call_list(request: HttpRequest) -> HttpResponse:
    calls = Call.objects.open().select_related("department__parent").order_by("deadline", "id")
    return render(request, "projects/call_list.html", {"calls": calls})


@public_page(CALLS)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.select_related("department__parent"), pk=pk, is_published=True)
    return render(request, "projects/call_detail.html", {"call": call})


@public_page(PROJECTS, ORGANISATIONS)
def register_list(request: HttpRequest) -> HttpResponse:
    proposals = proposals_for_list(Proposal.objects.adopted()).order_by("-decided_at", "-id")
    page, query = paginate(request, proposals)
    return render(request, "projects/register_list.html", {"proposals": page, "page": page, "query": query})


@public_page(PROJECTS, ORGANISATIONS)
def register_json(request: HttpRequest) -> JsonResponse:
    """The register as open data. Only what the register page shows: no personal contact data."""
    proposals = proposals_for_list(Proposal.objects.adopted()).order_by("-decided_at", "-id")
    rows = [
        {
            "id": p.pk,
            "title": p.title,
            "fiscal_year": p.call.fiscal_year,
            "origin": p.origin,
            "call": p.call.title,
            "organisations": [p.organisation.name, *(o.name for o in p.co_proposers.all())],
            "departments": [str(d) for d in p.departments.all()],
            "ward": p.ward.name if p.ward else None,
            "fields": [x.name for x in p.fields.all()],
            "purpose": p.purpose,
            "collaboration_form": p.collaboration_form,
            "start_type": p.start_type,
            "budget_total_yen": p.budget_total,
            "budget_asked_of_city_yen": p.budget_asked,
            "adopted_at": p.decided_at.isoformat() if p.decided_at else None,
        }
        for p in proposals
    ]
    return JsonResponse({"adopted_proposals": rows}, json_dumps_params={"ensure_ascii": False})


@public_page(PROJECTS, ORGANISATIONS)
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        proposals_for_list(Proposal.objects.adopted()).prefetch_related("roles"), pk=pk
    )
    return render(request, "projects/register_detail.html", {"proposal": proposal})
