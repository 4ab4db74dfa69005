"""The benchmark's loader at 1/1000 scale: proves `make bench` can load the city through the
apps' current models (the full run is not part of the suite: it takes minutes)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db(transaction=True)
def test_loader_builds_a_small_city_the_pages_can_show():
    from bench.loader import load_city

    city = load_city(scale=0.001, verbose=False)
    assert not city.skipped, f"parts of the city could not be loaded: {city.skipped}"
    assert apps.get_model("partners.Organisation").objects.count() >= 20
    assert apps.get_model("projects.Proposal").objects.count() >= 100
    assert apps.get_model("projects.Score").objects.exists()
    assert apps.get_model("agreements.Agreement").objects.filter(in_force_version__isnull=False).exists()
    assert apps.get_model("agreements.Signature").objects.exists()
    assert apps.get_model("reviews.Review").objects.count() >= 100
    assert apps.get_model("cases.Consultation").objects.count() >= 200
    # Sequences moved past the copied ids: the ORM can insert after a bulk load.
    apps.get_model("partners.Ward").objects.create(name="テスト区")
    assert Client().get(reverse("projects:register_list")).status_code == 200
