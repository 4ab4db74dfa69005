"""Public pages: open calls with the days left, and the register of adopted proposals (公開)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ..models import Call, Proposal
from ..selectors import proposals_for_list


def call_list(request: HttpRequest) -> HttpResponse:
    calls = Call.objects.open().select_related("department__parent").order_by("deadline", "id")
    return render(request, "projects/call_list.html", {"calls": calls})


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.select_related("department__parent"), pk=pk, is_published=True)
    return render(request, "projects/call_detail.html", {"call": call})


def register_list(request: HttpRequest) -> HttpResponse:
    proposals = proposals_for_list(Proposal.objects.adopted()).order_by("-decided_at", "-id")
    return render(request, "projects/register_list.html", {"proposals": proposals})


def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        proposals_for_list(Proposal.objects.adopted()).prefetch_related("roles"), pk=pk
    )
    return render(request, "projects/register_detail.html", {"proposal": proposal})
