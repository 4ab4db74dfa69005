from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command

from accounts.roles import roles_of
from partners.demo import PASSWORD
from partners.models import Department, Membership, Organisation, SupportCentre, Ward

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_load_demo_twice_changes_no_row_count():
    first = StringIO()
    call_command("load_demo", stdout=first)
    before = row_counts()
    call_command("load_demo", stdout=StringIO())
    assert row_counts() == before
    assert "citizen@example.jp" in first.getvalue() and PASSWORD in first.getvalue()


def test_demo_has_the_wards_centres_and_departments_of_the_seeds():
    call_command("load_demo", stdout=StringIO())
    assert Ward.objects.count() == 18
    assert SupportCentre.objects.filter(kind="ward").count() == 18
    assert SupportCentre.objects.get(name="港南区民活動支援センター").phone == "045-841-9361"
    assert SupportCentre.objects.get(kind="citywide").phone == "045-223-2666"
    assert Department.objects.filter(kind="ward_office").count() == 18
    assert Department.objects.filter(name="地域振興課").count() == 18
    assert Department.objects.get(name="市民協働推進課").parent.name == "市民局"
    for organisation in Organisation.objects.all():
        organisation.full_clean()  # every demo organisation passes the validators
    assert Organisation.objects.exclude(corporate_number="").count() >= 1
    assert Organisation.objects.get(name="ふらっとステーション・ドリーム").ward.name == "戸塚区"


ROLE_CHECKS = {
    "admin@example.jp": lambda r: r.admin,
    "staff@example.jp": lambda r: r.is_city_staff,
    "ward-staff@example.jp": lambda r: r.is_city_staff,
    "coordinator@example.jp": lambda r: r.is_coordinator,
    "committee1@example.jp": lambda r: r.committee,
    "citizen@example.jp": lambda r: r.is_citizen and r.representative_of,
    "member@example.jp": lambda r: r.is_citizen and not r.representative_of,
    "citizen2@example.jp": lambda r: r.is_citizen and r.representative_of,
}


def test_each_demo_login_works_and_has_its_role():
    call_command("load_demo", stdout=StringIO())
    for email, check in ROLE_CHECKS.items():
        user = authenticate(email=email, password=PASSWORD)
        assert user is not None, email
        assert check(roles_of(user)), email


def test_citizen_represents_the_playpark():
    call_command("load_demo", stdout=StringIO())
    membership = Membership.objects.get(user__email="citizen@example.jp")
    assert membership.organisation.name == "港南台生き生きプレイパーク"
    assert membership.organisation.ward.name == "港南区"
