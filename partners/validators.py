"""Validation and normalisation of organisation input: kana readings, 法人番号, postal codes,
phone numbers, founded years. `normalize_*` return the stored form; `validate_*` raise a
translated `ValidationError`."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyodo.text import digits_only, normalize

# Katakana, hiragana, the long vowel mark, the middle dot and spaces (after NFKC, half-width
# kana are already full-width and the ideographic space is a plain space).
_KANA = re.compile(r"^[\u3041-\u3096\u309D\u309E\u30A1-\u30FA\u30FC\u30FD\u30FE\u30FB ]+$")
_HYPHENS = "‐‑‒–—―−ー－-"  # the ASCII hyphen last, so it is literal in a character class

FIRST_YEAR = 1868  # 明治元年: nothing older is a plausible founding year for a partner.


def normalize_kana(value: str | None) -> str:
    value = normalize(value)
    return re.sub(r"\s+", " ", value)


def validate_kana(value: str) -> None:
    if not _KANA.match(normalize_kana(value)):
        raise ValidationError(
            _("Write the reading in katakana or hiragana only (no kanji or Latin letters)."), code="kana"
        )


def corporate_number_check_digit(twelve: str) -> int:
    """Check digit of a 法人番号 from its other 12 digits: 9 − (Σ Pn×Qn mod 9), where Pn is the
    n-th digit counted from the right and Qn is 1 for odd n and 2 for even n."""
    total = sum(int(digit) * (1 if n % 2 else 2) for n, digit in enumerate(reversed(twelve), start=1))
    return 9 - total % 9


def normalize_corporate_number(value: str | None) -> str:
    value = normalize(value)
    return re.sub(rf"[\s{_HYPHENS}]", "", value)


def validate_corporate_number(value: str) -> None:
    value = normalize_corporate_number(value)
    if not value:
        return
    if not re.fullmatch(r"\d{13}", value):
        raise ValidationError(_("A corporate number has exactly 13 digits."), code="corporate_number_length")
    if int(value[0]) != corporate_number_check_digit(value[1:]):
        raise ValidationError(
            _("This corporate number is not valid (its check digit does not match)."), code="corporate_number_check"
        )


def normalize_postal_code(value: str | None) -> str:
    """`２３１－００１７`, `231-0017`, `〒2310017` → `231-0017`; anything else is returned
    normalised but unchanged so the validator can reject it with the user's input kept."""
    text = normalize(value).replace("〒", "").strip()
    digits = digits_only(text)
    if len(digits) == 7 and re.fullmatch(rf"\d{{3}}[{_HYPHENS}]?\d{{4}}", text):
        return f"{digits[:3]}-{digits[3:]}"
    return text


def validate_postal_code(value: str) -> None:
    if not re.fullmatch(r"\d{3}-\d{4}", normalize_postal_code(value)):
        raise ValidationError(_("Enter a 7-digit postal code, e.g. 231-0017."), code="postal_code")


def normalize_phone(value: str | None) -> str:
    """Full-width digits and any kind of hyphen, spaces and brackets accepted; stored as
    digits and ASCII hyphens (`045-671-2222` stays readable, `０４５６７１２２２２` → `0456712222`)."""
    text = normalize(value)
    text = re.sub(rf"[{_HYPHENS}]", "-", text)
    text = re.sub(r"[\s()]", "", text)
    return text


def validate_phone(value: str) -> None:
    text = normalize_phone(value)
    digits = digits_only(text)
    if not re.fullmatch(r"[\d-]+", text) or not 10 <= len(digits) <= 11 or not digits.startswith("0"):
        raise ValidationError(
            _("Enter a phone number of 10 or 11 digits starting with 0, e.g. 045-671-2222."), code="phone"
        )


def validate_founded_year(value: int | None) -> None:
    if value is None:
        return
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= value <= this_year:
        raise ValidationError(
            _("Enter a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": this_year},
            code="founded_year",
        )
