"""`{% load cases_tags %}{% proposal_consultations proposal user %}`: the consultations behind a
proposal, for the proposal pages. Privacy: a viewer sees only the cases they may view, and an
individual's name only when the privacy rule allows it."""

from __future__ import annotations

from django import template

from cases import permissions
from cases.models import Consultation, Referral

register = template.Library()


@register.inclusion_tag("cases/partials/proposal_consultations.html")
def proposal_consultations(proposal, user) -> dict:
    from django.db.models import Prefetch

    cases = (
        Consultation.objects.filter(proposal=proposal)
        .select_related("centre", "organisation")
        .prefetch_related("topics", Prefetch("referrals", queryset=Referral.objects.only("consultation_id", "department_id")))
        .order_by("opened_at", "pk")
    )
    rows = [
        {"case": case, "show_personal": permissions.can_see_personal_details(user, case)}
        for case in cases
        if permissions.can_view_consultation(user, case)
    ]
    return {"rows": rows}
