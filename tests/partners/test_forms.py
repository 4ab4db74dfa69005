from __future__ import annotations

import pytest
from django.utils import translation

from partners.forms import OrganisationForm
from tests.factories import FieldFactory, WardFactory
from tests.partners.factories import ORGANISATION_POST

pytestmark = pytest.mark.django_db


def test_full_width_input_is_normalised():
    ward = WardFactory(name="港南区")
    field = FieldFactory(name="子育て")
    form = OrganisationForm({**ORGANISATION_POST, "ward": ward.pk, "fields": [field.pk], "corporate_number": "７１２３４５６７８９０１２"})
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["postal_code"] == "234-0054"
    assert data["phone"] == "045-800-1234"
    assert data["address"] == "横浜市港南区港南台1-1"
    assert data["corporate_number"] == "7123456789012"
    assert data["name_kana"] == "コウナンダイ コドモショクドウ"


def test_bad_input_gets_a_japanese_error_and_keeps_what_was_typed():
    post = {**ORGANISATION_POST, "name_kana": "港南台", "corporate_number": "1123456789012", "postal_code": "231-001"}
    with translation.override("ja"):
        form = OrganisationForm(post)
        assert not form.is_valid()
        html = form.as_div()
        errors = {name: " ".join(str(e) for e in messages) for name, messages in form.errors.items()}
    assert set(errors) == {"name_kana", "corporate_number", "postal_code"}
    assert "カタカナ" in errors["name_kana"]
    assert "法人番号" in errors["corporate_number"]
    assert "郵便番号" in errors["postal_code"]
    assert 'value="港南台"' in html
    assert 'value="1123456789012"' in html
    assert 'value="231-001"' in html
