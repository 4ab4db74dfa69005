"""Normalising Japanese input."""

from __future__ import annotations

import unicodedata

# Control characters other than tab and newlines are never meaningful in form input.
_CONTROL = {c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {0x7F}


def normalize(value: str | None) -> str:
    """NFKC-normalise (full-width digits and letters to half-width, half-width kana to
    full-width), strip control characters and surrounding blanks, unify line breaks."""
    if not value:
        return ""
    value = unicodedata.normalize("NFKC", str(value))
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ord(ch) not in _CONTROL)
    return value.strip()


def digits_only(value: str | None) -> str:
    """Normalised value with everything but ASCII digits removed (for phone and postal codes)."""
    return "".join(ch for ch in normalize(value) if ch.isascii() and ch.isdigit())


def yen(amount: int | str | None) -> str:
    """An amount of yen as every page, PDF and export writes it: 80,000円."""
    return f"{int(amount or 0):,}円"
