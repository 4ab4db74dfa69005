"""Many cities, one deployment: the request's city comes from its host, every read is scoped
to it in the application and, on PostgreSQL, by row-level security; roles are per city."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from accounts.models import CityRole
from kyodo.cities import city_create, city_set_active, forget_hosts
from kyodo.models import City, Principle
from kyodo.tenancy import NoCity, activate
from partners.models import Organisation, Ward
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def odawara(db):
    city = f.CityFactory(slug="odawara", city_name="小田原市", preset="odawara")
    forget_hosts()
    return city


def host_client(city: City | None = None, user=None) -> Client:
    from django.conf import settings

    host = city.hosts[0] if city is not None else settings.KYODO_BASE_DOMAIN
    client = Client(HTTP_HOST=host, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


# --- Routing -------------------------------------------------------------------------------------
def test_a_city_is_served_at_its_host(city, odawara):
    body = host_client(odawara).get("/").content.decode()
    assert "小田原市" in body


def test_an_unknown_host_gets_a_404_that_names_no_city(city, odawara):
    response = host_client().get("/", HTTP_HOST="nowhere.localhost")
    assert response.status_code == 404
    body = response.content.decode()
    assert "小田原市" not in body and "横浜市" not in body and "odawara" not in body


def test_the_base_domain_lists_the_cities(city, odawara):
    body = host_client().get("/").content.decode()
    assert "小田原市" in body and "横浜市" in body
    assert odawara.base_url in body


def test_a_custom_domain_serves_its_city(city, odawara, settings):
    # The operator who points the domain's DNS and certificate at the platform lists it in
    # ALLOWED_HOSTS too (README, "Cities as tenants").
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "kyodo.city.odawara.example.jp"]
    odawara.custom_domains = ["kyodo.city.odawara.example.jp"]
    odawara.save()
    forget_hosts()
    response = host_client().get("/", HTTP_HOST="kyodo.city.odawara.example.jp")
    assert response.status_code == 200 and "小田原市" in response.content.decode()


def test_the_table_of_hosts_is_read_on_a_machine_just_started(city, odawara, settings, monkeypatch):
    # The monotonic clock counts from boot: a process started a minute after boot, with a long
    # TTL, must still read the table the first time (it once answered 404 everywhere).
    settings.KYODO_CITY_HOSTS_TTL = 3600
    monkeypatch.setattr("kyodo.cities.time.monotonic", lambda: 60.0)
    forget_hosts()
    assert host_client(odawara).get("/").status_code == 200


def test_a_deactivated_city_answers_404_and_keeps_its_records(city, odawara, admin_user):
    with activate(odawara):
        ward = Ward.objects.create(name="小田原地区")
    city_set_active(city=odawara, active=False, by=admin_user)
    assert host_client(odawara).get("/").status_code == 404
    with activate(odawara):
        assert Ward.objects.filter(pk=ward.pk).exists()


def test_only_platform_administrators_create_cities(city, staff, admin_user):
    from kyodo.workflow import NotAllowed

    with pytest.raises(NotAllowed):
        city_create(slug="yoshikawa", preset="yoshikawa", by=staff)
    created = city_create(slug="yoshikawa", preset="yoshikawa", by=admin_user)
    with activate(created):
        titles = set(Principle.objects.values_list("title", flat=True))
    assert created.city_name == "吉川市" and titles
    with activate(city):
        assert not Principle.objects.exists()  # the test city has loaded no preset


def test_the_platform_admin_creates_a_city_from_a_preset(city, admin_user):
    client = host_client(user=admin_user)
    response = client.post("/admin/kyodo/city/add/", {
        "slug": "yoshikawa", "city_name": "", "preset": "yoshikawa", "custom_domains": "kyodo.yoshikawa.example.jp",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    created = City.objects.get(slug="yoshikawa")
    assert created.custom_domains == ["kyodo.yoshikawa.example.jp"]
    with activate(created):
        assert Principle.objects.exists()


def test_the_platform_admin_is_closed_to_city_staff(city, staff):
    response = host_client(user=staff).get("/admin/")
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("who", ["anonymous", "citizen", "staff", "superuser"])
def test_every_page_of_the_platform_answers_without_a_fault(city, who, citizen, staff, admin_user):
    # The platform's address serves the account pages too (log in, sign up, password reset):
    # they share the city's layout, which must not ask for a city's pages there.
    import re

    from tests.quality.urls_walk import project_routes

    user = {"anonymous": None, "citizen": citizen, "staff": staff, "superuser": admin_user}[who]
    client = host_client(user=user)
    routes = [r for r in project_routes("kyodo.urls_platform", skip_name=re.compile(r"^$")) if not r.params]
    assert {"home", "account_login", "account_signup"} <= {r.name for r in routes}
    for route in routes:
        response = client.get("/" + route.pattern.replace("^", "").replace("$", ""))
        assert response.status_code < 500 or (route.name, response.status_code) == ("health", 503), route


# --- The application's scope ----------------------------------------------------------------------
def test_rows_belong_to_the_active_city(city, odawara):
    mine = f.OrganisationFactory(name="横浜の団体")
    with activate(odawara):
        theirs = f.OrganisationFactory(name="小田原の団体")
        assert list(Organisation.objects.values_list("name", flat=True)) == ["小田原の団体"]
        assert theirs.city_id == odawara.pk
    assert list(Organisation.objects.values_list("name", flat=True)) == ["横浜の団体"]
    assert mine.city_id == city.pk


def test_a_query_with_no_city_active_fails_loudly(city):
    with activate(None), pytest.raises(NoCity):
        list(Organisation.objects.all())


def test_roles_are_per_city(city, odawara, department):
    staff = f.make_staff(department)
    committee = f.UserFactory(is_committee_member=True)
    client = host_client(odawara, staff)
    assert client.get("/projects/staff/proposals/").status_code == 403
    assert host_client(city, staff).get("/projects/staff/proposals/").status_code == 200
    from accounts.roles import roles_of

    committee._kyodo_roles = None
    with activate(odawara):
        assert not roles_of(committee).committee
        CityRole.objects.create(user=committee, role=CityRole.Role.COMMITTEE)
    committee._kyodo_roles = None
    with activate(odawara):
        assert roles_of(committee).committee  # a consultant on two committees


def test_a_city_admin_administers_only_their_city(city, odawara):
    admin = f.UserFactory()
    CityRole.objects.create(user=admin, role=CityRole.Role.ADMIN)
    with activate(odawara):
        f.WardFactory(name="小田原地区")
    f.WardFactory(name="港南区")
    client = host_client(city, admin)
    listing = client.get("/admin/partners/ward/").content.decode()
    assert "港南区" in listing and "小田原地区" not in listing
    assert host_client(odawara, admin).get("/admin/").status_code == 302  # no role there


def test_cache_keys_carry_the_city(city, odawara):
    from django.core.cache import cache

    cache.set("greeting", "yokohama")
    with activate(odawara):
        assert cache.get("greeting") is None
        cache.set("greeting", "odawara")
    assert cache.get("greeting") == "yokohama"


def test_mail_links_and_sender_are_the_citys(city, odawara, mailoutbox):
    from kyodo.mail import send_templated_mail

    odawara.mail_from = "kyodo@city.odawara.example.jp"
    odawara.mail_signature = "小田原市 市民協働課"
    odawara.save()
    with activate(odawara):
        organisation = f.OrganisationFactory(name="小田原の団体")
        send_templated_mail("partners/email/organisation_decision", ["a@example.jp"],
                            {"organisation": organisation, "path": "/partners/"})
    message = mailoutbox[-1]
    assert message.from_email == "kyodo@city.odawara.example.jp"
    assert "小田原市 市民協働課" in message.body
    assert "http://odawara.localhost:8000/partners/" in message.body


# --- The database's wall (PostgreSQL) -------------------------------------------------------------
@pytest.fixture
def app_role(db):
    """The portal's application role: not the tables' owner, so row-level security binds it."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level security exists on PostgreSQL only")
    from kyodo.rls import grant_sql

    with connection.cursor() as cursor:
        cursor.execute("DROP ROLE IF EXISTS kyodo_rls_probe")
        cursor.execute("CREATE ROLE kyodo_rls_probe NOLOGIN NOSUPERUSER NOBYPASSRLS")
        for statement in grant_sql("kyodo_rls_probe", connection.ops.quote_name):
            cursor.execute(statement)
    return "kyodo_rls_probe"


def _as_role(role: str):
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")


def _reset_role():
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def test_row_level_security_hides_other_cities_from_unfiltered_queries(city, odawara, app_role):
    f.OrganisationFactory(name="横浜の団体")
    with activate(odawara):
        f.OrganisationFactory(name="小田原の団体")
    _as_role(app_role)
    try:
        # The ORM without the city filter (the base manager), and raw SQL: only the active city's rows.
        assert set(Organisation._base_manager.values_list("name", flat=True)) == {"横浜の団体"}
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM partners_organisation")
            assert {row[0] for row in cursor.fetchall()} == {"横浜の団体"}
        with activate(odawara), connection.cursor() as cursor:
            cursor.execute("SELECT name FROM partners_organisation")
            assert {row[0] for row in cursor.fetchall()} == {"小田原の団体"}
        with activate(None), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM partners_organisation")
            assert cursor.fetchone()[0] == 0
    finally:
        _reset_role()


def test_row_level_security_refuses_a_row_written_for_another_city(city, odawara, app_role):
    from django.db import DatabaseError, transaction

    _as_role(app_role)
    try:
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO partners_ward (city_id, name, name_kana, \"order\") VALUES (%s, 'x', '', 0)",
                    [odawara.pk],
                )
    finally:
        _reset_role()


def test_every_city_table_has_a_policy(db):
    if connection.vendor != "postgresql":
        pytest.skip("row-level security exists on PostgreSQL only")
    from django.apps import apps

    from kyodo.rls import POLICY, city_tables

    owned, joins = city_tables(apps)
    tables = owned + [table for table, _column, _owner in joins]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid "
            "WHERE c.relrowsecurity AND p.polname = %s", [POLICY],
        )
        protected = {row[0] for row in cursor.fetchall()}
    assert set(tables) - protected == set(), "city tables without row-level security: add a migration " \
        "that runs kyodo.rls.apply_policies"
    assert len(owned) > 50


# --- A task works for the city that queued it -----------------------------------------------------
@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_render_queued_in_a_city_renders_that_citys_agreement(celery_worker, city, tmp_path):
    """The worker takes the city from the task's header: the PDF carries the city's name, its
    principles clause (Odawara's four lines) and its seal."""
    import subprocess
    import time

    from django.core.files.storage import default_storage

    from agreements.models import AgreementRender
    from kyodo.cities import set_up_city
    from tests.agreements import factories as af

    odawara = f.CityFactory(slug="odawara", city_name="小田原市", preset="odawara")
    forget_hosts()
    with activate(odawara):
        set_up_city("odawara")
        department = f.DepartmentFactory(name="市民部")
        organisation = f.OrganisationFactory(name="小田原の団体")
        staff, citizen = f.make_staff(department), f.make_citizen(organisation)
        agreement = af.draft(af.make_adopted_proposal(organisation, department), staff)
        af.agree_all(agreement, staff, citizen)
        af.sign_all(agreement, staff, citizen)  # queues the render after commit, in Odawara
        deadline = time.monotonic() + 120
        render = AgreementRender.objects.get(version__agreement=agreement)
        while render.status not in ("ready", "failed") and time.monotonic() < deadline:
            time.sleep(0.5)
            render.refresh_from_db()
        assert render.status == "ready", render.error
        path = tmp_path / "agreement.pdf"
        with default_storage.open(render.file.name) as source:
            path.write_bytes(source.read())
    assert render.file.name.startswith("cities/odawara/")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "小田原市" in text
    assert "互いの立場、長所や短所を理解・尊重し" in text  # Odawara's first principle
    assert "横浜コード" not in text
