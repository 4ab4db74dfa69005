"""Every write of the reviews app: targets, milestones, reviews, publication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementMilestone, AgreementParty
from kyodo import publiccache
from kyodo.models import CheckSheetPoint, EvaluationItem
from kyodo.text import normalize
from kyodo.workflow import NotAllowed, TransitionError, check_transition

from . import permissions as perm
from .models import (
    RS,
    SECTION_STAGE,
    STAGE_SECTIONS,
    TRANSITIONS,
    CheckSheetAnswer,
    ItemRating,
    PartyReviewResponse,
    ProjectTarget,
    Review,
    ReviewDecision,
    ReviewEvent,
    ReviewPublicationApproval,
    ReviewStage,
    ReviewStatus,
    TargetResult,
)


def _require(decision) -> None:
    if not decision:
        raise NotAllowed(decision.reason)


def _move(review: Review, target: str, by, **detail) -> None:
    check_transition(TRANSITIONS, review.status, target, ReviewStatus.choices)
    ReviewEvent.objects.create(
        review=review, kind=ReviewEvent.Kind.STATUS, actor=by, from_status=review.status, to_status=target,
        detail=detail,
    )
    review.status = target


# --- Targets and milestones --------------------------------------------------------------------
def target_create(
    *, agreement: Agreement, kind: str, description: str, target_value: Decimal, unit: str, by
) -> ProjectTarget:
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _require(perm.can_edit_targets(by, agreement))
        description = normalize(description)
        target, _created = ProjectTarget.objects.get_or_create(
            agreement=agreement, description=description,
            defaults={
                "kind": kind, "target_value": target_value, "unit": normalize(unit), "created_by": by,
                "order": agreement.targets.count(),
            },
        )
        return target


def target_delete(*, target: ProjectTarget, by) -> None:
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=target.agreement_id)
        _require(perm.can_edit_targets(by, agreement))
        if target.results.exists():
            raise TransitionError(_("A target with recorded results cannot be removed."))
        ProjectTarget.objects.filter(pk=target.pk).delete()


def milestone_create(*, agreement: Agreement, title: str, due_date: dt.date, kind: str, by) -> AgreementMilestone:
    """The parties add a milestone to the version in force (the agreements app owns the table)."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _require(perm.can_edit_milestones(by, agreement))
        milestone, _created = AgreementMilestone.objects.get_or_create(
            agreement=agreement, version_id=agreement.in_force_version_id, title=normalize(title),
            due_date=due_date, defaults={"kind": kind},
        )
        return milestone


def milestone_reschedule(*, milestone: AgreementMilestone, due_date: dt.date, by) -> AgreementMilestone:
    with transaction.atomic():
        milestone = AgreementMilestone.objects.select_for_update().get(pk=milestone.pk)
        _require(perm.can_edit_milestones(by, milestone.agreement))
        if Review.objects.filter(milestone=milestone, status__in=(RS.DECIDED, RS.PUBLISHED)).exists():
            raise TransitionError(_("A milestone whose review is decided cannot be moved."))
        if milestone.due_date != due_date:
            milestone.due_date = due_date
            milestone.save(update_fields=["due_date"])
            # A new date deserves new reminders.
            milestone.reminders.all().delete()
        return milestone


# --- Reviews -----------------------------------------------------------------------------------
def _stage_of(milestone: AgreementMilestone) -> str:
    return ReviewStage.FINAL if milestone.kind == AgreementMilestone.Kind.FINAL else ReviewStage.MID_TERM


def review_open(*, milestone: AgreementMilestone, by) -> Review:
    """Open the review of `milestone`, freezing today's evaluation items and check-sheet points."""
    with transaction.atomic():
        milestone = AgreementMilestone.objects.select_for_update().select_related("agreement").get(pk=milestone.pk)
        existing = Review.objects.filter(milestone=milestone).first()
        if existing:
            _require(perm.may_open_review(by, milestone.agreement))
            return existing
        _require(perm.can_open_review(by, milestone.agreement))
        stage = _stage_of(milestone)
        sections = [str(s) for s in STAGE_SECTIONS[stage]]
        stages = {SECTION_STAGE[s]: s for s in STAGE_SECTIONS[stage]}
        points = [
            {"id": p.pk, "section": str(stages[p.stage]), "text": p.text}
            for p in CheckSheetPoint.objects.active().filter(stage__in=stages).order_by("order", "id")
        ]
        items = [{"id": i.pk, "name": i.name} for i in EvaluationItem.objects.active().order_by("order", "id")]
        review = Review.objects.create(
            milestone=milestone, agreement=milestone.agreement, stage=stage, items=items, points=points,
            sections=sections, opened_by=by,
        )
        ReviewEvent.objects.create(review=review, kind=ReviewEvent.Kind.OPENED, actor=by, to_status=RS.OPEN)
        return review


def response_submit(
    *,
    review: Review,
    party: AgreementParty,
    answers: Mapping[int, str],
    ratings: Iterable[tuple[str, int, int, str]],
    overall_comment: str = "",
    by,
) -> PartyReviewResponse:
    """A party's own review: `answers` maps point id → yes/partly/no; `ratings` are
    (section, item id, score 1–5, comment). Every point and every (section, item) is required."""
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        existing = review.responses.filter(party=party).first()
        if existing:
            _require(perm.may_act_for_party(by, review, party))
            return existing
        _require(perm.can_submit_response(by, review, party))
        point_ids = {p["id"] for p in review.points}
        ratings = list(ratings)
        wanted = {(s, i["id"]) for s in review.sections for i in review.items}
        given = {(s, i) for s, i, _score, _comment in ratings}
        if set(answers) != point_ids or given != wanted:
            raise TransitionError(_("Answer every check-sheet point and rate every item."))
        if any(not 1 <= score <= 5 for _s, _i, score, _c in ratings):
            raise TransitionError(_("Ratings go from 1 to 5."))
        now = timezone.now()
        response = PartyReviewResponse.objects.create(
            review=review, party=party, overall_comment=normalize(overall_comment), submitted_at=now,
            submitted_by=by,
        )
        CheckSheetAnswer.objects.bulk_create(
            CheckSheetAnswer(response=response, point_id=pid, answer=answer) for pid, answer in answers.items()
        )
        ItemRating.objects.bulk_create(
            ItemRating(response=response, section=s, item_id=i, score=score, comment=normalize(comment))
            for s, i, score, comment in ratings
        )
        ReviewEvent.objects.create(
            review=review, kind=ReviewEvent.Kind.SUBMITTED, actor=by, detail={"party": party.pk}
        )
        all_in = review.responses.count() >= review.agreement.parties.count()
        target = RS.COMPARED if all_in else RS.COLLECTING
        if review.status != target:
            _move(review, target, by)
            review.save(update_fields=["status"])
        return response


def review_record_decision(
    *,
    review: Review,
    effect_vs_alone: str,
    beneficiary_satisfaction: str,
    problems: str,
    course_corrections: str,
    decision: str,
    actual_values: Mapping[int, Decimal] | None = None,
    by,
) -> Review:
    """The joint record: what both parties concluded together, and the decision."""
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.status in (RS.DECIDED, RS.PUBLISHED) and review.decision == decision:
            _require(perm.may_record_decision(by, review))
            return review
        _require(perm.can_record_decision(by, review))
        if decision not in ReviewDecision.values:
            raise TransitionError(_("Choose a decision."))
        targets = {t.pk: t for t in review.agreement.targets.all()}
        for target_id, value in (actual_values or {}).items():
            if target_id in targets and value is not None:
                TargetResult.objects.update_or_create(
                    review=review, target=targets[target_id], defaults={"actual_value": value}
                )
        review.effect_vs_alone = normalize(effect_vs_alone)
        review.beneficiary_satisfaction = normalize(beneficiary_satisfaction)
        review.problems = normalize(problems)
        review.course_corrections = normalize(course_corrections)
        review.decision = decision
        review.decided_at = timezone.now()
        review.decided_by = by
        _move(review, RS.DECIDED, by, decision=decision)
        review.save(update_fields=[
            "effect_vs_alone", "beneficiary_satisfaction", "problems", "course_corrections", "decision",
            "decided_at", "decided_by", "status",
        ])
        return review


def review_set_summary(*, review: Review, text: str, by) -> Review:
    """Write the public text. A changed text withdraws every approval given so far."""
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        text = normalize(text)
        if text == review.public_summary:
            _require(perm.may_edit_summary(by, review))
            return review
        _require(perm.can_edit_summary(by, review))
        review.public_summary = text
        review.save(update_fields=["public_summary"])
        withdrawn = review.approvals.count()
        review.approvals.all().delete()
        ReviewEvent.objects.create(
            review=review, kind=ReviewEvent.Kind.SUMMARY, actor=by, detail={"approvals_withdrawn": withdrawn}
        )
        return review


def review_approve_publication(*, review: Review, party: AgreementParty, by) -> Review:
    """A party approves the current public text; when every party has approved this same text
    the review is published."""
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        text_hash = review.summary_hash
        if review.approvals.filter(party=party, text_hash=text_hash).exists():
            _require(perm.may_act_for_party(by, review, party))
            return review
        _require(perm.can_approve_publication(by, review, party))
        ReviewPublicationApproval.objects.update_or_create(
            review=review, party=party,
            defaults={"text_hash": text_hash, "approved_by": by, "approved_at": timezone.now()},
        )
        ReviewEvent.objects.create(
            review=review, kind=ReviewEvent.Kind.APPROVED, actor=by, detail={"party": party.pk, "hash": text_hash}
        )
        party_ids = set(review.agreement.parties.values_list("pk", flat=True))
        approved = set(review.approvals.filter(text_hash=text_hash).values_list("party_id", flat=True))
        if party_ids <= approved:
            _move(review, RS.PUBLISHED, by)
            review.published_at = timezone.now()
            review.save(update_fields=["status", "published_at"])
            Agreement.objects.filter(pk=review.agreement_id).update(
                published_reviews=F("published_reviews") + 1, last_review_published_at=review.published_at
            )
            publiccache.changed(publiccache.REVIEWS)
        return review


def recount_publication_summaries() -> int:
    """Set every agreement's `published_reviews` / `last_review_published_at` from its published
    reviews, in one UPDATE: for rows written in bulk (the benchmark's city) rather than through
    `review_approve_publication`, which keeps them as it publishes. Migration reviews/0003 holds
    a frozen copy of this for existing data."""
    published = Review.objects.filter(status=RS.PUBLISHED).order_by()
    of_agreement = published.filter(agreement_id=OuterRef("pk")).values("agreement_id")
    return Agreement.objects.filter(pk__in=published.values("agreement_id")).update(
        published_reviews=Subquery(of_agreement.annotate(n=Count("pk")).values("n")),
        last_review_published_at=Subquery(of_agreement.annotate(last=Max("published_at")).values("last")),
    )
