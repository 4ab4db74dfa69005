from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partners.validators import (
    corporate_number_check_digit,
    normalize_corporate_number,
    normalize_kana,
    normalize_phone,
    normalize_postal_code,
    validate_corporate_number,
    validate_founded_year,
    validate_kana,
    validate_phone,
    validate_postal_code,
)


def test_corporate_number_example_from_the_domain_is_valid():
    assert corporate_number_check_digit("123456789012") == 7
    validate_corporate_number("7123456789012")


@pytest.mark.parametrize("number", ["1123456789012", "8123456789012", "0000000000001"])
def test_corporate_number_with_wrong_check_digit_is_rejected(number):
    with pytest.raises(ValidationError) as exc:
        validate_corporate_number(number)
    assert exc.value.code == "corporate_number_check"


@pytest.mark.parametrize("number", ["712345678901", "71234567890123", "712345678901a"])
def test_corporate_number_must_have_13_digits(number):
    with pytest.raises(ValidationError) as exc:
        validate_corporate_number(number)
    assert exc.value.code == "corporate_number_length"


def test_corporate_number_is_optional_and_accepts_full_width_digits():
    validate_corporate_number("")
    assert normalize_corporate_number("７１２３４５６７８９０１２") == "7123456789012"
    validate_corporate_number("７１２３-４５６７-８９０１２")


@pytest.mark.parametrize(
    "reading", ["コウナンダイイキイキプレイパーク", "ふらっとすてーしょん", "フラットステーション・ドリーム", "ｺｳﾅﾝ ﾀﾞｲ", "コウナン　ダイ"]
)
def test_kana_reading_accepts_katakana_hiragana_long_vowel_dot_and_spaces(reading):
    validate_kana(reading)


@pytest.mark.parametrize("reading", ["港南台", "Konandai", "コウナン台", "コウナン1"])
def test_kana_reading_rejects_kanji_latin_and_digits(reading):
    with pytest.raises(ValidationError):
        validate_kana(reading)


def test_half_width_kana_and_ideographic_space_are_normalised():
    assert normalize_kana("ｺｳﾅﾝ　ﾀﾞｲ") == "コウナン ダイ"


@pytest.mark.parametrize("typed", ["２３１－００１７", "231-0017", "〒2310017", "2310017", "〒２３１ー００１７"])
def test_postal_code_is_stored_as_nnn_nnnn(typed):
    assert normalize_postal_code(typed) == "231-0017"
    validate_postal_code(typed)


@pytest.mark.parametrize("typed", ["231-001", "23100177", "abc-defg", "231/0017"])
def test_postal_code_other_than_seven_digits_is_rejected(typed):
    with pytest.raises(ValidationError):
        validate_postal_code(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("０４５－６７１－２２２２", "045-671-2222"), ("045 671 2222", "0456712222"), ("090-1234-5678", "090-1234-5678")],
)
def test_phone_full_width_digits_and_hyphens_are_normalised(typed, stored):
    assert normalize_phone(typed) == stored
    validate_phone(typed)


@pytest.mark.parametrize("typed", ["045-671-222", "045-6712-22222", "1234567890", "045-671-222x"])
def test_phone_needs_10_or_11_digits_starting_with_zero(typed):
    with pytest.raises(ValidationError):
        validate_phone(typed)


def test_founded_year_between_meiji_and_this_year():
    validate_founded_year(1868)
    validate_founded_year(timezone.localdate().year)
    validate_founded_year(None)
    for year in (1867, timezone.localdate().year + 1):
        with pytest.raises(ValidationError):
            validate_founded_year(year)
