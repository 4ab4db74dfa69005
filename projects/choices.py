"""The city's vocabulary for proposals: forms of collaboration, start types and the preset
screening criteria.

The `kyodo` app holds these as editable data (`kyodo.models.CollaborationForm`, `StartType`,
`ScreeningCriterionPreset`, preset by `manage.py load_city_rules`); for a city that has none
the lists below — the same codes, from DOMAIN.md and seeds 003/004 — are used.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from kyodo import models as rules  # the city's own lists (kyodo.models' rule items)


class CollaborationForm(models.TextChoices):
    CO_HOSTING = "co-hosting", _("Co-hosting (共催)")
    COMMITTEE = "executive-committee", _("Executive committee or council (実行委員会・協議会)")
    COOPERATION = "project-cooperation", _("Project cooperation (事業協力)")
    DESIGNATED_MANAGER = "designated-manager", _("Designated manager (指定管理者)")
    COMMISSION = "commission", _("Commission (委託)")
    SUBSIDY = "subsidy", _("Subsidy (補助)")
    ENDORSEMENT = "endorsement", _("Endorsement (後援)")
    ADOPT = "adopt", _("Adopt programme (アダプト制度)")
    PLANNING = "planning-participation", _("Participation in planning (企画立案への参加)")


class StartType(models.TextChoices):
    A = "A", _("A: cooperative from the start (スタート時協力型)")
    B = "B", _("B: two independent activities joined (相互単独型)")
    C = "C", _("C: city-led with citizen participation (行政主導市民参加型)")
    D = "D", _("D: citizen-led with city cooperation (市民主導行政協力型)")


@dataclass(frozen=True)
class CriterionPreset:
    name: str
    weight: int = 1
    max_score: int = 5
    is_public_benefit: bool = False


# The six criteria of DOMAIN.md, in order. 公益性 carries the veto.
DEFAULT_CRITERIA = [
    CriterionPreset("公益性", weight=2, is_public_benefit=True),
    CriterionPreset("協働の必要性・相乗効果", weight=2),
    CriterionPreset("実現可能性"),
    CriterionPreset("先駆性・独自性"),
    CriterionPreset("自立化・継続性"),
    CriterionPreset("予算の妥当性"),
]
PUBLIC_BENEFIT = "公益性"


def collaboration_form_choices() -> list[tuple[str, str]]:
    """The current city's forms of collaboration in use, or the defaults when it has none."""
    rows = [(form.code, form.name) for form in rules.CollaborationForm.objects.active()]
    return rows or list(CollaborationForm.choices)


def start_type_choices() -> list[tuple[str, str]]:
    rows = [(kind.code, f"{kind.code}: {kind.name}") for kind in rules.StartType.objects.active()]
    return rows or list(StartType.choices)


def collaboration_form_label(code: str) -> str:
    return str(dict(collaboration_form_choices()).get(code, code))


def start_type_label(code: str) -> str:
    return str(dict(start_type_choices()).get(code, code))


def criterion_presets() -> list[CriterionPreset]:
    """The current city's preset screening criteria, or the six of DOMAIN.md when it has none."""
    return [
        CriterionPreset(name=row.name, weight=row.weight, max_score=row.max_score, is_public_benefit=row.is_public_benefit)
        for row in rules.ScreeningCriterionPreset.objects.active()
    ] or list(DEFAULT_CRITERIA)
