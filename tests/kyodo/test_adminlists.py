"""Admin change lists at scale (kyodo.adminlists): joins for what rows show, one count, the
planner's estimate only for large results."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Signature
from kyodo import adminlists
from partners.models import Department, Organisation, StaffPosting
from tests.factories import DepartmentFactory, OrganisationFactory, UserFactory


def test_str_related_follows_what_labels_read():
    assert adminlists.str_related(Signature) == [
        "version", "version__agreement", "party", "party__organisation", "party__department",
        "party__department__parent",
    ]
    staff_admin = admin.site._registry[StaffPosting]
    assert "department__parent" in staff_admin.list_select_related


def test_large_tables_list_newest_first_and_reference_lists_keep_their_order():
    assert admin.site._registry[Signature].ordering == ("-pk",)
    assert not admin.site._registry[Department].ordering  # by `order`, as the city arranged it


def _changelist_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_department_list_costs_the_same_for_3_or_12_rows(admin_user, client):
    client.force_login(admin_user)
    parent = DepartmentFactory()
    for _ in range(2):
        DepartmentFactory(parent=parent)
    few = _changelist_queries(client, "/admin/partners/department/")
    for _ in range(9):
        DepartmentFactory(parent=parent)
    assert _changelist_queries(client, "/admin/partners/department/") == few


@pytest.mark.django_db
def test_count_is_exact_for_small_results_and_estimated_past_the_threshold(admin_user, client, monkeypatch):
    OrganisationFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partners_organisation")
    paginator = adminlists.EstimatedCountPaginator(Organisation.objects.all(), 50)
    assert paginator.count == 3 and not paginator.estimated

    if connection.vendor != "postgresql":
        return
    monkeypatch.setattr(adminlists, "ESTIMATE_FROM_ROWS", 1)
    paginator = adminlists.EstimatedCountPaginator(Organisation.objects.all(), 50)
    assert paginator.count == adminlists.planner_rows(Organisation.objects.all()) and paginator.estimated
    client.force_login(admin_user)
    body = client.get("/admin/partners/organisation/").content.decode()
    assert "約" in body  # the pager says the figure is an estimate


@pytest.mark.django_db
def test_signature_list_renders(admin_user, client):
    UserFactory()
    client.force_login(admin_user)
    assert client.get("/admin/agreements/signature/").status_code == 200


@pytest.mark.django_db
def test_a_relation_filter_reads_only_what_its_labels_need(admin_user, client):
    # The score list filters by screening round, whose label is its own name: its choices must
    # not join every relation of the round (call, department, the city thrice).
    from projects.models import ScreeningRound
    from tests.projects.factories import CallFactory

    ScreeningRound.objects.create(call=CallFactory(), name="令和8年度 審査会")
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/projects/score/").status_code == 200
    rounds = [q["sql"] for q in queries if q["sql"].startswith('SELECT "projects_screeninground"."id"')]
    assert rounds and all("JOIN" not in sql for sql in rounds), rounds
