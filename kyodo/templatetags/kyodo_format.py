"""Template filters shared by every app's templates and the PDFs."""

from __future__ import annotations

from django import template

from kyodo import text

register = template.Library()


@register.filter
def yen(amount) -> str:
    """`{{ amount|yen }}` → 80,000円 (kyodo.text.yen)."""
    return text.yen(amount)
