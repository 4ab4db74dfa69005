"""Reads: the side-by-side comparison, milestones needing attention, reminder recipients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from agreements.models import Agreement, AgreementMilestone, AgreementParty
from partners.models import Membership, StaffPosting

from .models import HELD_STATUSES, CheckAnswer, PartyReviewResponse, Review, Section

DIFFERENCE_THRESHOLD = 2


@dataclass
class ComparisonRow:
    section: str
    section_label: str
    label: str
    cells: list[dict] = field(default_factory=list)  # per party, in party order
    differs: bool = False
    spread: int = 0


def comparison(review: Review, responses: list[PartyReviewResponse]) -> dict:
    """Both parties' answers side by side. A rating row is flagged when the scores differ by
    `DIFFERENCE_THRESHOLD` points or more; a check-sheet row when the answers are not the same."""
    responses = sorted(responses, key=lambda r: r.party.order)
    ratings = {
        (r.response_id, r.section, r.item_id): r
        for r in (x for resp in responses for x in resp.ratings.all())
    }
    answers = {(a.response_id, a.point_id): a for resp in responses for a in resp.answers.all()}
    section_labels = dict(Section.choices)
    answer_labels = dict(CheckAnswer.choices)
    rating_rows: list[ComparisonRow] = []
    for section in review.sections:
        for item in review.items:
            row = ComparisonRow(section, section_labels.get(section, section), item["name"])
            scores = []
            for resp in responses:
                rating = ratings.get((resp.pk, section, item["id"]))
                row.cells.append({"score": rating.score if rating else None, "comment": rating.comment if rating else ""})
                if rating:
                    scores.append(rating.score)
            row.spread = (max(scores) - min(scores)) if len(scores) > 1 else 0
            row.differs = row.spread >= DIFFERENCE_THRESHOLD
            rating_rows.append(row)
    point_rows: list[ComparisonRow] = []
    for point in review.points:
        row = ComparisonRow(point["section"], section_labels.get(point["section"], ""), point["text"])
        given = []
        for resp in responses:
            answer = answers.get((resp.pk, point["id"]))
            row.cells.append({"answer": answer.answer if answer else None,
                              "label": answer_labels.get(answer.answer, "") if answer else ""})
            if answer:
                given.append(answer.answer)
        row.differs = len(set(given)) > 1
        point_rows.append(row)
    return {
        "parties": [r.party for r in responses],
        "ratings": rating_rows,
        "points": point_rows,
        "differences": sum(r.differs for r in rating_rows),
    }


def open_milestones() -> QuerySet[AgreementMilestone]:
    """Milestones of agreements in force whose review is not yet held."""
    held = Review.objects.filter(milestone=OuterRef("pk"), status__in=HELD_STATUSES)
    return (
        AgreementMilestone.objects.filter(agreement__status=Agreement.Status.IN_FORCE)
        .exclude(Exists(held))
    )


def reminder_days_before() -> int:
    """`KYODO_REMINDER_DAYS_BEFORE` (default 7): how many days before a milestone to remind."""
    return settings.KYODO_REMINDER_DAYS_BEFORE


def overdue_milestones(today: dt.date) -> QuerySet[AgreementMilestone]:
    return open_milestones().filter(due_date__lt=today)


def due_soon_milestones(today: dt.date, days: int | None = None) -> QuerySet[AgreementMilestone]:
    days = reminder_days_before() if days is None else days
    return open_milestones().filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=days))


def milestones_for_parties(qs: QuerySet[AgreementMilestone], organisation_ids, department_ids):
    """`qs` limited to agreements the organisations or departments are party to. The agreements
    are looked up first (a department's few hundred ids), so that PostgreSQL reads only their
    milestones through the agreement index instead of hashing every milestone of the city."""
    agreement_ids = set(
        AgreementParty.objects.filter(Q(organisation_id__in=organisation_ids) | Q(department_id__in=department_ids))
        .values_list("agreement_id", flat=True)
    )
    return qs.filter(agreement_id__in=agreement_ids)


def party_contacts(agreement: Agreement) -> list[str]:
    """Every party's contacts: members' and the organisation's e-mail for a group; staff's and the
    department's e-mail for the city. Two queries besides the parties."""
    parties = list(agreement.parties.select_related("organisation", "department"))
    org_ids = [p.organisation_id for p in parties if p.organisation_id]
    dept_ids = [p.department_id for p in parties if p.department_id]
    emails = {p.organisation.email for p in parties if p.organisation_id}
    emails |= {p.department.email for p in parties if p.department_id}
    emails |= set(
        Membership.objects.filter(organisation_id__in=org_ids, is_active=True, user__is_active=True)
        .values_list("user__email", flat=True)
    )
    emails |= set(
        StaffPosting.objects.filter(department_id__in=dept_ids, user__is_active=True).values_list("user__email", flat=True)
    )
    return sorted(e for e in emails if e)
