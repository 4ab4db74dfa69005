"""Home-page panel: agreements waiting for the user's party (to agree, to sign) and the rest."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of
from kyodo.dashboard import Panel

from .models import Agreement, AgreementParty, AgreementRender, AgreementStatus
from .permissions import can_retry_render, parties_of


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    roles = roles_of(user)
    if not (roles.organisation_ids or roles.department_ids):
        return []
    agreements = list(
        Agreement.objects.filter(pk__in=AgreementParty.objects.filter(
            Q(organisation_id__in=roles.organisation_ids) | Q(department_id__in=roles.department_ids)
        ).values("agreement_id"))
        .exclude(status__in=[AgreementStatus.SUPERSEDED, AgreementStatus.TERMINATED])
        .select_related("current_version")
        .prefetch_related("parties", "current_version__party_agreements", "current_version__signatures")
        .annotate(render_failed=Exists(AgreementRender.objects.filter(
            version_id=OuterRef("in_force_version_id"), status=AgreementRender.Status.FAILED,
        )))[:20]
    )
    if not agreements:
        return []
    rows = []
    for agreement in agreements:
        version = agreement.current_version
        mine = parties_of(user, agreement)
        # From the prefetch: the panel's query count does not grow with the agreements listed.
        agreed = {a.party_id for a in version.party_agreements.all()}
        signed = {s.party_id for s in version.signatures.all()}
        if agreement.status == AgreementStatus.DRAFT and any(p.pk not in agreed for p in mine):
            todo = _("Your party has not agreed to the latest version")
        elif agreement.status in {AgreementStatus.FROZEN, AgreementStatus.SIGNING} and any(
            p.pk not in signed for p in mine
        ):
            todo = _("Waiting for your party's signature")
        elif agreement.render_failed and can_retry_render(user, agreement):
            todo = _("The PDF could not be made: open the agreement to retry")
        else:
            todo = ""
        rows.append({"agreement": agreement, "todo": todo})
    return [Panel(title=_("Agreements"), template="agreements/partials/panel.html", context={"rows": rows}, order=40)]
