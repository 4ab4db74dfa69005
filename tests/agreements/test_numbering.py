"""Agreement numbers come from a locked per-year counter: drafts made at the same moment get
distinct, consecutive numbers."""

from __future__ import annotations

import importlib
from functools import partial

import pytest
from django.apps import apps

from agreements import services
from agreements.models import Agreement, AgreementNumberCounter
from tests.agreements import factories as af
from tests.concurrency import require_postgresql, run_together


@pytest.mark.django_db(transaction=True)
def test_concurrent_drafts_get_distinct_consecutive_numbers(organisation, department, staff):
    require_postgresql()
    proposals = [af.make_adopted_proposal(organisation, department, title=f"協働事業 {i}") for i in range(6)]

    results = run_together(*(partial(services.agreement_create_from_proposal, proposal=p, by=staff) for p in proposals))

    assert all(isinstance(result, Agreement) for result in results), results
    assert sorted(a.number for a in results) == [f"A2026-{n:04d}" for n in range(1, 7)]
    assert AgreementNumberCounter.objects.get(year=2026).last == 6


@pytest.mark.django_db
def test_numbers_count_per_fiscal_year_in_the_existing_format(organisation, department, staff):
    first = af.draft(af.make_adopted_proposal(organisation, department), staff)
    second = af.draft(af.make_adopted_proposal(organisation, department), staff)
    later = af.make_adopted_proposal(organisation, department)
    later.call.fiscal_year = 2027
    later.call.save(update_fields=["fiscal_year"])
    assert (first.number, second.number, af.draft(later, staff).number) == ("A2026-0001", "A2026-0002", "A2027-0001")


@pytest.mark.django_db
def test_the_migration_starts_each_year_after_its_highest_existing_number(organisation, department, staff):
    af.draft(af.make_adopted_proposal(organisation, department), staff)
    imported = af.draft(af.make_adopted_proposal(organisation, department), staff)
    Agreement.objects.filter(pk=imported.pk).update(number="A2026-0041")  # e.g. numbered on paper before
    AgreementNumberCounter.objects.all().delete()

    migration = importlib.import_module("agreements.migrations.0006_number_counter_protect_people")
    migration.seed_counters(apps, None)

    assert AgreementNumberCounter.objects.get(year=2026).last == 41
    assert af.draft(af.make_adopted_proposal(organisation, department), staff).number == "A2026-0042"
