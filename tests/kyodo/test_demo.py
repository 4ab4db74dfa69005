"""`manage.py load_demo`: three cities from the seeds, each with its own preset, its own wards or
districts, departments, centres and organisations, and a demo login for every role that works
on its city's host and shows that city's work only."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client

from accounts.roles import roles_of
from kyodo.democities import DEMO_CITIES, PASSWORD, PLATFORM_ADMIN
from kyodo.models import City, CollaborationForm, Principle, StartType, WorkflowRule
from kyodo.tenancy import activate
from partners.models import Department, Membership, Organisation, SupportCentre, Ward

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    """Every table's rows, of every city (the managers of city-owned models read one city)."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def cities() -> dict[str, City]:
    return {city.slug: city for city in City.objects.all()}


def test_load_demo_twice_changes_no_row_count_and_prints_each_citys_address_and_logins():
    first = load_demo()
    before = row_counts()
    load_demo()
    assert row_counts() == before
    assert set(cities()) == {"yokohama", "odawara", "yoshikawa"}
    platform = f"{settings.KYODO_BASE_SCHEME}://{settings.KYODO_BASE_DOMAIN}{settings.KYODO_BASE_PORT}/"
    assert platform in first and PLATFORM_ADMIN[0] in first and PASSWORD in first
    logins = first.split("Demo logins", 1)[1]
    for slug, demo in DEMO_CITIES.items():
        city = cities()[slug]
        section = logins.split(f"{city.city_name}: {city.base_url}/", 1)[1].split("\n\n", 1)[0]
        assert all(p.email in section for p in demo.people), slug


def test_each_city_has_its_own_preset():
    load_demo()
    by_slug = cities()
    with activate(by_slug["yokohama"]):
        assert Principle.objects.active().count() == 6
        assert Principle.objects.filter(title="対等の原則").exists()
        assert CollaborationForm.objects.active().count() == 9
    with activate(by_slug["odawara"]):
        assert list(Principle.objects.active().values_list("title", flat=True)) == [
            "相互理解", "主体性の尊重", "対等・自立", "検証・評価"
        ]
        assert list(CollaborationForm.objects.active().values_list("name", flat=True)) == [
            "共催", "実行委員会・協議会", "事業協力", "指定管理者", "委託", "補助", "後援"
        ]
        assert not WorkflowRule.objects.active().exists()
    with activate(by_slug["yoshikawa"]):
        assert list(StartType.objects.active().values_list("code", flat=True)) == ["A", "B", "C", "D"]
        assert CollaborationForm.objects.active().count() == 9
        assert CollaborationForm.objects.get(code="adopt").name == "アダプト制度"
        assert WorkflowRule.objects.active().count() == 4
        assert by_slug["yoshikawa"].principles_preamble.startswith("甲と乙は、よしかわ協働ルール")


def test_each_city_has_its_own_wards_departments_centres_and_organisations():
    load_demo()
    by_slug = cities()
    with activate(by_slug["yokohama"]):
        assert Ward.objects.count() == 18
        assert SupportCentre.objects.filter(kind="ward").count() == 18
        assert SupportCentre.objects.get(name="港南区民活動支援センター").phone == "045-841-9361"
        assert SupportCentre.objects.get(kind="citywide").phone == "045-223-2666"
        assert Department.objects.filter(kind="ward_office").count() == 18
        assert Department.objects.filter(name="地域振興課").count() == 18
        assert Department.objects.get(name="市民協働推進課").parent.name == "市民局"
        assert Organisation.objects.exclude(corporate_number="").count() >= 1
        assert Organisation.objects.get(name="ふらっとステーション・ドリーム").ward.name == "戸塚区"
        membership = Membership.objects.get(user__email="citizen@example.jp")
        assert membership.organisation.name == "港南台生き生きプレイパーク"
        assert membership.organisation.ward.name == "港南区"
    with activate(by_slug["odawara"]):
        assert Ward.objects.filter(name="早川地区").exists() and not Ward.objects.filter(name="港南区").exists()
        assert Department.objects.get(name="地域政策課").parent.name == "市民部"
        assert Department.objects.filter(name="企画政策課", parent__name="企画部").exists()
        assert not Department.objects.filter(kind="ward_office").exists()
        assert list(SupportCentre.objects.values_list("name", flat=True)) == ["小田原市市民活動サポートセンター"]
        assert Organisation.objects.get(name="早川地区まちづくり委員会").ward.name == "早川地区"
    with activate(by_slug["yoshikawa"]):
        assert Department.objects.get(name="市民参加推進課").parent.name == "市民生活部"
        assert list(SupportCentre.objects.values_list("name", flat=True)) == ["吉川市市民活動サポートセンター"]
        assert Organisation.objects.filter(name="三輪野江道路里親の会").exists()
    for slug, demo in DEMO_CITIES.items():
        with activate(by_slug[slug]):
            assert set(Organisation.objects.values_list("name", flat=True)) == {o["name"] for o in demo.organisations}
            for organisation in Organisation.objects.all():
                organisation.full_clean()  # every demo organisation passes the validators


ROLE_CHECKS = {
    "citizen": lambda r: r.is_citizen and r.representative_of,
    "member": lambda r: r.is_citizen and not r.representative_of,
    "citizen2": lambda r: r.is_citizen and r.representative_of,
    "staff": lambda r: r.is_city_staff,
    "ward_staff": lambda r: r.is_city_staff,
    "coordinator": lambda r: r.is_coordinator,
    "coordinator2": lambda r: r.is_coordinator,
    "committee": lambda r: r.committee and not r.admin,
    "cityadmin": lambda r: r.admin,
}


def role_page(slug: str, role: str) -> tuple[str, str]:
    """A page of the role and a text of the city's demo it must show there."""
    from cases.demo import CASES
    from projects.demo import PROPOSALS

    demo = DEMO_CITIES[slug]
    if role in {"citizen", "member", "citizen2"}:
        return "/partners/mine/", demo.person(role).where
    if role in {"staff", "ward_staff", "cityadmin"}:
        return "/admin/partners/organisation/", demo.organisations[0]["name"]
    if role in {"coordinator", "coordinator2"}:
        return "/cases/", next(case["summary"] for case in CASES[slug] if case.get("requested_by"))
    return "/projects/screening/", next(p["title"] for p in PROPOSALS[slug] if p["status"] == "screening")


def test_every_role_logs_in_on_its_citys_host_and_sees_that_citys_work_only():
    load_demo()
    by_slug = cities()
    for slug, demo in DEMO_CITIES.items():
        city = by_slug[slug]
        others = {o["name"] for other in DEMO_CITIES.values() if other is not demo for o in other.organisations}
        for person in demo.people:
            with activate(city):
                user = authenticate(email=person.email, password=PASSWORD)
                assert user is not None and ROLE_CHECKS[person.role](roles_of(user)), (slug, person.email)
            client = Client(HTTP_HOST=city.hosts[0])
            response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
            assert response.status_code == 302, (slug, person.email)
            path, expected = role_page(slug, person.role)
            for url in ("/", path):
                body = client.get(url).content.decode()
                assert not [name for name in others if name in body], (slug, person.email, url)
            assert expected in client.get(path).content.decode(), (slug, person.email, path)


def test_one_person_sits_on_two_cities_committees_and_the_platform_admin_sees_every_city():
    load_demo()
    by_slug = cities()
    person = authenticate(email="committee1@example.jp", password=PASSWORD)
    seats = {}
    for slug, city in by_slug.items():
        with activate(city):
            seats[slug] = roles_of(type(person).objects.get(pk=person.pk)).committee
    assert seats == {"yokohama": True, "odawara": True, "yoshikawa": False}
    client = Client(HTTP_HOST=settings.KYODO_BASE_DOMAIN)
    assert client.post("/accounts/login/", {"login": PLATFORM_ADMIN[0], "password": PASSWORD}).status_code == 302
    body = client.get("/").content.decode()
    assert all(city.base_url in body for city in by_slug.values())
