from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import opendata, report
from reviews.models import RS
from reviews.services import review_open

from . import factories as rf

pytestmark = pytest.mark.django_db


def _post_response(client, review, party):
    data = {f"point_{p['id']}": "yes" for p in review.points}
    for s in review.sections:
        for i in review.items:
            data[f"score_{s}_{i['id']}"] = "5" if party.is_city else "2"
            data[f"comment_{s}_{i['id']}"] = "コメント"
    return client.post(reverse("reviews:submit", args=[review.pk, party.pk]), data)


def test_outsider_gets_404_on_private_pages(client, outsider, review):
    client.force_login(outsider)
    for url in (reverse("reviews:agreement_reviews", args=[review.agreement_id]),
                reverse("reviews:detail", args=[review.pk]), reverse("reviews:compare", args=[review.pk])):
        assert client.get(url).status_code == 404


def test_party_member_sees_the_review_page(client, citizen, review):
    client.force_login(citizen)
    response = client.get(reverse("reviews:detail", args=[review.pk]))
    assert response.status_code == 200
    assert reverse("reviews:submit", args=[review.pk, rf.group(review.agreement).pk]).encode() in response.content


def test_comparison_is_403_for_a_party_until_both_submitted(client, citizen, review):
    client.force_login(citizen)
    assert client.get(reverse("reviews:compare", args=[review.pk])).status_code == 403


def test_other_party_answers_hidden_on_the_page_until_own_submitted(client, staff, citizen, review):
    client.force_login(staff)
    _post_response(client, review, rf.city(review.agreement))
    client.force_login(citizen)
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "<details" not in page  # no response is listed: the city's stays hidden
    client.force_login(staff)
    assert "<details" in client.get(reverse("reviews:detail", args=[review.pk])).content.decode()


def test_incomplete_form_is_rerendered_with_errors(client, citizen, review):
    client.force_login(citizen)
    response = client.post(reverse("reviews:submit", args=[review.pk, rf.group(review.agreement).pk]), {})
    assert response.status_code == 400
    assert not review.responses.exists()


def test_full_flow_through_the_views(client, staff, citizen, review):
    agreement = review.agreement
    client.force_login(staff)
    assert _post_response(client, review, rf.city(agreement)).status_code == 302
    client.force_login(citizen)
    assert _post_response(client, review, rf.group(agreement)).status_code == 302
    review.refresh_from_db()
    assert review.status == RS.COMPARED

    page = client.get(reverse("reviews:compare", args=[review.pk])).content.decode()
    assert page.count('class="review-diff-flag"') == len(review.items)  # 5 vs 2 on every item
    assert "差 2以上" in page

    response = client.post(reverse("reviews:decide", args=[review.pk]), {
        "effect_vs_alone": "単独より参加者が倍増", "beneficiary_satisfaction": "アンケートで満足 85%",
        "problems": "", "course_corrections": "", "decision": "continue",
    })
    assert response.status_code == 302
    client.post(reverse("reviews:summary", args=[review.pk]), {"public_summary": "中間振り返りの結果、継続します。"})
    client.post(reverse("reviews:approve", args=[review.pk, rf.group(agreement).pk]))
    client.force_login(staff)
    client.post(reverse("reviews:approve", args=[review.pk, rf.city(agreement).pk]))
    review.refresh_from_db()
    assert review.status == RS.PUBLISHED

    client.logout()
    register = client.get(reverse("reviews:public_list")).content.decode()
    assert agreement.title in register
    detail = client.get(reverse("reviews:public_detail", args=[agreement.pk])).content.decode()
    assert "中間振り返りの結果、継続します。" in detail


def test_approving_for_the_other_party_is_403(client, citizen, review):
    client.force_login(citizen)
    assert client.post(reverse("reviews:approve", args=[review.pk, rf.city(review.agreement).pk])).status_code == 403


def test_unpublished_review_is_not_on_the_register(client, review):
    page = client.get(reverse("reviews:public_detail", args=[review.agreement_id])).content.decode()
    assert "review-summary" not in page


def test_report_for_staff_not_for_citizens(client, staff, citizen):
    client.force_login(citizen)
    assert client.get(reverse("reviews:report")).status_code == 403
    client.force_login(staff)
    page = client.get(reverse("reviews:report") + "?fy=2026")
    assert page.status_code == 200
    assert b"<svg" in page.content and b"<caption>" in page.content
    assert client.get(reverse("reviews:report_print") + "?fy=2026").status_code == 200
    corrected = client.get(reverse("reviews:report") + "?fy=abc")  # the current year, saying why
    assert corrected.status_code == 200 and "abc" in corrected.content.decode()
    assert client.get(reverse("reviews:report_download", args=["csv"]) + "?fy=abc").status_code == 400


def test_anonymous_report_redirects_to_login(client):
    assert client.get(reverse("reviews:report")).status_code == 302


def test_report_csv_and_json_have_the_documented_columns(client, staff, review):
    client.force_login(staff)
    response = client.get(reverse("reviews:report_download", args=["csv"]) + "?fy=2026")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == report.CSV_COLUMNS
    assert len(rows) > 6
    data = json.loads(client.get(reverse("reviews:report_download", args=["json"]) + "?fy=2026").content)
    assert data["columns"] == report.CSV_COLUMNS and data["fiscal_year"] == 2026
    assert all(set(r) == set(report.CSV_COLUMNS) for r in data["rows"])


@pytest.mark.parametrize("dataset", list(opendata.DATASETS))
def test_open_data_is_public_with_documented_columns(client, dataset, review):
    columns = [c for c, _ in opendata.DATASETS[dataset]["columns"]]
    response = client.get(reverse("reviews:opendata_download", args=[dataset, "csv"]))
    assert response.status_code == 200
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == columns
    data = json.loads(client.get(reverse("reviews:opendata_download", args=[dataset, "json"])).content)
    assert data["columns"] == columns
    assert all(list(r) == columns for r in data["rows"])
    page = client.get(reverse("reviews:opendata")).content.decode()
    assert all(f"<code>{c}</code>" in page for c in columns)


def test_open_data_lists_agreements_in_force_with_both_parties(client, review):
    data = json.loads(client.get(reverse("reviews:opendata_download", args=["agreements", "json"])).content)
    (row,) = data["rows"]
    assert row["number"] == review.agreement.number
    assert row["parties"] == f"{rf.city(review.agreement).name} / {rf.group(review.agreement).name}"


def test_unknown_dataset_is_404(client):
    assert client.get("/reviews/opendata/secret.csv").status_code == 404


def test_home_page_shows_overdue_milestone_to_both_parties(client, staff, citizen, agreement):
    rf.make_milestone(agreement, due_date=timezone.localdate() - dt.timedelta(days=3), title="期限切れの振り返り")
    for user in (staff, citizen):
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        assert "期限切れの振り返り" in page
        assert "review-overdue" in page


def test_home_page_dashboard_queries_are_few(client, citizen, agreement, django_assert_max_num_queries):
    client.force_login(citizen)
    rf.make_milestone(agreement, due_date=timezone.localdate() - dt.timedelta(days=3))
    from django.test import RequestFactory

    from reviews.dashboard import panels

    request = RequestFactory().get("/")
    request.user = citizen
    with django_assert_max_num_queries(8):
        out = panels(request)
    assert out[0].context["overdue"]


def test_parties_add_targets_and_milestones_through_the_page(client, citizen, agreement):
    client.force_login(citizen)
    client.post(reverse("reviews:target_add", args=[agreement.pk]),
                {"kind": "activity", "description": "開催回数", "target_value": "24", "unit": "回"})
    client.post(reverse("reviews:milestone_add", args=[agreement.pk]),
                {"title": "最終振り返り", "due_date": "2027-03-15", "kind": "final"})
    page = client.get(reverse("reviews:agreement_reviews", args=[agreement.pk])).content.decode()
    assert "開催回数" in page and "最終振り返り" in page
    milestone = agreement.milestones.get(title="最終振り返り")
    review_open(milestone=milestone, by=citizen)
    assert client.post(reverse("reviews:target_add", args=[agreement.pk]), {"kind": "bad"}).status_code == 400
