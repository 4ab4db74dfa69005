"""The pages the benchmark measures, as data: a URL name, who asks, and how to build its arguments
from the loaded city. A page whose URL name does not exist (an app still being written) or
whose object is missing is reported as skipped, not as a failure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import FieldError
from django.db import DatabaseError, transaction

Kwargs = Callable[[dict[str, Any]], dict[str, Any] | None]


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    role: str  # a key of `actors()`: anonymous, citizen, staff, coordinator, committee, admin
    kwargs: Kwargs = field(default=lambda ctx: {})
    query: str = ""
    requests: int = 30
    group: str = "page"


def actors() -> dict[str, Any]:
    """One user per role, found in the active city's records. Accounts are the platform's, so a
    user is picked through what they hold in this city (a posting, a membership, a city role):
    a join does not go through the city-scoped manager, so each one names the city."""
    from kyodo.tenancy import current_city

    User = apps.get_model("accounts.User")  # noqa: N806
    city = current_city()
    out: dict[str, Any] = {"anonymous": None}
    out["admin"] = User.objects.filter(is_superuser=True, city_roles__city=city, city_roles__role="admin").order_by("pk").first()
    # Staff of a department with decided proposals and agreements, so the detail pages have data.
    out["staff"] = (User.objects.filter(staff_postings__city=city,
                                        staff_postings__department__calls__proposals__status="adopted",
                                        staff_postings__department__calls__proposals__agreements__status="in_force")
                    .order_by("pk").first()
                    or User.objects.filter(staff_postings__city=city).order_by("pk").first())
    out["coordinator"] = User.objects.filter(coordinator_postings__city=city).order_by("pk").first()
    out["committee"] = User.objects.filter(city_roles__city=city, city_roles__role="committee",
                                           screening_rounds__city=city).order_by("pk").first()
    out["citizen"] = User.objects.filter(memberships__city=city, memberships__role="representative").order_by("pk").first()
    return out


def context(people: dict[str, Any]) -> dict[str, Any]:
    """Objects the pages are about: chosen so that the acting user may see them."""
    ctx: dict[str, Any] = {}
    staff = people.get("staff")

    def first(label: str, **filters: Any) -> Any:
        try:
            with transaction.atomic():
                return apps.get_model(label).objects.filter(**filters).order_by("pk").first()
        except (LookupError, DatabaseError, FieldError):  # an app still being written
            return None

    ctx["call"] = first("projects.Call", is_published=True)
    dept = staff.staff_postings.first().department_id if staff else None
    ctx["proposal"] = first("projects.Proposal", status="adopted", call__department_id=dept, scores__isnull=False)
    ctx["own_proposal"] = first("projects.Proposal", organisation__memberships__user=people.get("citizen"))
    ctx["round"] = first("projects.ScreeningRound", call__department_id=dept, call__proposals__isnull=False)
    ctx["agreement"] = first("agreements.Agreement", status="in_force", parties__department_id=dept)
    ctx["organisation"] = first("partners.Organisation", status="verified")
    coordinator = people.get("coordinator")
    centre = coordinator.coordinator_postings.first().centre_id if coordinator else None
    ctx["consultation"] = first("cases.Consultation", centre_id=centre)
    ctx["review"] = first("reviews.Review", status="compared", agreement__parties__department_id=dept,
                          responses__isnull=False) or first("reviews.Review", agreement__parties__department_id=dept)
    return ctx


def _pk(name: str) -> Kwargs:
    return lambda ctx: {"pk": ctx[name].pk} if ctx.get(name) else None


def _version(ctx: dict[str, Any]) -> dict[str, Any] | None:
    agreement = ctx.get("agreement")
    if not agreement or not agreement.in_force_version_id:
        return None
    return {"pk": agreement.pk, "number": agreement.in_force_version.number}


PAGES: list[Page] = [
    Page("trivial view (baseline)", "bench-trivial", "anonymous", group="baseline"),
    Page("home (anonymous)", "home", "anonymous"),
    Page("home (staff dashboard)", "home", "staff"),
    Page("public register of projects", "projects:register_list", "anonymous"),
    Page("public register detail", "projects:register_detail", "anonymous", _pk("proposal")),
    Page("public register of agreements", "agreements:register", "anonymous"),
    Page("open calls", "projects:call_list", "anonymous"),
    Page("call detail", "projects:call_detail", "anonymous", _pk("call")),
    Page("organisation directory", "partners:organisation_list", "anonymous"),
    Page("organisation directory, search", "partners:organisation_list", "anonymous", query="q=プレイパーク"),
    Page("staff proposal list", "projects:staff_proposal_list", "staff"),
    Page("staff proposal list, filtered", "projects:staff_proposal_list", "staff",
         query="status=screening&origin=citizen&q=防災"),
    Page("staff proposal search", "projects:staff_proposal_list", "staff", query="q=防災訓練"),
    Page("proposal detail (staff)", "projects:proposal_detail", "staff", _pk("proposal")),
    Page("my proposals (citizen)", "projects:my_proposals", "citizen"),
    Page("screening list (committee)", "projects:screening_list", "committee"),
    Page("screening round ranking (staff)", "projects:screening_round_detail", "staff", _pk("round")),
    Page("agreement list (staff)", "agreements:list", "staff"),
    Page("agreement detail (staff)", "agreements:detail", "staff", _pk("agreement")),
    Page("agreement version (staff)", "agreements:version", "staff", _version),
    Page("agreement history (staff)", "agreements:history", "staff", _pk("agreement")),
    Page("public review results", "reviews:public_list", "anonymous"),
    Page("agreement's reviews (staff)", "reviews:agreement_reviews", "staff", _pk("agreement")),
    Page("review detail (staff)", "reviews:detail", "staff", _pk("review")),
    Page("review comparison (staff)", "reviews:compare", "staff", _pk("review")),
    Page("yearly report", "reviews:report", "staff"),
    Page("coordinator queue", "cases:queue", "coordinator"),
    Page("consultation detail", "cases:detail", "coordinator", _pk("consultation")),
    Page("consultation analysis", "cases:analysis", "coordinator"),
    Page("verification queue (staff)", "partners:verification_queue", "staff"),
]

# The admin's change lists of the biggest tables get the full run; the others fewer requests.
BIG_TABLES = {
    "accounts.user", "partners.organisation", "projects.proposal", "projects.score", "projects.proposalrevision",
    "agreements.agreement", "agreements.agreementversion", "agreements.signature", "cases.consultation",
}
PROJECT_APPS = {"accounts", "partners", "projects", "agreements", "reviews", "cases", "kyodo"}


def admin_pages() -> list[Page]:
    pages = []
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label not in PROJECT_APPS:
            continue
        big = meta.label_lower in BIG_TABLES
        # 20 requests at least: with 10, the 95th percentile is the slowest request, so one
        # stray pause (a checkpoint, autovacuum) decided a page's figure.
        pages.append(Page(f"admin: {meta.label_lower}", f"admin:{meta.app_label}_{meta.model_name}_changelist",
                          "admin", requests=30 if big else 20, group="admin"))
    return sorted(pages, key=lambda p: (p.requests != 30, p.label))
