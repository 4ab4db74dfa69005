"""Every URL of the project, requested as every role, against the declared matrix (`matrix.py`)."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .matrix import EXPECT, KNOWN_DEVIATIONS, KWARGS, POST_ANSWERS, expected, refused_on_post
from .urls_walk import project_routes
from .world import ROLES, World

MUTATING_OK = {"L", "403", "404", "405"}


def outcome(response) -> str:
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "").split("?")[0]
        return "L" if location.endswith(reverse(settings.LOGIN_URL)) else "302"
    if 200 <= code < 300:
        return "200"
    return str(code)


def client_for(world: World, role: str) -> Client:
    client = Client(raise_request_exception=False)
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


def build_url(world: World, name: str) -> str | None:
    builder = KWARGS.get(name)
    try:
        kwargs = builder(world) if builder else {}
    except AttributeError:
        return None  # the object's app is not built yet (see world.missing)
    return reverse(name, kwargs=kwargs or None)


def test_every_url_is_in_the_matrix():
    routes = project_routes()
    missing = [r.name for r in routes if r.name not in EXPECT]
    no_kwargs = [r.name for r in routes if r.params and r.name not in KWARGS]
    assert not missing, (
        "URL names with no row in tests/quality/matrix.py EXPECT (declare what each role gets): "
        + ", ".join(missing)
    )
    assert not no_kwargs, (
        "URL names with parameters but no builder in tests/quality/matrix.py KWARGS: " + ", ".join(no_kwargs)
    )


def _observe(world: World, role: str, method: str = "get") -> dict[str, tuple[str, str]]:
    client = client_for(world, role)
    seen: dict[str, tuple[str, str]] = {}
    for route in project_routes():
        url = build_url(world, route.name)
        if url is None:
            continue
        response = getattr(client, method)(url)
        seen[route.name] = (outcome(response), url)
    return seen


def test_get_matches_the_matrix_for_every_role(world):
    """One world for all roles (building it is most of the cost); every mismatch is listed."""
    mismatches = []
    for role in ROLES:
        for name, (got, url) in _observe(world, role).items():
            if name not in EXPECT:
                continue  # reported by test_every_url_is_in_the_matrix
            want = expected(name)[role]
            known = KNOWN_DEVIATIONS.get((name, role))
            if want == "*" or got == want or (known and known[0] == got):
                continue
            mismatches.append(f"{name} ({url}) as {role}: expected {want}, got {got}")
    assert not mismatches, "\n".join(mismatches)


def test_post_by_a_role_without_access_is_refused(world):
    """A role that may not see (or may not use) a URL is refused on POST too: never a 2xx
    and never a 500, whatever the view does with the (empty) form."""
    problems = []
    for role in ROLES:
        client = client_for(world, role)
        for route in project_routes():
            if route.name not in EXPECT or (route.name, role) in KNOWN_DEVIATIONS:
                continue
            if not refused_on_post(route.name, role):
                continue
            url = build_url(world, route.name)
            if url is None:
                continue
            got = outcome(client.post(url, {}))
            if got not in MUTATING_OK and POST_ANSWERS.get((route.name, role)) != got:
                problems.append(f"POST {route.name} ({url}) as {role}: got {got}")
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not os.environ.get("KYODO_MATRIX_DUMP"), reason="a helper to write EXPECT rows")
def test_dump_observed_matrix(world, capsys):
    """KYODO_MATRIX_DUMP=1 prints the observed matrix in EXPECT's syntax (review it; never paste blindly)."""
    observed: dict[str, dict[str, str]] = {}
    for role in ROLES:
        for name, (got, _url) in _observe(world, role).items():
            observed.setdefault(name, {})[role] = got
    lines = []
    for name, row in sorted(observed.items()):
        cells = " ".join(f"{row.get(r, '?'):<4}" for r in ROLES).rstrip()
        lines.append(f'    "{name}":{" " * max(1, 40 - len(name))}"{cells}",')
    with capsys.disabled():
        print("\n" + "\n".join(lines))
        print("missing parts:", world.missing)
