"""The city's rules as data (principles, forms of collaboration, start types, screening
criteria presets, evaluation items, check-sheet points).

Nothing here is hard-coded in other apps: they read these tables. The lists are preset from
the seeds by `kyodo.rules` (`manage.py load_city_rules yokohama|odawara|yoshikawa`) and edited
in the admin. Every list model has `order` (display order) and `is_active`; read choices with
`<Model>.objects.active()`, which keeps rows still referenced by old records but retired by a
preset switch out of new forms.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleQuerySet(models.QuerySet):
    def active(self) -> RuleQuerySet:
        return self.filter(is_active=True)


class RuleItem(models.Model):
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "id"]


class CityProfile(models.Model):
    """The one row naming the city and the preset its lists came from.

    Read it with `CityProfile.current()`. `principles_preamble` is the sentence that opens
    the agreement's principles clause, followed by the active `Principle` texts."""

    class Preset(models.TextChoices):
        YOKOHAMA = "yokohama", "横浜市"
        ODAWARA = "odawara", "小田原市"
        YOSHIKAWA = "yoshikawa", "吉川市"
        CUSTOM = "custom", _("Custom")

    city_name = models.CharField(_("city name"), max_length=50)
    preset = models.CharField(_("preset"), max_length=20, choices=Preset.choices, default=Preset.YOKOHAMA)
    principles_preamble = models.CharField(_("principles clause preamble"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("city profile")
        verbose_name_plural = _("city profile")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="city_profile_singleton")]

    def __str__(self) -> str:
        return self.city_name

    @classmethod
    def current(cls) -> CityProfile:
        profile, _created = cls.objects.get_or_create(pk=1, defaults={"city_name": "横浜市"})
        return profile


class Principle(RuleItem):
    """One principle of collaboration (e.g. 対等の原則). The agreement's principles clause is
    `CityProfile.principles_preamble` followed by the active principles' `text`, in order;
    `title` is the short label."""

    title = models.CharField(_("title"), max_length=100, unique=True)
    text = models.TextField(_("text"))

    class Meta(RuleItem.Meta):
        verbose_name = _("principle")
        verbose_name_plural = _("principles")

    def __str__(self) -> str:
        return self.title


class CollaborationForm(RuleItem):
    """A form of collaboration (協働の形態: 共催, 委託, 補助 …), chosen on a proposal and an
    agreement. `agreement_template` says which agreement template type fits the form."""

    class Template(models.TextChoices):
        COMMISSION = "commission", "委託型"
        CONTRIBUTION = "contribution", "負担金型"
        SUBSIDY = "subsidy", "補助型"
        CO_HOSTING = "co_hosting", "共催型"
        NONE = "none", _("No agreement template")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    agreement_template = models.CharField(
        _("agreement template"), max_length=20, choices=Template.choices, default=Template.NONE
    )

    class Meta(RuleItem.Meta):
        verbose_name = _("form of collaboration")
        verbose_name_plural = _("forms of collaboration")

    def __str__(self) -> str:
        return self.name


class StartType(RuleItem):
    """How a collaboration starts (seed 004): A スタート時協力型 … D 市民主導行政協力型."""

    code = models.CharField(_("code"), max_length=1, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta(RuleItem.Meta):
        verbose_name = _("start type")
        verbose_name_plural = _("start types")

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


class ScreeningCriterionPreset(RuleItem):
    """A screening criterion copied into a new screening round (the round keeps its own copy).
    Each member scores 1..`max_score`; `weight` multiplies the criterion's average. A criterion
    flagged `is_public_benefit` (公益性) carries the veto: when a majority of members give it
    the lowest score the proposal is rejected whatever the total."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=5)
    is_public_benefit = models.BooleanField(_("public benefit (veto)"), default=False)

    class Meta(RuleItem.Meta):
        verbose_name = _("screening criterion")
        verbose_name_plural = _("screening criteria")
        constraints = [
            models.CheckConstraint(condition=models.Q(max_score__gte=2), name="criterion_max_score_at_least_2"),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class EvaluationItem(RuleItem):
    """An item every party scores at a review (1–5: 5 far above plan, 3 as planned, 1 far below)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta(RuleItem.Meta):
        verbose_name = _("evaluation item")
        verbose_name_plural = _("evaluation items")

    def __str__(self) -> str:
        return self.name


class CheckSheetPoint(RuleItem):
    """A point of the check sheet for better collaboration (seed 002), by stage."""

    class Stage(models.TextChoices):
        PLANNING = "planning", _("Planning")
        PROCEEDING = "proceeding", _("Proceeding together")
        REVIEWING = "reviewing", _("Reviewing together")

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    text = models.CharField(_("text"), max_length=300)

    class Meta(RuleItem.Meta):
        ordering = ["stage", "order", "id"]
        verbose_name = _("check-sheet point")
        verbose_name_plural = _("check-sheet points")
        constraints = [models.UniqueConstraint(fields=["stage", "text"], name="check_sheet_point_unique")]

    def __str__(self) -> str:
        return self.text


class WorkflowRule(RuleItem):
    """A short rule both parties keep (Yoshikawa's 目的共有 / 役割分担 / 公開 / 評価), shown
    next to the principles on proposals and agreements."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    text = models.TextField(_("text"))

    class Meta(RuleItem.Meta):
        verbose_name = _("collaboration rule")
        verbose_name_plural = _("collaboration rules")

    def __str__(self) -> str:
        return self.name


from .notifications import SentNotification  # noqa: E402,F401  (notifications sent once, kyodo.notifications)
from .outbox import OutboxTask  # noqa: E402,F401  (the transactional outbox lives in its own module)
