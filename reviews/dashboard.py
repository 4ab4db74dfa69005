"""Home-page panels: what each role must act on next.

Citizen groups: their draft proposals, agreements awaiting their signature, reviews due and
overdue milestones. City staff: proposals awaiting screening and overdue reviews in their
departments. Every list is one query (read-only over the other apps' models)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of
from agreements.models import Agreement, AgreementParty, Signature
from kyodo.dashboard import Panel
from projects.models import Call, Proposal, ProposalStatus

from . import selectors

LIMIT = 10


def _milestones(organisation_ids, department_ids, today: dt.date) -> tuple[list, list]:
    qs = selectors.milestones_for_parties(selectors.open_milestones(), organisation_ids, department_ids)
    rows = list(
        qs.filter(due_date__lte=today + dt.timedelta(days=selectors.reminder_days_before()))
        .select_related("agreement", "review").order_by("due_date", "pk")[: 2 * LIMIT]
    )
    overdue = [m for m in rows if m.due_date < today]
    due = [m for m in rows if m.due_date >= today]
    return overdue, due


def awaiting_signature(organisation_ids) -> list[Agreement]:
    """Agreements frozen or being signed whose current version the group's party has not signed."""
    mine_unsigned = AgreementParty.objects.filter(
        agreement=OuterRef("pk"), organisation_id__in=organisation_ids
    ).exclude(Exists(Signature.objects.filter(party=OuterRef("pk"), version=OuterRef("agreement__current_version"))))
    return list(
        Agreement.objects.filter(status__in=(Agreement.Status.FROZEN, Agreement.Status.SIGNING))
        .filter(Exists(mine_unsigned)).order_by("-updated_at")[:LIMIT]
    )


def panels(request: HttpRequest) -> list[Panel]:
    roles = roles_of(request.user)
    out: list[Panel] = []
    today = timezone.localdate()
    if roles.is_citizen:
        overdue, due = _milestones(roles.organisation_ids, (), today)
        drafts = list(
            Proposal.objects.filter(organisation_id__in=roles.organisation_ids, status=ProposalStatus.DRAFT)
            .order_by("-updated_at")[:LIMIT]
        )
        out.append(Panel(
            title=_("Next steps for your group"),
            template="reviews/partials/dashboard_citizen.html",
            context={"overdue": overdue, "due": due, "drafts": drafts,
                     "to_sign": awaiting_signature(roles.organisation_ids)},
            order=5,
        ))
    if roles.is_city_staff:
        overdue, due = _milestones((), roles.department_ids, today)
        # Subqueries rather than joins: no DISTINCT over every proposal being handled in the city.
        in_department = Proposal.departments.through.objects.filter(
            department_id__in=roles.department_ids
        ).values("proposal_id")
        their_calls = Call.objects.filter(department_id__in=roles.department_ids).values("pk")
        awaiting = list(
            Proposal.objects.filter(
                Q(pk__in=in_department) | Q(call_id__in=their_calls),
                status__in=(ProposalStatus.SUBMITTED, ProposalStatus.SCREENING),
            ).select_related("organisation").order_by("submitted_at", "pk")[:LIMIT]
        )
        out.append(Panel(
            title=_("Next steps in your department"),
            template="reviews/partials/dashboard_staff.html",
            context={"overdue": overdue, "due": due, "awaiting": awaiting},
            order=6,
        ))
    if roles.admin or roles.is_city_staff or roles.is_coordinator:
        out.append(Panel(
            title=_("Yearly report"), template="reviews/partials/dashboard_report.html", order=90,
        ))
    return out
