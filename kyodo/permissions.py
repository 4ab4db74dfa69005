"""Permission answers that can say why not (the Hypha pattern)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def deny(reason: str) -> Decision:
    return Decision(False, str(reason))


def _declare_city_rules() -> None:
    """The city's rules are public reference data; the outbox is for administrators."""
    from . import visibility
    from .models import (
        CheckSheetPoint,
        CityProfile,
        CollaborationForm,
        EvaluationItem,
        OutboxTask,
        Principle,
        ScreeningCriterionPreset,
        StartType,
        WorkflowRule,
    )

    for model in (CityProfile, Principle, CollaborationForm, StartType, ScreeningCriterionPreset,
                  EvaluationItem, CheckSheetPoint, WorkflowRule):
        visibility.declare(model, see=visibility.everyone)
    visibility.declare(OutboxTask, see=visibility.nobody)


_declare_city_rules()
