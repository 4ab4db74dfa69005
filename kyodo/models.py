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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tenancy import CityOwned, city_manager, unique_in_city


class RuleQuerySet(models.QuerySet):
    def active(self) -> RuleQuerySet:
        return self.filter(is_active=True)


class CityQuerySet(models.QuerySet["City"]):
    def active(self) -> CityQuerySet:
        return self.filter(is_active=True)


class City(models.Model):
    """A city served by the portal: the tenant every domain row belongs to (`kyodo.tenancy`).

    It is reached at `<slug>.<KYODO_BASE_DOMAIN>` and at any of its `custom_domains`. Its rules
    (principles, forms of collaboration, …) are the rows of the rule tables that belong to it,
    preset from the seeds by `kyodo.rules` and edited by the city's administrators.
    `principles_preamble` is the sentence that opens the agreement's principles clause,
    followed by the active `Principle` texts."""

    class Preset(models.TextChoices):
        YOKOHAMA = "yokohama", "横浜市"
        ODAWARA = "odawara", "小田原市"
        YOSHIKAWA = "yoshikawa", "吉川市"
        CUSTOM = "custom", _("Custom")

    slug = models.SlugField(
        _("host name label"), max_length=40, unique=True,
        help_text=_("The city is served at <label>.<the platform's domain>, e.g. yokohama."),
    )
    city_name = models.CharField(_("city name"), max_length=50)
    custom_domains = models.JSONField(
        _("custom domains"), default=list, blank=True,
        help_text=_("Further host names the city is served at, e.g. kyodo.city.example.lg.jp."),
    )
    preset = models.CharField(_("preset"), max_length=20, choices=Preset.choices, default=Preset.YOKOHAMA)
    principles_preamble = models.CharField(_("principles clause preamble"), max_length=300, blank=True)
    mail_from = models.EmailField(_("mail sender"), blank=True, help_text=_("Empty: the platform's sender."))
    mail_signature = models.TextField(_("mail signature"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return self.city_name

    @property
    def hosts(self) -> list[str]:
        from django.conf import settings

        return [f"{self.slug}.{settings.KYODO_BASE_DOMAIN}", *self.custom_domains]

    @property
    def base_url(self) -> str:
        """The city's portal address, for links in mails and PDFs."""
        from django.conf import settings

        return f"{settings.KYODO_BASE_SCHEME}://{self.hosts[0]}{settings.KYODO_BASE_PORT}"


class RuleItem(CityOwned):
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = city_manager(RuleQuerySet)

    class Meta:
        abstract = True
        ordering = ["order", "id"]


class Principle(RuleItem):
    """One principle of collaboration (e.g. 対等の原則). The agreement's principles clause is
    `City.principles_preamble` followed by the active principles' `text`, in order;
    `title` is the short label."""

    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"))

    class Meta(RuleItem.Meta):
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        constraints = [unique_in_city("title", name="principle_unique_in_city")]

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

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    agreement_template = models.CharField(
        _("agreement template"), max_length=20, choices=Template.choices, default=Template.NONE
    )

    class Meta(RuleItem.Meta):
        verbose_name = _("form of collaboration")
        verbose_name_plural = _("forms of collaboration")
        constraints = [unique_in_city("code", name="collaboration_form_unique_in_city")]

    def __str__(self) -> str:
        return self.name


class StartType(RuleItem):
    """How a collaboration starts (seed 004): A スタート時協力型 … D 市民主導行政協力型."""

    code = models.CharField(_("code"), max_length=1)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta(RuleItem.Meta):
        verbose_name = _("start type")
        verbose_name_plural = _("start types")
        constraints = [unique_in_city("code", name="start_type_unique_in_city")]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


class ScreeningCriterionPreset(RuleItem):
    """A screening criterion copied into a new screening round (the round keeps its own copy).
    Each member scores 1..`max_score`; `weight` multiplies the criterion's average. A criterion
    flagged `is_public_benefit` (公益性) carries the veto: when a majority of members give it
    the lowest score the proposal is rejected whatever the total."""

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=5)
    is_public_benefit = models.BooleanField(_("public benefit (veto)"), default=False)

    class Meta(RuleItem.Meta):
        verbose_name = _("screening criterion")
        verbose_name_plural = _("screening criteria")
        constraints = [
            unique_in_city("name", name="criterion_preset_unique_in_city"),
            models.CheckConstraint(condition=models.Q(max_score__gte=2), name="criterion_max_score_at_least_2"),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class EvaluationItem(RuleItem):
    """An item every party scores at a review (1–5: 5 far above plan, 3 as planned, 1 far below)."""

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta(RuleItem.Meta):
        verbose_name = _("evaluation item")
        verbose_name_plural = _("evaluation items")
        constraints = [unique_in_city("name", name="evaluation_item_unique_in_city")]

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
        constraints = [unique_in_city("stage", "text", name="check_sheet_point_unique_in_city")]

    def __str__(self) -> str:
        return self.text


class WorkflowRule(RuleItem):
    """A short rule both parties keep (Yoshikawa's 目的共有 / 役割分担 / 公開 / 評価), shown
    next to the principles on proposals and agreements."""

    name = models.CharField(_("name"), max_length=100)
    text = models.TextField(_("text"))

    class Meta(RuleItem.Meta):
        verbose_name = _("collaboration rule")
        verbose_name_plural = _("collaboration rules")
        constraints = [unique_in_city("name", name="workflow_rule_unique_in_city")]

    def __str__(self) -> str:
        return self.name


from .notifications import SentNotification  # noqa: E402,F401  (notifications sent once, kyodo.notifications)
from .outbox import OutboxTask  # noqa: E402,F401  (the transactional outbox lives in its own module)
