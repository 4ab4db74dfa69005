from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import Consultation
from projects.models import Proposal
from reviews.models import Review


@pytest.mark.django_db
def test_bench_report_fills_the_tables_and_prints_the_time(settings):
    out = io.StringIO()
    call_command("bench_report", rows=3000, batch=500, repeat=1, skip_migrate=True, allow_any_database=True,
                 stdout=out)
    text = out.getvalue()
    assert "yearly report: best" in text and " ms" in text
    assert Consultation.objects.count() == 900
    assert Proposal.objects.count() == 750
    assert Review.objects.exists()


@pytest.mark.django_db
def test_bench_report_refuses_a_database_not_named_bench():
    with pytest.raises(CommandError):
        call_command("bench_report", rows=10, skip_migrate=True, stdout=io.StringIO())
