"""The city's vocabulary for proposals: forms of collaboration, start types and the preset
screening criteria.

The `kyodo` app holds these as editable data (`kyodo.models.CollaborationForm`, `StartType`,
`ScreeningCriterionPreset`, preset by `manage.py load_city_rules`); when its tables are empty
the lists below — the same codes, from DOMAIN.md and seeds 003/004 — are used.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


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


def _from_kyodo(model_name: str) -> list:
    """Rows of a kyodo rules model, or [] when the model or its table is not there."""
    try:
        from kyodo import models as kyodo_models

        manager = getattr(kyodo_models, model_name).objects
        return list(manager.active() if hasattr(manager, "active") else manager.all())
    except Exception:  # noqa: BLE001 — the rules app is optional: any failure means "use the defaults"
        return []


def _code_and_name(row) -> tuple[str, str] | None:
    code = getattr(row, "code", None) or getattr(row, "slug", None)
    name = getattr(row, "name", None) or str(row)
    return (str(code), str(name)) if code else None


def collaboration_form_choices() -> list[tuple[str, str]]:
    rows = [c for c in (_code_and_name(r) for r in _from_kyodo("CollaborationForm")) if c]
    return rows or list(CollaborationForm.choices)


def start_type_choices() -> list[tuple[str, str]]:
    rows = [(code, f"{code}: {name}") for code, name in (c for c in map(_code_and_name, _from_kyodo("StartType")) if c)]
    return rows or list(StartType.choices)


def collaboration_form_label(code: str) -> str:
    return str(dict(collaboration_form_choices()).get(code, code))


def start_type_label(code: str) -> str:
    return str(dict(start_type_choices()).get(code, code))


def criterion_presets() -> list[CriterionPreset]:
    out = []
    for row in _from_kyodo("ScreeningCriterionPreset"):
        name = getattr(row, "name", "")
        if not name:
            continue
        out.append(
            CriterionPreset(
                name=name,
                weight=int(getattr(row, "weight", 1) or 1),
                max_score=int(getattr(row, "max_score", 5) or 5),
                is_public_benefit=bool(getattr(row, "is_public_benefit", name == PUBLIC_BENEFIT)),
            )
        )
    return out or list(DEFAULT_CRITERIA)
