"""The yearly report against a known data set, with the fiscal-year boundary (31 March vs 1 April
in Japan time) and year-on-year comparison."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from cases.models import Consultation
from partners.models import FieldOfActivity, Ward
from projects.models import Origin, ProposalStatus
from reviews import report
from reviews.models import Review
from reviews.services import review_open
from tests import factories as f

from . import factories as rf

pytestmark = pytest.mark.django_db
JST = zoneinfo.ZoneInfo("Asia/Tokyo")


def at(y, m, d, hh=12, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=JST)


def test_fiscal_bounds_split_31_march_from_1_april_in_japan_time():
    start, end = report.fiscal_bounds(2026)
    assert start == at(2026, 4, 1, 0, 0)
    assert end == at(2027, 4, 1, 0, 0)
    assert not (start <= at(2026, 3, 31, 23, 59) < end)
    assert start <= at(2026, 4, 1, 0, 0) < end
    assert start <= at(2027, 3, 31, 23, 59) < end


@pytest.fixture
def dataset(organisation, department, centre, staff, citizen, rules):
    konan = Ward.objects.create(name="港南区", order=1)
    kohoku = Ward.objects.create(name="港北区", order=2)
    kosodate = FieldOfActivity.objects.create(name="子育て", slug="kosodate")
    kankyo = FieldOfActivity.objects.create(name="環境", slug="kankyo")

    def consultation(when, ward=None, fields=()):
        c = Consultation.objects.create(centre=centre, opened_at=when, channel="visit", visitor_kind="npo",
                                        summary="プレイパークの相談", ward=ward,
                                        group_name="港南台の子育てグループ")
        c.fields.add(*fields)

    consultation(at(2026, 3, 31, 23, 59))           # FY2025 (the last minute of it)
    consultation(at(2026, 4, 1, 0, 0), konan)        # FY2026 (its first minute)
    consultation(at(2026, 5, 10), konan, [kosodate])  # FY2026

    p1 = rf.make_proposal(organisation, department, ward=konan, fields=[kosodate],
                          submitted_at=at(2026, 5, 1), decided_at=at(2026, 11, 20))
    rf.make_proposal(organisation, department, status=ProposalStatus.NOT_ADOPTED, origin=Origin.ADMINISTRATION,
                     ward=kohoku, fields=[kankyo], submitted_at=at(2026, 5, 2), decided_at=at(2026, 11, 20))
    rf.make_proposal(organisation, department, status=ProposalStatus.SUBMITTED, ward=konan,
                     submitted_at=at(2026, 6, 1))
    p4 = rf.make_proposal(organisation, department, ward=konan, submitted_at=at(2025, 6, 1),
                          decided_at=at(2026, 3, 31, 23, 30))
    rf.make_proposal(organisation, department, status=ProposalStatus.DRAFT)

    a_next_year = rf.make_agreement(organisation, department, proposal=p1, in_force_at=at(2027, 4, 1, 9))
    a = rf.make_agreement(organisation, department, proposal=p4, in_force_at=at(2026, 4, 1, 0, 30))
    review = review_open(milestone=rf.make_milestone(a), by=staff)
    rf.submit(review, rf.city(a), staff)
    rf.submit(review, rf.group(a), citizen)
    rf.decide(review, staff)
    Review.objects.filter(pk=review.pk).update(decided_at=at(2026, 10, 1))
    # An undecided review does not count as held.
    review_open(milestone=rf.make_milestone(a_next_year), by=staff)


def _funnel(fy):
    return {r["key"]: (r["current"], r["previous"]) for r in report.funnel(fy)}


def test_funnel_counts_each_stage_in_its_fiscal_year(dataset):
    assert _funnel(2026) == {
        "consultations": (2, 1),
        "proposals": (3, 1),
        "screened": (2, 1),
        "adopted": (1, 1),
        "agreements": (1, 0),
        "reviews": (1, 0),
    }


def test_year_on_year_change(dataset):
    rows = {r["key"]: r for r in report.funnel(2026)}
    assert rows["proposals"]["change"] == 2
    assert rows["agreements"]["change"] == 1


def _breakdown(fy, dimension):
    b = report.breakdown(fy, dimension)
    return {row["category"]: {c["stage"]: (c["current"], c["previous"]) for c in row["cells"]} for row in b["rows"]}


def test_breakdown_by_origin(dataset):
    by_origin = _breakdown(2026, "origin")
    citizen = str(dict(Origin.choices)[Origin.CITIZEN])
    administration = str(dict(Origin.choices)[Origin.ADMINISTRATION])
    assert by_origin[citizen]["proposals"] == (2, 1)
    assert by_origin[citizen]["adopted"] == (1, 1)
    assert by_origin[citizen]["agreements"] == (1, 0)
    assert by_origin[administration]["screened"] == (1, 0)
    assert by_origin[administration]["adopted"] == (0, 0)
    assert "consultations" not in report.breakdown(2026, "origin")["stages"][0]["key"]


def test_breakdown_by_ward_and_field(dataset):
    by_ward = _breakdown(2026, "ward")
    assert by_ward["港南区"]["consultations"] == (2, 0)
    assert by_ward["港南区"]["proposals"] == (2, 1)
    assert by_ward["港北区"]["proposals"] == (1, 0)
    by_field = _breakdown(2026, "field")
    assert by_field["子育て"]["consultations"] == (1, 0)
    assert by_field["子育て"]["adopted"] == (1, 0)
    assert by_field["環境"]["screened"] == (1, 0)


def test_breakdown_by_department(dataset, department):
    by_department = _breakdown(2026, "department")
    assert by_department[department.name]["proposals"] == (3, 1)
    assert by_department[department.name]["reviews"] == (1, 0)


def test_report_is_a_fixed_number_of_queries(dataset, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):  # 4 dimensions × 4 tables; the funnel from the wards
        data = report.yearly_report(2026)
    assert data["label"] in ("令和8年度", "FY2026")
    assert data["previous_fiscal_year"] == 2025


def test_report_funnel_is_the_funnel(dataset):
    assert report.yearly_report(2026)["funnel"] == report.funnel(2026)


def test_csv_rows_have_the_documented_columns(dataset):
    rows = report.csv_rows(report.yearly_report(2026))
    assert all(list(r) == report.CSV_COLUMNS for r in rows)
    total = {r["stage"]: r["current"] for r in rows if r["dimension"] == "total"}
    assert total["proposals"] == 3


def test_empty_year_reports_zeros(db):
    assert all(r["current"] == 0 and r["previous"] == 0 for r in report.funnel(2030))


def test_other_users_do_not_change_figures(dataset, organisation, department):
    f.make_staff(department)
    assert _funnel(2026)["proposals"] == (3, 1)


def test_consultation_figures_agree_with_the_cases_app(dataset):
    from cases.selectors import consultation_counts

    funnel = _funnel(2026)["consultations"]
    assert (consultation_counts(2026)["total"], consultation_counts(2025)["total"]) == funnel


@pytest.mark.django_db
def test_cached_report_is_reused_until_refreshed(settings, staff):
    """Pages read a recent result; beat's refresh recomputes it."""
    from django.core.cache import cache

    from reviews.report import cached_yearly_report
    from reviews.tasks import refresh_yearly_reports
    from tests.projects.factories import ProposalFactory

    settings.KYODO_REPORT_CACHE_SECONDS = 600
    cache.clear()
    first = cached_yearly_report(2026)
    ProposalFactory(status="submitted", submitted_at=dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC))
    again = cached_yearly_report(2026)
    assert again["computed_at"] == first["computed_at"]
    assert again["funnel"] == first["funnel"]
    refreshed = cached_yearly_report(2026, refresh=True)
    assert refreshed["funnel"][1]["current"] == first["funnel"][1]["current"] + 1
    refresh_yearly_reports()  # the beat task runs without error for every language
    cache.clear()
