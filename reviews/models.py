"""Reviews (一緒に振り返る): targets set before the start, joint reviews at milestones, the
publication of their results, and the reminders sent before and after a milestone is due.

A review keeps a snapshot of the evaluation items and check-sheet points it was opened with
(`items`, `points`), so editing the city's lists later never rewrites a past review.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyodo.tenancy import CityOwned, city_manager


class TargetKind(models.TextChoices):
    OUTCOME = "outcome", _("Outcome target (成果目標)")
    ACTIVITY = "activity", _("Activity indicator (活動指標)")
    SATISFACTION = "satisfaction", _("Beneficiary satisfaction (受益者満足度)")


class ProjectTarget(CityOwned):
    """A target the parties set together before the project starts."""

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="targets"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TargetKind.choices)
    description = models.CharField(_("description"), max_length=300)
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        ordering = ["agreement", "order", "id"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(condition=models.Q(target_value__gte=0), name="target_value_non_negative"),
            models.UniqueConstraint(fields=["agreement", "description"], name="target_unique_in_agreement"),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.target_value:g}{self.unit}"


class ReviewStage(models.TextChoices):
    MID_TERM = "mid_term", _("Mid-term review")
    FINAL = "final", _("Final review")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COLLECTING = "collecting", _("Collecting the parties' reviews")
    COMPARED = "compared", _("Ready for comparison")
    DECIDED = "decided", _("Decided")
    PUBLISHED = "published", _("Published")


RS = ReviewStatus
TRANSITIONS: dict[str, set[str]] = {
    RS.OPEN: {RS.COLLECTING, RS.COMPARED},
    RS.COLLECTING: {RS.COMPARED},
    RS.COMPARED: {RS.DECIDED},
    RS.DECIDED: {RS.PUBLISHED},
    RS.PUBLISHED: set(),
}
HELD_STATUSES = (RS.DECIDED, RS.PUBLISHED)


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue the project")
    CHANGE = "continue_with_changes", _("Continue with changes")
    END = "end", _("End")


class Section(models.TextChoices):
    """The parts a review covers: a final review covers all three (seed 004)."""

    INTRODUCTION = "introduction", _("Start (導入)")
    PROCESS = "process", _("Process (過程)")
    RESULTS = "results", _("Results (成果)")


# Which check-sheet stage's points are asked in each section.
SECTION_STAGE = {Section.INTRODUCTION: "planning", Section.PROCESS: "proceeding", Section.RESULTS: "reviewing"}
STAGE_SECTIONS = {
    ReviewStage.MID_TERM: [Section.PROCESS],
    ReviewStage.FINAL: [Section.INTRODUCTION, Section.PROCESS, Section.RESULTS],
}


class ReviewQuerySet(models.QuerySet["Review"]):
    def published(self) -> ReviewQuerySet:
        return self.filter(status=RS.PUBLISHED)

    def held(self) -> ReviewQuerySet:
        return self.filter(status__in=HELD_STATUSES)


class Review(CityOwned):
    """A joint review at one milestone."""

    Status = ReviewStatus

    milestone = models.OneToOneField(
        "agreements.AgreementMilestone", verbose_name=_("milestone"), on_delete=models.PROTECT,
        related_name="review",
    )
    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="reviews"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=ReviewStage.choices)
    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices, default=RS.OPEN)
    # Snapshots: [{"id": 3, "name": "相乗効果"}], [{"id": 1, "section": "process", "text": "…"}].
    items = models.JSONField(_("evaluation items (snapshot)"), default=list)
    points = models.JSONField(_("check-sheet points (snapshot)"), default=list)
    sections = models.JSONField(_("sections"), default=list)
    # The joint record.
    effect_vs_alone = models.TextField(_("effect compared with acting alone"), blank=True)
    beneficiary_satisfaction = models.TextField(_("beneficiary satisfaction"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    course_corrections = models.TextField(_("course corrections (軌道修正)"), blank=True)
    decision = models.CharField(_("decision"), max_length=30, choices=ReviewDecision.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decision recorded by"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    public_summary = models.TextField(_("public summary"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    objects = city_manager(ReviewQuerySet)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [models.Index(fields=["status", "decided_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=HELD_STATUSES) | ~models.Q(decision=""),
                name="review_held_has_decision",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=RS.PUBLISHED) | models.Q(published_at__isnull=False),
                name="review_published_has_date",
            ),
        ]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("agreement", "milestone")

    def __str__(self) -> str:
        return f"{self.agreement.number} {self.get_stage_display()} ({self.milestone.due_date})"

    @property
    def summary_hash(self) -> str:
        return hashlib.sha256(self.public_summary.encode("utf-8")).hexdigest()

    @property
    def is_held(self) -> bool:
        return self.status in HELD_STATUSES


class PartyReviewResponse(CityOwned):
    """One party's own review, submitted once."""

    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="responses")
    party = models.ForeignKey(
        "agreements.AgreementParty", verbose_name=_("party"), on_delete=models.PROTECT, related_name="review_responses"
    )
    overall_comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["review", "party__order"]
        verbose_name = _("party's review")
        verbose_name_plural = _("parties' reviews")
        constraints = [models.UniqueConstraint(fields=["review", "party"], name="review_response_one_per_party")]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("review", "party")

    def __str__(self) -> str:
        return f"{self.review} — {self.party}"


class CheckAnswer(models.TextChoices):
    YES = "yes", _("Yes (はい)")
    PARTLY = "partly", _("Partly (一部)")
    NO = "no", _("No (いいえ)")


class CheckSheetAnswer(CityOwned):
    response = models.ForeignKey(
        PartyReviewResponse, verbose_name=_("party's review"), on_delete=models.CASCADE, related_name="answers"
    )
    point_id = models.PositiveIntegerField(_("check-sheet point"))
    answer = models.CharField(_("answer"), max_length=10, choices=CheckAnswer.choices)

    class Meta:
        ordering = ["response", "id"]
        verbose_name = _("check-sheet answer")
        verbose_name_plural = _("check-sheet answers")
        constraints = [models.UniqueConstraint(fields=["response", "point_id"], name="check_answer_unique")]

    def __str__(self) -> str:
        return f"{self.point_id}: {self.get_answer_display()}"


class ItemRating(CityOwned):
    response = models.ForeignKey(
        PartyReviewResponse, verbose_name=_("party's review"), on_delete=models.CASCADE, related_name="ratings"
    )
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    item_id = models.PositiveIntegerField(_("evaluation item"))
    score = models.PositiveSmallIntegerField(_("score (1–5)"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["response", "id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["response", "section", "item_id"], name="item_rating_unique"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="item_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.section} {self.item_id}: {self.score}"


class TargetResult(CityOwned):
    """The actual value of a target, recorded with the joint record of a review."""

    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="target_results")
    target = models.ForeignKey(ProjectTarget, verbose_name=_("target"), on_delete=models.PROTECT, related_name="results")
    actual_value = models.DecimalField(_("actual value"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["review", "target__order", "target_id"]
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        constraints = [
            models.UniqueConstraint(fields=["review", "target"], name="target_result_unique"),
            models.CheckConstraint(condition=models.Q(actual_value__gte=0), name="target_actual_non_negative"),
        ]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("target",)

    def __str__(self) -> str:
        return f"{self.target.description}: {self.actual_value:g}"


class ReviewPublicationApproval(CityOwned):
    """A party's consent to publish the public summary, tied to the exact text (its SHA-256)."""

    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey(
        "agreements.AgreementParty", verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    text_hash = models.CharField(_("SHA-256 of the approved text"), max_length=64)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        ordering = ["review", "party__order"]
        verbose_name = _("publication approval")
        verbose_name_plural = _("publication approvals")
        constraints = [models.UniqueConstraint(fields=["review", "party"], name="publication_approval_unique")]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("review", "party")

    def __str__(self) -> str:
        return f"{self.review} — {self.party}"


class ReviewEvent(CityOwned):
    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        SUBMITTED = "submitted", _("A party submitted its review")
        STATUS = "status", _("Status changed")
        SUMMARY = "summary", _("Public summary edited")
        APPROVED = "approved", _("Publication approved")

    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")

    def __str__(self) -> str:
        return f"{self.review_id} {self.get_kind_display()}"


class MilestoneReminder(CityOwned):
    """One reminder per milestone and kind: its row is what makes it be sent only once."""

    class Kind(models.TextChoices):
        DUE = "due", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    milestone = models.ForeignKey(
        "agreements.AgreementMilestone", verbose_name=_("milestone"), on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("milestone reminder")
        verbose_name_plural = _("milestone reminders")
        constraints = [models.UniqueConstraint(fields=["milestone", "kind"], name="milestone_reminder_once")]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("milestone",)

    def __str__(self) -> str:
        return f"{self.milestone} {self.get_kind_display()}"
