"""The public register as open data: adopted projects, agreements in force, published reviews.

Each dataset is a list of columns (documented on the open-data page) and a query returning
plain values, aggregated in the database (names of several parties joined with ` / `)."""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from kyodo.db import string_agg

from .models import Review

DATASETS: dict[str, dict] = {
    "adopted-projects": {
        "title": _("Adopted projects"),
        "columns": [
            ("proposal_id", _("Number of the proposal in the portal")),
            ("title", _("Title of the project")),
            ("organisation", _("Lead organisation")),
            ("origin", _("Origin: administration (行政提案型) or citizen (市民発意)")),
            ("call_fiscal_year", _("Fiscal year of the call (April–March, by the year it starts)")),
            ("ward", _("Ward where the project takes place (empty: city-wide)")),
            ("fields", _("Fields of activity, separated by ' / '")),
            ("departments", _("Departments, separated by ' / '")),
            ("adopted_at", _("Date of adoption (YYYY-MM-DD)")),
        ],
    },
    "agreements": {
        "title": _("Agreements in force"),
        "columns": [
            ("number", _("Agreement number")),
            ("title", _("Title")),
            ("parties", _("Parties in order (甲, 乙, …), separated by ' / '")),
            ("proposal_id", _("Number of the adopted proposal")),
            ("version", _("Version in force")),
            ("content_sha256", _("SHA-256 of the signed content")),
            ("in_force_at", _("Date it came into force (YYYY-MM-DD)")),
        ],
    },
    "reviews": {
        "title": _("Published reviews"),
        "columns": [
            ("agreement_number", _("Agreement number")),
            ("agreement_title", _("Title of the agreement")),
            ("milestone", _("Milestone reviewed")),
            ("due_date", _("Due date of the milestone (YYYY-MM-DD)")),
            ("stage", _("mid_term or final")),
            ("decision", _("continue, continue_with_changes or end")),
            ("decided_at", _("Date of the joint decision (YYYY-MM-DD)")),
            ("published_at", _("Date of publication (YYYY-MM-DD)")),
            ("summary", _("Public summary approved by every party")),
        ],
    },
}


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "astimezone"):
        from django.utils import timezone

        value = timezone.localtime(value).date()
    return value.isoformat()


def rows(dataset: str) -> list[dict]:
    if dataset == "adopted-projects":
        from projects.models import Proposal

        qs = (
            Proposal.objects.adopted().order_by("decided_at", "pk")
            .values("pk", "title", "origin", "call__fiscal_year", "decided_at")
            .annotate(
                organisation=F("organisation__name"), ward_name=F("ward__name"),
                field_names=string_agg("fields__name", " / ", distinct=True),
                department_names=string_agg("departments__name", " / ", distinct=True),
            )
        )
        return [
            {"proposal_id": r["pk"], "title": r["title"], "organisation": r["organisation"], "origin": r["origin"],
             "call_fiscal_year": r["call__fiscal_year"], "ward": r["ward_name"] or "", "fields": r["field_names"],
             "departments": r["department_names"], "adopted_at": _date(r["decided_at"])}
            for r in qs
        ]
    if dataset == "agreements":
        qs = (
            Agreement.objects.registered().order_by("in_force_at", "pk")
            .values("number", "title", "proposal_id", "in_force_at")
            .annotate(
                version=F("in_force_version__number"), sha=F("in_force_version__content_hash"),
                party_names=string_agg(
                    Coalesce("parties__organisation__name", "parties__department__name"), " / ",
                    order_by="parties__order",
                ),
            )
        )
        return [
            {"number": r["number"], "title": r["title"], "parties": r["party_names"], "proposal_id": r["proposal_id"],
             "version": r["version"], "content_sha256": r["sha"], "in_force_at": _date(r["in_force_at"])}
            for r in qs
        ]
    qs = (
        Review.objects.published().order_by("published_at", "pk")
        .values("stage", "decision", "decided_at", "published_at", "public_summary")
        .annotate(
            agreement_number=F("agreement__number"), agreement_title=F("agreement__title"),
            milestone_title=F("milestone__title"), due_date=F("milestone__due_date"),
        )
    )
    return [
        {"agreement_number": r["agreement_number"], "agreement_title": r["agreement_title"],
         "milestone": r["milestone_title"], "due_date": _date(r["due_date"]), "stage": r["stage"],
         "decision": r["decision"], "decided_at": _date(r["decided_at"]), "published_at": _date(r["published_at"]),
         "summary": r["public_summary"]}
        for r in qs
    ]
