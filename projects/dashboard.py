"""Home-page panels: what each role must act on in proposals."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of
from kyodo.dashboard import Panel

from .models import Proposal, ProposalStatus


def panels(request: HttpRequest) -> list[Panel]:
    roles = roles_of(request.user)
    out: list[Panel] = []
    if roles.organisation_ids:
        mine = list(
            Proposal.objects.filter(organisation_id__in=roles.organisation_ids)
            .exclude(status__in=[ProposalStatus.WITHDRAWN])
            .select_related("call")
            .order_by("-updated_at")[:5]
        )
        out.append(Panel(_("Your proposals"), "projects/partials/panel_mine.html", {"proposals": mine}, order=20))
    if roles.is_city_staff or roles.admin:
        waiting = Proposal.objects.filter(status=ProposalStatus.SUBMITTED).count()
        screening = Proposal.objects.filter(status=ProposalStatus.SCREENING).count()
        out.append(
            Panel(_("Proposals to handle"), "projects/partials/panel_staff.html",
                  {"waiting": waiting, "screening": screening}, order=20)
        )
    if roles.committee:
        to_score = Proposal.objects.filter(
            status=ProposalStatus.SCREENING, call__screening_round__members=request.user
        ).exclude(conflicts__member=request.user).count()
        out.append(Panel(_("Screening"), "projects/partials/panel_committee.html", {"to_score": to_score}, order=20))
    return out
