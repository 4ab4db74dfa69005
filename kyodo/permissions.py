"""Permission answers that can say why not (the Hypha pattern)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def deny(reason: str) -> Decision:
    return Decision(False, str(reason))


def can_manage_cities(user) -> Decision:
    """Creating, deactivating cities: the platform's administrators (superusers)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return ALLOW
    return deny(_("Only the platform's administrators manage cities."))


def _the_current_city(user, qs):
    """A city's administrators see and edit their own city's record (its rules' preamble, its
    mail sender); the platform's administrators see every city."""
    from accounts.roles import roles_of

    from .tenancy import current_city_or_none

    city = current_city_or_none()
    if city is None or not roles_of(user).admin:
        return qs.none()
    return qs.filter(pk=city.pk)


def _declare_city_rules() -> None:
    """The city's rules are public reference data; the outbox and the delivery log are for
    administrators; a city is seen by the platform's administrators (its own admin edits it)."""
    from . import visibility
    from .models import (
        CheckSheetPoint,
        City,
        CollaborationForm,
        EvaluationItem,
        OutboxTask,
        Principle,
        ScreeningCriterionPreset,
        SentNotification,
        StartType,
        WorkflowRule,
    )

    visibility.declare(City, see=_the_current_city, change=_the_current_city)
    for model in (Principle, CollaborationForm, StartType, ScreeningCriterionPreset,
                  EvaluationItem, CheckSheetPoint, WorkflowRule):
        visibility.declare(model, see=visibility.everyone)
    visibility.declare(OutboxTask, see=visibility.nobody)
    visibility.declare(SentNotification, see=visibility.nobody)


_declare_city_rules()
