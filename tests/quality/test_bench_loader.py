"""The benchmark's loader at 1/1000 scale: proves `make bench` can load the city through the
apps' current models (the full run is not part of the suite: it takes minutes), and that the
many-city load (issue 14) gives every row to its own city."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kyodo.tenancy import activate


@pytest.mark.django_db(transaction=True)
def test_loader_builds_a_small_city_the_pages_can_show():
    from bench.loader import load_city

    city = load_city(scale=0.001, verbose=False)
    assert not city.skipped, f"parts of the city could not be loaded: {city.skipped}"
    with activate(city.record):
        assert apps.get_model("partners.Organisation").objects.count() >= 20
        assert apps.get_model("projects.Proposal").objects.count() >= 100
        assert apps.get_model("projects.Score").objects.exists()
        assert apps.get_model("agreements.Agreement").objects.filter(in_force_version__isnull=False).exists()
        assert apps.get_model("agreements.Signature").objects.exists()
        assert apps.get_model("reviews.Review").objects.count() >= 100
        assert apps.get_model("cases.Consultation").objects.count() >= 200
        # Committee seats are the city's roles, not a flag on the account.
        assert apps.get_model("accounts.CityRole").objects.filter(role="committee").count() == 30
        # Sequences moved past the copied ids: the ORM can insert after a bulk load.
        apps.get_model("partners.Ward").objects.create(name="テスト区")
    response = Client(HTTP_HOST=city.record.hosts[0]).get(reverse("projects:register_list"))
    assert response.status_code == 200


def _city_ids(table: str) -> dict[int, int]:
    with connection.cursor() as cur:
        cur.execute(f'SELECT city_id, COUNT(*) FROM "{table}" GROUP BY city_id')
        return dict(cur.fetchall())


@pytest.mark.django_db(transaction=True)
def test_many_cities_one_at_full_size_the_others_sharing_its_volume():
    from bench.loader import load_cities
    from bench.pages import actors

    cities = load_cities(scale=0.002, count=3, verbose=False)
    full, *small = cities
    assert [c.slug for c in cities] == ["yokohama", "city01", "city02"]
    assert not any(c.skipped for c in cities)
    ids = {c.record.pk for c in cities}
    assert len(ids) == 3

    # Every COPY row of a city-owned table carries its city: the full city has the full volume,
    # each small one its share.
    Organisation, Proposal = apps.get_model("partners.Organisation"), apps.get_model("projects.Proposal")  # noqa: N806
    orgs = _city_ids(Organisation._meta.db_table)
    assert set(orgs) == ids
    assert orgs[full.record.pk] == 40 and all(orgs[c.record.pk] == 20 for c in small)
    for label in ("projects.Proposal", "projects.Score", "agreements.Agreement", "agreements.Signature",
                  "reviews.Review", "cases.Consultation", "accounts.CityRole", "partners.StaffPosting"):
        assert set(_city_ids(apps.get_model(label)._meta.db_table)) == ids, label
    # Nothing points across cities: a proposal's organisation and call, an agreement's proposal.
    with connection.cursor() as cur:
        cur.execute(
            f'SELECT COUNT(*) FROM "{Proposal._meta.db_table}" p '
            f'JOIN "{Organisation._meta.db_table}" o ON o.id = p.organisation_id '
            f'JOIN "projects_call" c ON c.id = p.call_id WHERE p.city_id <> o.city_id OR p.city_id <> c.city_id'
        )
        assert cur.fetchone()[0] == 0
        cur.execute(
            'SELECT COUNT(*) FROM "agreements_agreement" a JOIN "projects_proposal" p ON p.id = a.proposal_id '
            "WHERE a.city_id <> p.city_id"
        )
        assert cur.fetchone()[0] == 0

    # Each city's people hold their roles in that city, and its pages answer on its host with
    # the same number of queries as the full-size city's.
    counts = {}
    for c in (full, small[0]):
        with activate(c.record):
            people = actors()
            assert all(people[role] is not None for role in ("admin", "staff", "coordinator", "committee", "citizen"))
            assert people["committee"].city_roles.filter(role="committee").exists()
            assert Proposal.objects.count() == (200 if c is full else 100)
        client = Client(HTTP_HOST=c.record.hosts[0])
        client.force_login(people["staff"])
        assert client.get(reverse("projects:staff_proposal_list")).status_code == 200  # warm: the host table
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("projects:staff_proposal_list")).status_code == 200
        counts[c.slug] = len(captured.captured_queries)
    assert counts["yokohama"] == counts["city01"]


def test_the_cities_comparison_flags_a_changed_query_count_and_a_p95_beyond_noise():
    from bench.tenants import compare, render_comparison, summarise

    def page(label, queries, p95, **extra):
        return {"label": label, "group": "page", "queries": queries, "p95_ms": p95, **extra}

    one = [page("register", 8, 40.0), page("staff list", 14, 80.0), page("detail", 10, 20.0),
           page("gone", 5, 5.0, skipped=True)]
    full = [page("register", 8, 48.0), page("staff list", 15, 82.0), page("detail", 10, 60.0)]
    small = [page("register", 8, 30.0), page("staff list", 14, 70.0), page("detail", 10, 21.0)]
    rows = compare(one, {"yokohama": full, "city01": small})
    assert [r["label"] for r in rows] == ["register", "staff list", "detail"]
    assert summarise(rows) == {"queries_changed": ["staff list"], "p95_outside_noise": ["detail"]}
    text = render_comparison({"count": 20, "baseline": "one.json", "measured": ["yokohama", "city01"],
                              "hosts": {"yokohama": "yokohama.localhost", "city01": "city01.localhost"},
                              "scales": {"yokohama": 0.1, "city01": 0.1 / 19}, "comparison": rows,
                              "summary": summarise(rows)})
    assert "QUERIES CHANGED" in text and "SLOWER" in text
