"""Projects: calls for proposals, proposals, brush-up and screening.

Core fields other apps rely on (agreements, cases, reviews, reports) are marked CORE: keep
their names and meaning stable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kyodo import storage
from kyodo.tenancy import CityOwned, city_manager


class Origin(models.TextChoices):
    ADMINISTRATION = "administration", _("Administration-initiated (theme)")
    CITIZEN = "citizen", _("Citizen-initiated")


class CallQuerySet(models.QuerySet["Call"]):
    def open(self) -> CallQuerySet:
        now = timezone.now()
        return self.filter(is_published=True, opens_at__lte=now, deadline__gt=now)


class Call(CityOwned):
    """募集: a department's theme (行政提案型) or the city's yearly call for citizen proposals."""

    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)  # CORE
    title = models.CharField(_("call title"), max_length=200)  # CORE
    department = models.ForeignKey(  # CORE
        "partners.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="calls"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))  # CORE (April–March, by start year)
    problem = models.TextField(_("the problem"), blank=True)
    expectations = models.TextField(_("what is expected of a partner"), blank=True)
    budget_ceiling = models.PositiveBigIntegerField(_("budget ceiling (yen)"), null=True, blank=True)
    period_start = models.DateField(_("project period from"), null=True, blank=True)
    period_end = models.DateField(_("project period to"), null=True, blank=True)
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"))  # CORE
    contact = models.TextField(_("contact"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = city_manager(CallQuerySet)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="call_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.is_published and self.opens_at <= now < self.deadline

    @property
    def fiscal_year_label(self) -> str:
        """令和8年度 in Japanese, FY2026 otherwise (Reiwa 1 = 2019)."""
        if translation.get_language() == "ja" and self.fiscal_year >= 2019:
            return f"令和{self.fiscal_year - 2018}年度"
        return f"FY{self.fiscal_year}"

    @property
    def is_past_deadline(self) -> bool:
        return timezone.now() >= self.deadline

    @property
    def days_left(self) -> int:
        """Whole days until the deadline, counted on the local calendar (0 on the last day)."""
        today = timezone.localdate()
        return max((timezone.localdate(self.deadline) - today).days, 0)


class ProposalStatus(models.TextChoices):  # CORE
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    BRUSHUP = "brushup", _("In brush-up")
    SCREENING = "screening", _("In screening")
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The legal moves, declared once. A draft is never "withdrawn": its authors delete it or leave it.
# Withdrawal applies to what the city has already received (submitted, in brush-up).
TRANSITIONS: dict[str, set[str]] = {
    ProposalStatus.DRAFT: {ProposalStatus.SUBMITTED},
    ProposalStatus.SUBMITTED: {ProposalStatus.BRUSHUP, ProposalStatus.SCREENING, ProposalStatus.WITHDRAWN},
    ProposalStatus.BRUSHUP: {ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN},
    ProposalStatus.SCREENING: {ProposalStatus.ADOPTED, ProposalStatus.NOT_ADOPTED},
    ProposalStatus.ADOPTED: set(),
    ProposalStatus.NOT_ADOPTED: set(),
    ProposalStatus.WITHDRAWN: set(),
}
EDITABLE_STATUSES = {ProposalStatus.DRAFT, ProposalStatus.BRUSHUP}
DECIDED_STATUSES = {ProposalStatus.ADOPTED, ProposalStatus.NOT_ADOPTED}


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def with_budget_totals(self) -> ProposalQuerySet:
        """Totals computed in SQL (one query for a whole list)."""
        lines = BudgetLine.objects.filter(proposal=models.OuterRef("pk")).order_by().values("proposal")
        total = lines.annotate(s=models.Sum("amount")).values("s")
        asked = lines.annotate(s=models.Sum("city_share")).values("s")
        return self.annotate(
            total_yen=Coalesce(models.Subquery(total), 0, output_field=models.BigIntegerField()),
            asked_yen=Coalesce(models.Subquery(asked), 0, output_field=models.BigIntegerField()),
        )

    def adopted(self) -> ProposalQuerySet:
        return self.filter(status=ProposalStatus.ADOPTED)

    def not_draft(self) -> ProposalQuerySet:
        return self.exclude(status=ProposalStatus.DRAFT)


class Proposal(CityOwned):
    """協働事業提案."""

    Status = ProposalStatus

    call = models.ForeignKey(  # CORE
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="proposals"
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)  # CORE (copied from call)
    organisation = models.ForeignKey(  # CORE: the lead proposer
        "partners.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="proposals"
    )
    co_proposers = models.ManyToManyField(  # CORE
        "partners.Organisation", verbose_name=_("co-proposers"), related_name="co_proposals", blank=True
    )
    departments = models.ManyToManyField(  # CORE: hoped-for / responsible departments
        "partners.Department", verbose_name=_("departments"), related_name="proposals", blank=True
    )
    fields = models.ManyToManyField(  # CORE
        "partners.FieldOfActivity", verbose_name=_("fields of activity"), related_name="proposals", blank=True
    )
    ward = models.ForeignKey(  # CORE: where the project takes place (null: city-wide)
        "partners.Ward", verbose_name=_("ward"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="proposals",
    )
    title = models.CharField(_("project title"), max_length=200)  # CORE
    local_problem = models.TextField(_("local problem"), blank=True)  # CORE
    purpose = models.TextField(_("purpose"), blank=True)  # CORE
    activities = models.TextField(_("activities"), blank=True)  # CORE
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    why_collaboration = models.TextField(_("why collaboration, and the synergy expected"), blank=True)
    collaboration_form = models.CharField(_("form of collaboration"), max_length=50, blank=True)  # CORE: a code
    start_type = models.CharField(_("start type"), max_length=1, blank=True)  # CORE: A–D
    schedule = models.TextField(_("schedule"), blank=True)
    status = models.CharField(  # CORE
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)  # CORE
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)  # CORE
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)  # CORE
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    # The key of the start form this draft was made from: a double click or a resent POST of
    # the same form finds this draft instead of making a second one (kyodo.idempotency).
    submission_key = models.UUIDField(_("submission key"), null=True, blank=True, editable=False)

    objects = city_manager(ProposalQuerySet)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["status", "call"]),
            models.Index(fields=["organisation", "status"]),
            # The register (adopted, newest first) and the staff list (newest submissions first).
            # Each leads with the city: every query reads one city's rows (kyodo.tenancy), so the
            # index yields that city's rows in order and its counts, not every city's to filter.
            models.Index(fields=["city", "status", "-decided_at"], name="proposal_status_decided_idx"),
            # Drafts (never submitted, NULL first in a descending order) are left out, so that the
            # staff list's "newest submissions first" reads the index from its first entry.
            models.Index(
                fields=["city", "-submitted_at", "-id"], name="proposal_submitted_idx",
                condition=~models.Q(status="draft"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["created_by", "submission_key"], name="proposal_submission_once"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:proposal_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def department_list(self) -> list:
        """The hoped-for departments with their bureaus (what their names show), read once per
        object: the permission checks and the page that follows share the one query."""
        from django.db.models import Prefetch, prefetch_related_objects

        from partners.models import Department

        prefetch_related_objects([self], Prefetch("departments", queryset=Department.objects.select_related("parent")))
        return list(self.departments.all())

    @property
    def collaboration_form_label(self) -> str:
        from .choices import collaboration_form_label

        return collaboration_form_label(self.collaboration_form)

    @property
    def start_type_label(self) -> str:
        from .choices import start_type_label

        return start_type_label(self.start_type)

    # Budget totals. A list view annotates `total_yen`/`asked_yen` (`with_budget_totals`); a
    # single proposal sums its own rows.
    @property
    def budget_total(self) -> int:
        if hasattr(self, "total_yen"):
            return int(self.total_yen)
        return int(self.budget_lines.aggregate(s=Coalesce(models.Sum("amount"), 0))["s"])

    @property
    def budget_asked(self) -> int:
        if hasattr(self, "asked_yen"):
            return int(self.asked_yen)
        return int(self.budget_lines.aggregate(s=Coalesce(models.Sum("city_share"), 0))["s"])

    @property
    def budget_own(self) -> int:
        return self.budget_total - self.budget_asked


class RoleParty(models.TextChoices):
    GROUP = "group", _("The proposing group")
    CITY = "city", _("The city")
    PARTNER = "partner", _("Another partner")


class ProposalRole(CityOwned):
    """役割分担: one task and who does it."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="roles")
    task = models.CharField(_("task"), max_length=300)
    party = models.CharField(_("who"), max_length=10, choices=RoleParty.choices)
    partner_name = models.CharField(_("partner's name"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("role split row")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(party="partner") | ~models.Q(partner_name=""),
                name="proposal_role_partner_named",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.who}"

    @property
    def who(self) -> str:
        if self.party == RoleParty.PARTNER and self.partner_name:
            return self.partner_name
        return self.get_party_display()


class BudgetLine(CityOwned):
    """One budget row: an item, its cost, and the part asked of the city (the rest is own funds)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    item = models.CharField(_("item"), max_length=200)
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    city_share = models.PositiveBigIntegerField(_("asked of the city (yen)"), default=0)
    note = models.CharField(_("remarks"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_amount_non_negative"),
            models.CheckConstraint(condition=models.Q(city_share__gte=0), name="budget_city_share_non_negative"),
            models.CheckConstraint(
                condition=models.Q(city_share__lte=models.F("amount")), name="budget_city_share_within_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.amount}"

    @property
    def own_funds(self) -> int:
        return self.amount - self.city_share


def attachment_path(instance: ProposalAttachment, filename: str) -> str:
    # Named here for the migrations that refer to it; the path is made in kyodo.storage.
    return storage.attachment_path(instance, filename)


class ProposalAttachment(CityOwned):
    """A file attached to a proposal. Stored under MEDIA_ROOT (outside the web root), served only
    by a view that checks permission."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class ProposalEvent(CityOwned):
    """Who moved the proposal from which status to which, when."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ProposalStatus.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"


class ProposalRevision(CityOwned):
    """The proposal's content as it was at a submission or resubmission."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    snapshot = models.JSONField(_("content"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="proposal_revision_unique")]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("proposal",)

    def __str__(self) -> str:
        return f"{self.proposal} #{self.number}"


class ProposalMessage(CityOwned):
    """The brush-up thread. Internal notes are seen by city staff only."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    body = models.TextField(_("message"))
    is_internal = models.BooleanField(_("internal note (city staff only)"), default=False)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("brush-up message")
        verbose_name_plural = _("brush-up messages")

    def __str__(self) -> str:
        return self.body[:40]


class ScreeningRound(CityOwned):
    """審査: one per call, with its criteria, pass mark and committee."""

    call = models.OneToOneField(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="screening_round")
    name = models.CharField(_("name"), max_length=200)
    pass_mark_percent = models.PositiveSmallIntegerField(_("pass mark (percent of the maximum)"), default=60)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("committee members"), related_name="screening_rounds", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("screening round")
        verbose_name_plural = _("screening rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark_percent__lte=100), name="screening_pass_mark_percent"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ScreeningCriterion(CityOwned):
    round = models.ForeignKey(
        ScreeningRound, verbose_name=_("screening round"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=5)
    is_public_benefit = models.BooleanField(
        _("public benefit (veto criterion)"), default=False,
        help_text=_("If a majority of members give this criterion the lowest score, the proposal fails."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("screening criterion")
        verbose_name_plural = _("screening criteria")
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="screening_criterion_unique"),
            models.CheckConstraint(condition=models.Q(max_score__gte=2), name="screening_criterion_max_score"),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="screening_criterion_weight"),
        ]

    def __str__(self) -> str:
        return self.name


class ConflictDeclaration(CityOwned):
    """A member with a conflict of interest does not score that proposal.

    Declarations and scores are the screening's accountability record: the member's account is
    protected from deletion (people are deactivated, `accounts.services.user_deactivate`)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["member", "proposal"], name="conflict_unique")]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("member", "proposal")

    def __str__(self) -> str:
        return f"{self.member} × {self.proposal}"


class Score(CityOwned):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        ScreeningCriterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), default=timezone.now)

    class Meta:
        ordering = ["criterion__order", "member_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["member", "proposal", "criterion"], name="score_unique"),
            models.CheckConstraint(condition=models.Q(score__gte=1), name="score_at_least_one"),
        ]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("member", "criterion")

    def __str__(self) -> str:
        return f"{self.member} {self.criterion}: {self.score}"
