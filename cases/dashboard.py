"""Home-page panels: coordinators see due/overdue follow-ups and new requests; city staff see
the consultations referred to their departments; citizens see their consultation requests."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of
from kyodo.dashboard import Panel

from .models import Consultation, Referral


def panels(request: HttpRequest) -> list[Panel]:
    roles = roles_of(request.user)
    out: list[Panel] = []
    if roles.is_coordinator:
        today = timezone.localdate()
        mine = Consultation.objects.for_centres(roles.centre_ids)
        active = mine.active().filter(next_follow_up__lte=today)
        out.append(Panel(
            title=_("Consultations to follow up"),
            template="cases/partials/dashboard_coordinator.html",
            context={
                "overdue": active.filter(next_follow_up__lt=today).count(),
                "due_today": active.filter(next_follow_up=today).count(),
                "new_requests": mine.new_requests().count(),
            },
            order=20,
        ))
    if roles.is_city_staff:
        # A referral reaches the department's staff by mail; it is listed here too, newest first.
        referrals = (
            Referral.objects.filter(department_id__in=roles.department_ids)
            .select_related("consultation__centre", "department")
            .order_by("-at", "-id")[:5]
        )
        out.append(Panel(
            title=_("Consultations referred to your department"),
            template="cases/partials/dashboard_referred.html",
            context={"referrals": list(referrals)},
            order=40,
        ))
    if roles.is_citizen:
        requests = (
            Consultation.objects.filter(organisation_id__in=roles.organisation_ids)
            .select_related("centre").order_by("-opened_at")[:5]
        )
        out.append(Panel(
            title=_("Your consultations"),
            template="cases/partials/dashboard_citizen.html",
            context={"cases": list(requests)},
            order=60,
        ))
    return out
