"""Reads: the coordinator's queue and the yearly analysis."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from kyodo.fiscal import fiscal_year_range
from partners.models import FieldOfActivity

from .models import Channel, Consultation, ConsultationStatus, ConsultationTopic, Referral

UPCOMING_DAYS = 14


@dataclass
class Queue:
    overdue: list[Consultation] = field(default_factory=list)
    due_today: list[Consultation] = field(default_factory=list)
    upcoming: list[Consultation] = field(default_factory=list)
    new_requests: list[Consultation] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def with_list_relations(qs):
    return qs.select_related("centre", "coordinator", "organisation", "ward").prefetch_related(
        "topics", Prefetch("referrals", queryset=Referral.objects.only("id", "consultation_id", "department_id"))
    )


def partition(cases, today: dt.date, upcoming_days: int = UPCOMING_DAYS) -> Queue:
    """Sort active cases into the queue's sections (pure: tests give `today`)."""
    queue = Queue()
    horizon = today + dt.timedelta(days=upcoming_days)
    for case in cases:
        if case.is_new_request:
            queue.new_requests.append(case)
        state = case.follow_up_state(today)
        if state == "overdue":
            queue.overdue.append(case)
        elif state == "today":
            queue.due_today.append(case)
        elif state == "upcoming" and case.next_follow_up <= horizon:
            queue.upcoming.append(case)
    for section in (queue.overdue, queue.due_today, queue.upcoming):
        section.sort(key=lambda c: (c.next_follow_up, c.pk))
    queue.new_requests.sort(key=lambda c: (c.opened_at, c.pk))
    return queue


def coordinator_queue(centre_ids, today: dt.date) -> Queue:
    """The queue for the coordinator's centres, in three queries whatever the number of cases."""
    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    active = (
        Consultation.objects.for_centres(centre_ids).active()
        .filter(next_follow_up__lte=horizon) | Consultation.objects.for_centres(centre_ids).new_requests()
    )
    queue = partition(with_list_relations(active.distinct()), today)
    rows = Consultation.objects.for_centres(centre_ids).values("status").annotate(n=Count("id")).order_by()
    counts = {row["status"]: row["n"] for row in rows}
    queue.counts = {value: counts.get(value, 0) for value in ConsultationStatus.values}
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
    from django.db.models.functions import ExtractMonth, ExtractYear

    rows = (
        Consultation.objects.annotate(y=ExtractYear("opened_at"), m=ExtractMonth("opened_at"))
        .values_list("y", "m").distinct()
    )
    return sorted({y if m >= 4 else y - 1 for y, m in rows}, reverse=True)
