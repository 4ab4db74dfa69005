"""The permission matrix across cities: two cities, each with the quality world, and every URL of
the matrix requested across them.

- On the other city's host, a role of this city is nobody there: it gets exactly what a person
  with no role at all gets.
- On its own host, asking with the other city's object ids finds nothing (those rows are not in
  this city), and no page shows the other city's records.
"""

from __future__ import annotations

import pytest

from kyodo.tenancy import activate
from tests import factories as f

from .cities import MARK, client_at
from .matrix import EXPECT
from .test_permission_matrix import build_url, outcome
from .urls_walk import project_routes

ROLES = ["anonymous", "citizen", "staff", "coordinator", "committee"]


def _urls(world, city) -> dict[str, str]:
    with activate(city):
        urls = {}
        for route in project_routes():
            if route.name in EXPECT:
                url = build_url(world, route.name)
                if url is not None:
                    urls[route.name] = url
        return urls


def _takes_an_object(name: str) -> bool:
    return any(route.params for route in project_routes() if route.name == name) and name not in NOT_IDS


@pytest.mark.parametrize("direction", ["forward", "reverse"])
def test_a_role_of_one_city_is_nobody_in_another(two_cities, direction):
    (home_city, home), (away_city, away) = two_cities
    if direction == "reverse":
        (home_city, home), (away_city, away) = (away_city, away), (home_city, home)
    host = away_city.hosts[0]
    urls = _urls(away, away_city)
    with activate(away_city):
        nobody = f.UserFactory()
    baseline = {name: outcome(client_at(host, nobody).get(url)) for name, url in urls.items()}
    problems = []
    for role in ROLES[1:]:
        client = client_at(host, home.user(role))
        for name, url in urls.items():
            got = outcome(client.get(url))
            if got != baseline[name]:
                problems.append(f"{role} of {home_city.slug} on {host}{url}: {got}, a person with no role gets {baseline[name]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_the_other_citys_ids_and_records_do_not_show_on_this_host(two_cities, role):
    (home_city, home), (away_city, away) = two_cities
    host = home_city.hosts[0]
    client = client_at(host, home.user(role))
    problems = []
    for name, url in _urls(away, away_city).items():
        response = client.get(url)
        got = outcome(response)
        if got == "200":
            body = response.content.decode(errors="replace")
            if MARK in body:
                problems.append(f"{host}{url} as {role}: shows the other city's records")
            if _takes_an_object(name):
                problems.append(f"{host}{url} as {role}: the other city's object answers 200")
    assert not problems, "\n".join(problems)


# URLs whose parameters are not ids of a city's rows (a data set's name, a file format, a token).
NOT_IDS = {"reviews:opendata_download", "reviews:report_download"}
