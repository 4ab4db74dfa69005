from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from agreements.models import AgreementParty, AgreementVersion, Signature, party_label
from agreements.wareki import wareki
from tests.agreements import factories as af

pytestmark = pytest.mark.django_db


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_update_of_a_signed_version_fails_in_the_database(in_force):
    version = in_force.in_force_version
    assert connection.vendor == "postgresql"
    with pytest.raises(IntegrityError):
        _raw("UPDATE agreements_agreementversion SET content_hash = %s WHERE id = %s", ["0" * 64, version.pk])
    with pytest.raises(IntegrityError):
        _raw("UPDATE agreements_agreementversion SET content = %s WHERE id = %s", ['{"purpose": "x"}', version.pk])
    assert AgreementVersion.objects.get(pk=version.pk).content_hash == version.content_hash


def test_raw_delete_of_a_signed_version_fails_in_the_database(in_force):
    with pytest.raises(IntegrityError):
        _raw("DELETE FROM agreements_agreementversion WHERE id = %s", [in_force.in_force_version.pk])


def test_orm_update_of_a_signed_version_fails_too(in_force):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementVersion.objects.filter(pk=in_force.in_force_version.pk).update(note="changed")


def test_signatures_are_append_only(in_force):
    signature = Signature.objects.first()
    with pytest.raises(IntegrityError):
        _raw("UPDATE agreements_signature SET signer_name = %s WHERE id = %s", ["偽者", signature.pk])
    with pytest.raises(IntegrityError):
        _raw("DELETE FROM agreements_signature WHERE id = %s", [signature.pk])
    assert Signature.objects.count() == 2


def test_an_unsigned_version_can_still_be_changed_by_the_database(agreement):
    _raw("UPDATE agreements_agreementversion SET note = %s WHERE id = %s", ["ok", agreement.current_version.pk])
    assert AgreementVersion.objects.get(pk=agreement.current_version.pk).note == "ok"


def test_a_party_is_exactly_one_organisation_or_department(agreement, organisation, department):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementParty.objects.create(agreement=agreement, order=5, organisation=organisation, department=department)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementParty.objects.create(agreement=agreement, order=6)


def test_party_labels_follow_the_order():
    assert [party_label(i) for i in range(5)] == ["甲", "乙", "丙", "丁", "戊"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2019, 4, 30), "平成31年4月30日（2019年4月30日）"),
        (datetime.date(2019, 5, 1), "令和元年5月1日（2019年5月1日）"),
        (datetime.date(2020, 1, 1), "令和2年1月1日（2020年1月1日）"),
        (datetime.date(2026, 4, 1), "令和8年4月1日（2026年4月1日）"),
        (datetime.date(1989, 1, 7), "昭和64年1月7日（1989年1月7日）"),
        (datetime.date(1989, 1, 8), "平成元年1月8日（1989年1月8日）"),
    ],
)
def test_wareki_era_boundaries(day, expected):
    assert wareki(day) == expected


def test_edit_content_factory_keeps_the_text(agreement):
    assert af.edit_content(agreement.current_version)["purpose"] == af.PURPOSE
