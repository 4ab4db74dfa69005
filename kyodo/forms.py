"""Free text in forms, with one set of length limits for the whole portal.

A limit a person can reach by writing, never one that cuts what they meant to say; past it,
the form comes back with the text as typed and Django's translated message giving the limit
and the count ("この値は 4000 文字以下でなければなりません( 100000 文字になっています)。").

- SHORT_TEXT (200): one line — a search, a title, a one-line summary, a short note.
- LONG_TEXT (4,000): a message, note, comment, reason or profile — ten sheets of 400-character
  manuscript paper (原稿用紙), more than any note of a consultation or a brush-up needs.
- SECTION_TEXT (8,000): one section of a proposal or one clause of an agreement, which the
  city's paper forms give a page or two.
"""

from __future__ import annotations

from django import forms

SHORT_TEXT = 200
LONG_TEXT = 4000
SECTION_TEXT = 8000


class FreeText(forms.CharField):
    """A text area limited to `max_length` characters. A line break counts as one character,
    as the browser's `maxlength` counts it (the browser sends it as CR LF)."""

    def __init__(self, *, max_length: int = LONG_TEXT, rows: int = 3, **kwargs) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value
