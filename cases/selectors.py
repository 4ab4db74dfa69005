"""Reads: the coordinator's queue and the yearly analysis."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from kyodo.fiscal import fiscal_year_range
from partners.models import FieldOfActivity

from .models import ACTIVE_STATUSES, Channel, Consultation, ConsultationStatus, ConsultationTopic, Referral

UPCOMING_DAYS = 14


SECTIONS = ("overdue", "due_today", "new_requests", "upcoming")
SECTION_LIMIT = 20  # rows a queue section shows; the rest are one click away, paged


@dataclass
class Queue:
    overdue: list[Consultation] = field(default_factory=list)
    due_today: list[Consultation] = field(default_factory=list)
    upcoming: list[Consultation] = field(default_factory=list)
    new_requests: list[Consultation] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # cases of the centres by status
    totals: dict[str, int] = field(default_factory=dict)  # cases in each section, shown or not


def with_list_relations(qs):
    return qs.select_related("centre", "coordinator", "organisation", "ward").prefetch_related(
        "topics", Prefetch("referrals", queryset=Referral.objects.only("id", "consultation_id", "department_id"))
    )


def section_filters(today: dt.date, upcoming_days: int = UPCOMING_DAYS) -> dict[str, Q]:
    """What puts a case in each section of the queue (the same rule as `Consultation.follow_up_state`)."""
    active = Q(status__in=ACTIVE_STATUSES, next_follow_up__isnull=False)
    return {
        "overdue": active & Q(next_follow_up__lt=today),
        "due_today": active & Q(next_follow_up=today),
        "upcoming": active & Q(next_follow_up__gt=today, next_follow_up__lte=today + dt.timedelta(days=upcoming_days)),
        "new_requests": Q(channel=Channel.PORTAL, coordinator__isnull=True, status=ConsultationStatus.OPEN),
    }


SECTION_ORDER = {
    "overdue": ("next_follow_up", "pk"),
    "due_today": ("pk",),
    "upcoming": ("next_follow_up", "pk"),
    "new_requests": ("opened_at", "pk"),
}


def queue_section(centre_ids, section: str, today: dt.date):
    """All the cases of one section, in the queue's order (for its own paged list)."""
    return with_list_relations(
        Consultation.objects.for_centres(centre_ids).filter(section_filters(today)[section])
        .order_by(*SECTION_ORDER[section])
    )


def coordinator_queue(centre_ids, today: dt.date, limit: int = SECTION_LIMIT) -> Queue:
    """The queue for the coordinator's centres: the first `limit` cases of each section and how
    many there are, in the same number of queries whatever the number of cases (one per
    section for its first rows, one for them with their relations, one for all the counts)."""
    base = Consultation.objects.for_centres(centre_ids)
    filters = section_filters(today)
    shown = {
        name: list(base.filter(filters[name]).order_by(*SECTION_ORDER[name]).values_list("pk", flat=True)[:limit])
        if limit else []
        for name in SECTIONS
    }
    ids = {pk for pks in shown.values() for pk in pks}
    cases = {case.pk: case for case in with_list_relations(Consultation.objects.filter(pk__in=ids))} if ids else {}
    queue = Queue(**{name: [cases[pk] for pk in shown[name]] for name in SECTIONS})
    rows = base.values("status").annotate(
        n=Count("id"), **{name: Count("id", filter=filters[name]) for name in SECTIONS}
    ).order_by()
    counts = {row["status"]: row["n"] for row in rows}
    queue.counts = {value: counts.get(value, 0) for value in ConsultationStatus.values}
    queue.totals = {name: sum(row[name] for row in rows) for name in SECTIONS}
    return queue


def cases_with_status(centre_ids, status: str | None):
    qs = Consultation.objects.for_centres(centre_ids)
    if status:
        qs = qs.filter(status=status)
    return with_list_relations(qs)


# --- Analysis --------------------------------------------------------------------------------
def _labelled(rows, key: str, labels: dict) -> list[dict]:
    return [{"key": row[key], "label": labels.get(row[key], row[key] or "—"), "count": row["n"]} for row in rows]


def consultation_counts(fy: int, centre_ids=None) -> dict:
    """Counts for fiscal year `fy` (April–March) by topic, channel, centre and outcome, all with
    database aggregation. Anonymous by construction: only counts. The yearly report calls this."""
    qs = Consultation.objects.in_fiscal_year(fy)
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=centre_ids)
    start, end = fiscal_year_range(fy)
    by_topic = (
        ConsultationTopic.objects.filter(consultations__in=qs)
        .values("pk", "name").annotate(n=Count("consultations", distinct=True)).order_by("-n", "pk")
    )
    by_channel = qs.values("channel").annotate(n=Count("id")).order_by("-n", "channel")
    by_centre = qs.values("centre__name").annotate(n=Count("id")).order_by("-n", "centre__name")
    by_outcome = qs.values("status").annotate(n=Count("id")).order_by("-n", "status")
    by_ward = qs.values("ward__name").annotate(n=Count("id")).order_by("-n", "ward__name")
    by_field = (
        FieldOfActivity.objects.filter(consultations__in=qs)
        .values("pk", "name").annotate(n=Count("consultations", distinct=True)).order_by("-n", "pk")
    )
    return {
        "fiscal_year": fy,
        "start": start,
        "end": end,
        "total": qs.count(),
        "by_topic": [{"key": r["pk"], "label": r["name"], "count": r["n"]} for r in by_topic],
        "by_channel": _labelled(by_channel, "channel", dict(Channel.choices)),
        "by_centre": [{"key": r["centre__name"], "label": r["centre__name"], "count": r["n"]} for r in by_centre],
        "by_outcome": _labelled(by_outcome, "status", dict(ConsultationStatus.choices)),
        "by_ward": [{"key": r["ward__name"], "label": r["ward__name"] or "—", "count": r["n"]} for r in by_ward],
        "by_field": [{"key": r["pk"], "label": r["name"], "count": r["n"]} for r in by_field],
    }


def closed_without_collaboration(fy: int, centre_ids=None):
    """Cases closed without collaboration in `fy`, with their reasons (協働モデルの蓄積)."""
    qs = Consultation.objects.in_fiscal_year(fy).filter(status=ConsultationStatus.CLOSED)
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=centre_ids)
    return qs.select_related("centre", "organisation").prefetch_related("topics").order_by("opened_at", "pk")


def fiscal_years_with_cases() -> list[int]:
    """Every fiscal year from the first case's to the last's (two index lookups, not a scan)."""
    from django.db.models import Max, Min

    from kyodo.fiscal import fiscal_year_of

    bounds = Consultation.objects.aggregate(first=Min("opened_at"), last=Max("opened_at"))
    if bounds["first"] is None:
        return []
    return list(range(fiscal_year_of(bounds["last"]), fiscal_year_of(bounds["first"]) - 1, -1))


def cached_consultation_counts(fy: int, *, refresh: bool = False) -> dict:
    """`consultation_counts(fy)` as computed at most `KYODO_REPORT_CACHE_SECONDS` ago (the
    yearly report's rule: a year's counts change slowly and take a few hundred milliseconds to
    aggregate at a city's scale), with `computed_at`. Beat refreshes this and last year's."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import timezone
    from django.utils.translation import get_language

    seconds = settings.KYODO_REPORT_CACHE_SECONDS
    key = f"kyodo:consultation-counts:{fy}:{get_language()}"
    if seconds and not refresh:
        hit = cache.get(key)
        if hit is not None:
            return hit
    data = {**consultation_counts(fy), "computed_at": timezone.now()}
    if seconds:
        cache.set(key, data, seconds)
    return data
