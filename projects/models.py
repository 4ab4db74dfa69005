"""Projects: calls for proposals, proposals, brush-up and screening.

Core fields other apps rely on (agreements, cases, reviews, reports) are marked CORE: keep
their names and meaning stable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    ADMINISTRATION = "administration", _("Administration-initiated (theme)")
    CITIZEN = "citizen", _("Citizen-initiated")


class Call(models.Model):
    """募集: a department's theme (行政提案型) or the city's yearly call for citizen proposals."""

    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)  # CORE
    title = models.CharField(_("title"), max_length=200)  # CORE
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


class ProposalStatus(models.TextChoices):  # CORE
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    BRUSHUP = "brushup", _("In brush-up")
    SCREENING = "screening", _("In screening")
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(models.Model):
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
    title = models.CharField(_("title"), max_length=200)  # CORE
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
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)  # CORE
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)  # CORE

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["status", "call"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self) -> str:
        return self.title
