import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from cases import selectors, services
from cases.models import Channel, Consultation, ConsultationStatus, ConsultationTopic
from kyodo.fiscal import fiscal_year_of
from projects.models import Proposal
from tests import factories as f
from tests.cases.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


# --- recording ----------------------------------------------------------------------------
def test_coordinator_records_a_consultation(client, coordinator, centre, organisation):
    client.force_login(coordinator)
    topic = ConsultationTopic.objects.get(slug="incorporation")
    response = client.post("/cases/new/", {
        "centre": centre.pk, "opened_at": "2026-05-01T10:30", "channel": Channel.VISIT, "visitor_kind": "civic",
        "organisation": organisation.pk, "summary": "NPO法人にしたい", "topics": [topic.pk],
        "question": "法人化の手続き", "response": "説明会を案内",
    })
    case = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert (case.centre, case.coordinator, case.organisation) == (centre, coordinator, organisation)
    assert timezone.localtime(case.opened_at).strftime("%Y-%m-%d %H:%M") == "2026-05-01 10:30"


def test_recording_without_saying_who_came_keeps_the_input(client, coordinator, centre):
    client.force_login(coordinator)
    response = client.post("/cases/new/", {
        "centre": centre.pk, "opened_at": "2026-05-01T10:30", "channel": Channel.PHONE,
        "visitor_kind": "individual", "summary": "匿名の電話相談",
    })
    assert response.status_code == 200
    assert "匿名の電話相談" in response.content.decode()
    assert not Consultation.objects.exists()


def test_citizen_cannot_open_the_record_form(client, citizen):
    client.force_login(citizen)
    assert client.get("/cases/new/").status_code == 403


def test_queue_is_for_coordinators(client, citizen, coordinator):
    client.force_login(citizen)
    assert client.get("/cases/").status_code == 403
    client.force_login(coordinator)
    assert client.get("/cases/").status_code == 200


def test_queue_lists_cases_by_status(client, coordinator, centre):
    ConsultationFactory(centre=centre, summary="終了した相談", status=ConsultationStatus.CLOSED, closed_reason="理由")
    client.force_login(coordinator)
    assert "終了した相談" in client.get("/cases/?status=closed").content.decode()
    assert "終了した相談" not in client.get("/cases/?status=open").content.decode()


def test_queue_shows_overdue_follow_up(client, coordinator, centre):
    ConsultationFactory(centre=centre, summary="遅れている相談", next_follow_up=timezone.localdate() - dt.timedelta(days=2))
    client.force_login(coordinator)
    html = client.get("/cases/").content.decode()
    assert html.index("遅れている相談") < html.index('id="q-due_today"')


# --- actions on a case --------------------------------------------------------------------
def test_add_contact_and_follow_up(client, coordinator, case):
    client.force_login(coordinator)
    next_day = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(f"/cases/{case.pk}/contact/", {
        "contact-contacted_on": timezone.localdate().isoformat(), "contact-channel": Channel.PHONE,
        "contact-note": "進捗を確認", "contact-next_follow_up": next_day.isoformat(),
    })
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.next_follow_up) == (ConsultationStatus.FOLLOWING, next_day)
    assert "進捗を確認" in client.get(f"/cases/{case.pk}/").content.decode()


def test_referral_to_two_targets_is_rejected_with_the_form(client, coordinator, case, department, other_centre):
    client.force_login(coordinator)
    response = client.post(f"/cases/{case.pk}/refer/", {"referral-department": department.pk, "referral-centre": other_centre.pk})
    assert response.status_code == 400
    assert not case.referrals.exists()


def test_referral_to_a_department(client, coordinator, case, department):
    client.force_login(coordinator)
    client.post(f"/cases/{case.pk}/refer/", {"referral-department": department.pk, "referral-note": "公園の使い方"})
    assert case.referrals.get().department == department


def test_close_without_reason_is_rejected(client, coordinator, case):
    client.force_login(coordinator)
    assert client.post(f"/cases/{case.pk}/close/", {"close-reason": "  "}).status_code == 400
    case.refresh_from_db()
    assert case.status == ConsultationStatus.OPEN


def test_close_with_reason(client, coordinator, case):
    client.force_login(coordinator)
    client.post(f"/cases/{case.pk}/close/", {"close-reason": "営利目的のため協働になじまない"})
    case.refresh_from_db()
    assert case.status == ConsultationStatus.CLOSED


def test_closing_twice_shows_a_message_not_an_error(client, coordinator, case):
    client.force_login(coordinator)
    client.post(f"/cases/{case.pk}/close/", {"close-reason": "理由"})
    response = client.post(f"/cases/{case.pk}/close/", {"close-reason": "理由"})
    assert response.status_code == 302


def test_citizen_who_sees_the_case_gets_403_on_actions(client, citizen, case):
    client.force_login(citizen)
    assert client.post(f"/cases/{case.pk}/close/", {"close-reason": "理由"}).status_code == 403
    assert client.post(f"/cases/{case.pk}/take/").status_code == 403


def test_coordinator_of_another_centre_gets_404_on_actions(client, other_coordinator, case):
    client.force_login(other_coordinator)
    assert client.post(f"/cases/{case.pk}/close/", {"close-reason": "理由"}).status_code == 404


def test_hand_over_to_another_centre_returns_to_the_queue(client, coordinator, case, other_centre):
    client.force_login(coordinator)
    response = client.post(f"/cases/{case.pk}/hand-over/", {"handover-to_centre": other_centre.pk})
    assert response["Location"] == "/cases/"
    case.refresh_from_db()
    assert case.centre == other_centre


def test_hand_over_to_a_coordinator_elsewhere_shows_a_message(client, coordinator, case, other_coordinator):
    client.force_login(coordinator)
    response = client.post(f"/cases/{case.pk}/hand-over/", {"handover-to_coordinator": other_coordinator.pk}, follow=True)
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.coordinator == coordinator


def test_matches_page_shows_score_components_and_records_an_introduction(client, coordinator, case, organisation):
    kosodate = f.FieldFactory(name="子育て", slug="kosodate")
    case.fields.set([kosodate])
    partner = f.OrganisationFactory(name="港南台子ども会", ward=organisation.ward)
    partner.fields.set([kosodate])
    client.force_login(coordinator)
    html = client.get(f"/cases/{case.pk}/matches/").content.decode()
    assert "港南台子ども会" in html
    client.post(f"/cases/{case.pk}/introduce/", {"organisation": partner.pk, "note": "紹介した"})
    assert case.introductions.get().organisation == partner


# --- proposals ----------------------------------------------------------------------------
def test_citizen_starts_a_proposal_and_the_case_shows_it(client, citizen, case, open_call):
    client.force_login(citizen)
    assert client.get(f"/cases/{case.pk}/start-proposal/").status_code == 200
    response = client.post(f"/cases/{case.pk}/start-proposal/", {"call": open_call.pk, "title": "冒険遊び場づくり"})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.title == "冒険遊び場づくり"
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "冒険遊び場づくり" in html
    assert f"/projects/proposals/{proposal.pk}/" in html


def test_other_citizen_cannot_start_a_proposal(client, other_citizen, case):
    client.force_login(other_citizen)
    assert client.get(f"/cases/{case.pk}/start-proposal/").status_code == 404


# --- requests from the portal ---------------------------------------------------------------
def test_citizen_asks_for_a_consultation(client, citizen, organisation, centre):
    client.force_login(citizen)
    response = client.post("/cases/request/", {
        "organisation": organisation.pk, "centre": centre.pk, "summary": "広報の相談", "question": "チラシの作り方",
    })
    assert response.status_code == 302
    case = Consultation.objects.get()
    assert case.is_new_request and case.centre == centre


def test_citizen_cannot_ask_for_another_organisation(client, citizen, other_organisation, centre):
    client.force_login(citizen)
    response = client.post("/cases/request/", {
        "organisation": other_organisation.pk, "centre": centre.pk, "summary": "x", "question": "y",
    })
    assert response.status_code == 200  # the form refuses the choice
    assert not Consultation.objects.exists()


# --- analysis -------------------------------------------------------------------------------
@pytest.fixture
def year_of_cases(centre, other_centre, coordinator):
    fy = fiscal_year_of(timezone.localdate())
    start = timezone.make_aware(dt.datetime(fy, 4, 10, 10, 0))
    topic = ConsultationTopic.objects.get(slug="incorporation")
    a = ConsultationFactory(centre=centre, opened_at=start, channel=Channel.VISIT)
    a.topics.add(topic)
    a.fields.add(f.FieldFactory(name="子育て", slug="kosodate"))
    ConsultationFactory(centre=centre, opened_at=start, channel=Channel.PHONE, individual=True,
                        status=ConsultationStatus.CLOSED, closed_reason="行政の支援対象外の営利事業だった")
    ConsultationFactory(centre=other_centre, opened_at=start, channel=Channel.VISIT)
    ConsultationFactory(centre=centre, opened_at=start - dt.timedelta(days=30))  # previous fiscal year
    return fy


def test_consultation_counts_per_fiscal_year(year_of_cases, centre):
    counts = selectors.consultation_counts(year_of_cases)
    assert counts["total"] == 3
    assert {r["key"]: r["count"] for r in counts["by_channel"]} == {"visit": 2, "phone": 1}
    assert {r["label"]: r["count"] for r in counts["by_topic"]} == {"法人設立": 1}
    assert {r["label"]: r["count"] for r in counts["by_centre"]}[centre.name] == 2
    assert {r["key"]: r["count"] for r in counts["by_outcome"]} == {"open": 2, "closed": 1}
    assert sum(r["count"] for r in counts["by_ward"]) == 3
    assert [(r["label"], r["count"]) for r in counts["by_field"]] == [("子育て", 1)]
    assert selectors.consultation_counts(year_of_cases - 1)["total"] == 1


def test_analysis_page_lists_closed_cases_with_reasons(client, staff, year_of_cases):
    client.force_login(staff)
    html = client.get(f"/cases/analysis/?fy={year_of_cases}").content.decode()
    assert "行政の支援対象外の営利事業だった" in html
    assert "山田 太郎" not in html


def test_analysis_is_refused_to_citizens(client, citizen):
    client.force_login(citizen)
    assert client.get("/cases/analysis/").status_code == 403
    assert client.get("/cases/analysis/consultations.csv").status_code == 403


def test_csv_export_is_anonymous(client, coordinator, year_of_cases):
    client.force_login(coordinator)
    response = client.get(f"/cases/analysis/consultations.csv?fy={year_of_cases}")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "id"
    assert len(rows) == 4
    assert "山田 太郎" not in text and "045-123-4567" not in text
    assert any("個人（匿名）" in row for row in rows)


def test_analysis_bad_fiscal_year_falls_back(client, staff):
    client.force_login(staff)
    assert client.get("/cases/analysis/?fy=abc").status_code == 200


# --- dashboard ----------------------------------------------------------------------------
def test_dashboard_panels(rf, coordinator, citizen, centre, organisation):
    from cases.dashboard import panels

    ConsultationFactory(centre=centre, next_follow_up=timezone.localdate() - dt.timedelta(days=1))
    services.consultation_request(centre=centre, organisation=organisation, summary="x", question="y", by=citizen)
    request = rf.get("/")
    request.user = coordinator
    [panel] = panels(request)
    assert panel.context == {"overdue": 1, "due_today": 0, "new_requests": 1}
    request.user = citizen
    [panel] = panels(request)
    assert [c.summary for c in panel.context["cases"]] == ["x"]


def test_home_page_renders_the_panels(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/").status_code == 200


def test_request_form_suggests_the_centre_of_the_groups_ward(client, citizen, organisation):
    from tests import factories as f

    home = f.SupportCentreFactory(name="港南区民活動支援センター", ward=organisation.ward)
    client.force_login(citizen)
    response = client.get("/cases/request/")
    assert response.context["form"].initial["centre"] == home


def test_analysis_pages_the_closed_cases_and_lists_every_year(client, coordinator, centre, monkeypatch):
    from kyodo import paging

    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    for i in range(3):
        ConsultationFactory(centre=centre, status=ConsultationStatus.CLOSED, closed_reason=f"理由{i}")
    ConsultationFactory(centre=centre, opened_at=timezone.now() - dt.timedelta(days=800))
    client.force_login(coordinator)
    response = client.get("/cases/analysis/")
    assert response.status_code == 200
    assert len(response.context["closed"].object_list) == 2 and response.context["closed"].paginator.count == 3
    years = [y for y, _label in response.context["years"]]
    assert years == list(range(years[0], years[-1] - 1, -1)) and len(years) >= 3
    assert "computed_at" in response.context["counts"]
