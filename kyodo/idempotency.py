"""One row per form submission.

A form that creates something (a proposal draft, a consultation, an organisation) carries a
hidden key made when the form was rendered. The service stores it on the row it creates, under
a unique constraint on (created_by, submission_key); a double click, a resent POST or two
requests racing each other with the same key find the row the first one made.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


class SubmissionKeyMixin(forms.Form):
    """Adds the hidden `submission_key`, fresh on every unbound (newly rendered) form."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4()


def create_once(model: type[M], *, by, key: uuid.UUID | None, create: Callable[[], M]) -> tuple[M, bool]:
    """The row of `model` that `by` created with `key`, made by `create()` (which must store
    `created_by=by, submission_key=key`) if there is none yet. Returns (row, created).

    `create()` runs in a savepoint: when a concurrent request with the same key wins the race,
    the unique constraint rolls this attempt back (its after-commit work included) and the
    winner's row is returned. Without a key every call creates."""
    if key is not None:
        existing = model._default_manager.filter(created_by=by, submission_key=key).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = (
            model._default_manager.filter(created_by=by, submission_key=key).first() if key is not None else None
        )
        if existing is None:
            raise  # another constraint failed: not a repeat
        return existing, False
