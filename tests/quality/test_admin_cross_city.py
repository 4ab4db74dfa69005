"""The admin across cities: two cities, each with the quality world, and every door of the admin
requested across them.

- On the other city's host, a role of this city (staff posted here, this city's administrator,
  its committee, a citizen) is nobody, and the other way round: every admin page sends them to log in, whatever the
  model or the object (the other city's or this city's, reached by id).
- On this city's host, people with a place in the admin here — and a person who also
  administers the other city — find no row of the other city: not in a change list, a popup or
  an autocomplete, not by its id on a change, history, delete or view-on-site page, and none of
  its private texts anywhere.
- The platform's admin, on the base domain, is for the platform's administrators (superusers)
  only; they keep everything, in the platform's admin and in every city's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import CityRole, User
from kyodo.cities import PLATFORM_URLCONF
from kyodo.models import City
from kyodo.tenancy import CityOwned, activate
from tests import factories as f

from .cities import MARK, client_at
from .test_admin_matrix import CHANGE_LINK, admin_url, plant_secrets, registered
from .world import World

# Roles of this city: none of them is anyone in the other city's admin.
HOME_ROLES = ["staff", "city_admin", "committee", "citizen"]
LOGIN = "/admin/login/"


@dataclass
class Cities:
    home_city: City
    home: World
    away_city: City
    away: World
    secrets: list[str]  # texts of the other city's private rows (with MARK)


def _city_admin():
    user = f.UserFactory()
    CityRole.objects.create(user=user, role=CityRole.Role.ADMIN)
    return user


@pytest.fixture
def cities(two_cities) -> Cities:
    """Two cities with their worlds; each has an administrator (`city_admin`), the other city
    has secrets in its private rows, and this city has a member of staff who also administers the
    other city (`both`)."""
    (home_city, home), (away_city, away) = two_cities
    home.users["city_admin"] = _city_admin()
    home.users["both"] = f.make_staff(home.department)
    with activate(away_city):
        secrets = [MARK, *plant_secrets(away)]
        away.users["city_admin"] = _city_admin()
        CityRole.objects.create(user=home.users["both"], role=CityRole.Role.ADMIN)
        # Their work in the other city's admin, in the admin's log (an index lists one's recent actions).
        worked_on = [type(o).objects.get(pk=o.pk) for o in (away.organisation, away.consultation)]
        LogEntry.objects.log_actions(home.users["both"].pk, worked_on, CHANGE)
    return Cities(home_city, home, away_city, away, secrets)


def _city_of(row) -> int | None:
    """The city a row belongs to; None for the platform's rows (accounts, the cities themselves),
    which the rules open per person."""
    return row.city_id if isinstance(row, CityOwned) else None


def _rows(per_city: int | None = None) -> list:
    """The rows of every model in the admin, of every city (the first `per_city` of each)."""
    rows = []
    for model, _ in registered():
        taken = Counter()
        for row in model._base_manager.order_by("pk"):
            city = _city_of(row)
            if per_city is None or taken[city] < per_city:
                taken[city] += 1
                rows.append(row)
    return rows


def _lists() -> list[str]:
    """The change list of every model, its raw-id popup and every autocomplete."""
    urls = []
    for model, model_admin in registered():
        opts = model._meta
        urls += [admin_url(model, "changelist"), admin_url(model, "changelist") + "?_popup=1&_to_field=id"]
        urls += [
            reverse("admin:autocomplete")
            + f"?app_label={opts.app_label}&model_name={opts.model_name}&field_name={name}&term="
            for name in model_admin.autocomplete_fields
        ]
    return urls


def _view_on_site(row) -> str:
    return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(type(row)).pk, row.pk])


def _object_pages(row) -> list[str]:
    return [
        *(admin_url(type(row), action, row.pk) for action in ("change", "history", "delete")),
        _view_on_site(row),
    ]


def _listed(url: str, response) -> list:
    """The rows a change list links to, or an autocomplete offers."""
    if response["Content-Type"] == "application/json":
        query = dict(parse_qsl(urlsplit(url).query))
        source = apps.get_model(query["app_label"], query["model_name"])
        model = source._meta.get_field(query["field_name"]).remote_field.model
        return list(model._base_manager.filter(pk__in=[r["id"] for r in response.json()["results"]]))
    body = response.content.decode()
    return [apps.get_model(app, name)._base_manager.get(pk=pk) for app, name, pk in CHANGE_LINK.findall(body)]


def _sent_to_log_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


# --- A role of one city in another city's admin ---------------------------------------------------
@pytest.mark.parametrize("direction", ["there", "back"])
def test_a_role_of_one_city_is_sent_to_log_in_by_another_citys_admin(cities, direction):
    """Every list, every row of the other city, and this city's rows by id (the first of each
    model: the page sends them away before it reads a row); both ways."""
    c = cities if direction == "there" else Cities(cities.away_city, cities.away, cities.home_city, cities.home, [])
    host = c.away_city.hosts[0]
    rows = [row for row in _rows() if _city_of(row) == c.away_city.pk]
    rows += [row for row in _rows(per_city=1) if _city_of(row) != c.away_city.pk]
    urls = ["/admin/", *_lists()]
    for row in rows:
        urls += [admin_url(type(row), action, row.pk) for action in ("change", "history", "delete")]
    problems = []
    for role in HOME_ROLES:
        client = client_at(host, c.home.user(role))
        for url in urls:
            response = client.get(url)
            if not _sent_to_log_in(response):
                problems.append(f"{role} of {c.home_city.slug} on {host}{url}: {response.status_code}")
    assert not problems, "\n".join(problems)


# --- This city's admin, with the other city's ids ---------------------------------------------------
@pytest.mark.parametrize("role", ["city_admin", "both"])
def test_this_citys_admin_shows_no_row_of_another_city(cities, role):
    """Every list, and every row of the other city by id."""
    c = cities
    client = client_at(c.home_city.hosts[0], c.home.user(role))
    their_people = {u.pk for u in [c.away.member, *c.away.users.values()] if u is not None}

    def elsewhere(row) -> bool:
        """A row of the other city: one of its records, the city itself, one of its people (who
        hold no role here) or their e-mail addresses and second factors."""
        if isinstance(row, CityOwned | City):
            return (row.city_id if isinstance(row, CityOwned) else row.pk) != c.home_city.pk
        return (row.pk if isinstance(row, User) else getattr(row, "user_id", None)) in their_people

    problems = []

    def check(url: str, response) -> None:
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        if response.status_code != 200:
            return
        body = response.content.decode()
        problems.extend(f"{url}: shows {text}" for text in c.secrets if text in body)
        problems.extend(
            f"{url}: lists {row._meta.label} {row.pk} of {c.away_city.slug}"
            for row in _listed(url, response)
            if elsewhere(row)
        )

    for url in ["/admin/", *_lists()]:
        check(url, client.get(url))
    for row in _rows():
        if not elsewhere(row):
            continue
        for url in _object_pages(row):
            response = client.get(url)
            check(url, response)
            if response.status_code == 200 or (response.status_code == 302 and url == _view_on_site(row)):
                problems.append(
                    f"{url}: {row._meta.label} {row.pk} of {c.away_city.slug} answers {response.status_code}"
                )
    assert not problems, "\n".join(problems)


def test_view_on_site_redirects_only_to_rows_the_user_may_see(cities):
    """Django's view-on-site redirect read the object with the base manager: a redirect for a
    draft outside the user's scope, or for the other city's id, told them the row exists."""
    c = cities
    client = client_at(c.home_city.hosts[0], c.home.user("staff"))
    submitted = client.get(_view_on_site(c.home.submitted_proposal))
    assert (
        submitted.status_code == 302 and submitted["Location"] == c.home.submitted_proposal.get_absolute_url()
    )
    for row in (c.home.draft_proposal, c.away.submitted_proposal):
        assert client.get(_view_on_site(row)).status_code == 404
    proposal_type = ContentType.objects.get_for_model(type(c.home.submitted_proposal)).pk
    for url in (
        "/admin/r/999999/1/",
        f"/admin/r/{proposal_type}/abc/",
        f"/admin/r/{proposal_type}/{10**30}/",
    ):
        assert client.get(url).status_code == 404


def test_the_index_lists_ones_recent_actions_in_this_city_only(cities):
    """The admin's log is one table for every city: the index lists one's actions on this city's
    rows, not one's work in the other city's admin (logged in the fixture)."""
    c = cities
    both = c.home.user("both")
    LogEntry.objects.log_actions(both.pk, [c.home.call], CHANGE)
    body = client_at(c.home_city.hosts[0], both).get("/admin/").content.decode()
    assert c.home.call.title in body
    assert admin_url(type(c.away.consultation), "change", c.away.consultation.pk) not in body
    assert "相談メモ-秘密-α" not in body


# --- The platform's admin ---------------------------------------------------------------------------
def _platform_pages() -> list[str]:
    """Every page of the platform's admin, for every city."""

    def url(name: str, *args) -> str:
        return reverse(f"platform:{name}", args=args or None, urlconf=PLATFORM_URLCONF)

    city_type = ContentType.objects.get_for_model(City).pk
    pages = [
        url("index"),
        url("kyodo_city_changelist"),
        url("kyodo_city_changelist") + "?_popup=1&_to_field=id",
        url("kyodo_city_add"),
        url("password_change"),
    ]
    for city in City.objects.all():
        pages += [url(f"kyodo_city_{action}", city.pk) for action in ("change", "history", "delete")]
        pages.append(url("view_on_site", city_type, city.pk))
    return pages


def test_the_platform_admin_is_for_platform_administrators_only(cities):
    c = cities
    people = {f"{role} of {c.home_city.slug}": c.home.user(role) for role in [*HOME_ROLES, "both"]}
    people[f"administrator of {c.away_city.slug}"] = c.away.user("city_admin")
    pages = _platform_pages()
    problems = []
    for who, user in people.items():
        client = client_at(settings.KYODO_BASE_DOMAIN, user)
        for url in pages:
            response = client.get(url)
            if not (_sent_to_log_in(response) or response.status_code == 403):
                problems.append(f"{who} on the platform's {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_a_platform_administrator_keeps_everything(cities):
    """The platform's admin lists every city; a city's admin shows them every row of that city."""
    c = cities
    superuser = c.home.user("admin")
    platform = client_at(settings.KYODO_BASE_DOMAIN, superuser)
    listing = platform.get(
        reverse("platform:kyodo_city_changelist", urlconf=PLATFORM_URLCONF)
    ).content.decode()
    assert c.home_city.city_name in listing and c.away_city.city_name in listing
    for city in (c.home_city, c.away_city):
        url = reverse("platform:kyodo_city_change", args=[city.pk], urlconf=PLATFORM_URLCONF)
        assert platform.get(url).status_code == 200

    client = client_at(c.away_city.hosts[0], superuser)
    problems = []
    for model, _ in registered():
        url = admin_url(model, "changelist")
        if client.get(url).status_code != 200:
            problems.append(f"{url}: not shown")
    for row in _rows(per_city=1):
        url = admin_url(type(row), "change", row.pk)
        if _city_of(row) in (c.away_city.pk, None) and client.get(url).status_code != 200:
            problems.append(f"{url}: {row._meta.label} {row.pk} is not shown")
    assert not problems, "\n".join(problems)
    body = client.get(admin_url(type(c.away.consultation), "changelist")).content.decode()
    assert all(text in body for text in ("相談メモ-秘密-α", "個人相談-秘密-β"))


def test_the_platform_admins_login_form_cannot_bypass_two_factor(cities):
    """Like a city's admin, the platform's sends logins through allauth's login page, where a
    second factor is asked (the admin's own form would skip it and the login throttling)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.factories import PASSWORD

    superuser = cities.home.user("admin")
    TOTP.activate(superuser, generate_totp_secret())
    client = client_at(settings.KYODO_BASE_DOMAIN, None)
    login = reverse("platform:login", urlconf=PLATFORM_URLCONF)
    response = client.post(login, {"username": superuser.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("account_login", urlconf=PLATFORM_URLCONF)
    )
