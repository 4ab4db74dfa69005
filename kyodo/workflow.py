"""One helper for every state machine: the legal moves are declared as data next to the model
(`TRANSITIONS = {DRAFT: {SUBMITTED}, ...}`) and every move is checked here."""

from __future__ import annotations

from collections.abc import Mapping, Set

from django.utils.translation import gettext as _


class TransitionError(Exception):
    """A move the workflow does not allow from the current state. The message is for users."""


class NotAllowed(Exception):
    """The acting user may not do this. The message is for users."""


def check_transition(transitions: Mapping[str, Set[str]], current: str, target: str, labels=None) -> None:
    if target not in transitions.get(current, set()):
        label = dict(labels or {})
        raise TransitionError(
            _("This cannot be done while the status is “%(current)s” (wanted: “%(target)s”).")
            % {"current": label.get(current, current), "target": label.get(target, target)}
        )
