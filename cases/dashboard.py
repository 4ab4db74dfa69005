"""Home-page panels: coordinators see due/overdue follow-ups and new requests; citizens see
their consultation requests."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of
from kyodo.dashboard import Panel

from .models import Consultation


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
