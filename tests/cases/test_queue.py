"""The coordinator's queue: due today, overdue, upcoming, new requests; constant queries."""

import datetime as dt

import pytest
from django.utils import timezone

from cases import selectors, services
from cases.models import Channel, ConsultationStatus
from tests.cases.factories import ConsultationFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def test_partition_by_follow_up_date(centre, coordinator):
    overdue = ConsultationFactory(centre=centre, next_follow_up=TODAY - dt.timedelta(days=1))
    today = ConsultationFactory(centre=centre, next_follow_up=TODAY, status=ConsultationStatus.FOLLOWING)
    upcoming = ConsultationFactory(centre=centre, next_follow_up=TODAY + dt.timedelta(days=3))
    far = ConsultationFactory(centre=centre, next_follow_up=TODAY + dt.timedelta(days=60))
    closed = ConsultationFactory(centre=centre, next_follow_up=TODAY - dt.timedelta(days=5),
                                 status=ConsultationStatus.CLOSED, closed_reason="理由")
    queue = selectors.coordinator_queue({centre.pk}, TODAY)
    assert queue.overdue == [overdue]
    assert queue.due_today == [today]
    assert queue.upcoming == [upcoming]
    assert far not in queue.upcoming and closed not in queue.overdue


def test_overdue_sorted_oldest_first(centre):
    late = ConsultationFactory(centre=centre, next_follow_up=TODAY - dt.timedelta(days=1))
    later = ConsultationFactory(centre=centre, next_follow_up=TODAY - dt.timedelta(days=9))
    assert selectors.coordinator_queue({centre.pk}, TODAY).overdue == [later, late]


def test_queue_shows_only_the_coordinators_centres(centre, other_centre):
    ConsultationFactory(centre=other_centre, next_follow_up=TODAY)
    assert selectors.coordinator_queue({centre.pk}, TODAY).due_today == []


def test_new_requests_until_a_coordinator_takes_them(centre, citizen, organisation, coordinator):
    case = services.consultation_request(centre=centre, organisation=organisation, summary="x", question="y", by=citizen)
    assert selectors.coordinator_queue({centre.pk}, TODAY).new_requests == [case]
    services.consultation_take(consultation=case, by=coordinator)
    assert selectors.coordinator_queue({centre.pk}, TODAY).new_requests == []


def test_counts_by_status(centre):
    ConsultationFactory(centre=centre)
    ConsultationFactory(centre=centre, status=ConsultationStatus.CLOSED, closed_reason="理由")
    counts = selectors.coordinator_queue({centre.pk}, TODAY).counts
    assert counts[ConsultationStatus.OPEN] == 1
    assert counts[ConsultationStatus.CLOSED] == 1
    assert counts[ConsultationStatus.LED_TO_PROPOSAL] == 0


def _fill(centre, n):
    for i in range(n):
        ConsultationFactory(centre=centre, next_follow_up=TODAY - dt.timedelta(days=i % 3), channel=Channel.PHONE)
        ConsultationFactory(centre=centre, channel=Channel.PORTAL, coordinator=None)


def test_queue_query_count_does_not_grow_with_cases(centre, django_assert_num_queries):
    _fill(centre, 2)
    # An id query per section, the shown cases with topics and referrals, one for all counts.
    with django_assert_num_queries(8) as small:
        selectors.coordinator_queue({centre.pk}, TODAY)
    _fill(centre, 10)
    with django_assert_num_queries(len(small.captured_queries)):
        queue = selectors.coordinator_queue({centre.pk}, TODAY)
        for case in queue.overdue + queue.new_requests:
            list(case.topics.all()), case.organisation, case.coordinator  # noqa: B018


def test_queue_page_query_count_is_constant(client, centre, coordinator, django_assert_max_num_queries):
    _fill(centre, 3)
    client.force_login(coordinator)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get("/cases/").status_code == 200
    _fill(centre, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/cases/").status_code == 200


def test_timezone_today_is_local(settings):
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert timezone.localdate() == timezone.localtime().date()


def test_sections_show_the_first_rows_and_count_them_all(centre):
    _fill(centre, 6)  # 6 overdue-or-today cases and 6 new requests
    queue = selectors.coordinator_queue({centre.pk}, TODAY, limit=2)
    assert len(queue.new_requests) == 2 and queue.totals["new_requests"] == 6
    assert queue.totals["overdue"] + queue.totals["due_today"] == 6
    assert queue.new_requests == list(selectors.queue_section({centre.pk}, "new_requests", TODAY)[:2])
    assert queue.counts[ConsultationStatus.OPEN] == 12


def test_a_whole_section_is_one_click_away_and_paged(client, centre, coordinator, monkeypatch):
    _fill(centre, 3)
    monkeypatch.setattr(selectors, "SECTION_LIMIT", 1)
    client.force_login(coordinator)
    body = client.get("/cases/").content.decode()
    assert "?section=new_requests" in body  # 3 new requests, 1 shown
    page = client.get("/cases/?section=new_requests")
    assert page.status_code == 200 and len(page.context["page"].object_list) == 3
    assert client.get("/cases/?section=nonsense&page=x").status_code == 200
    assert client.get("/cases/?status=open&page=999").status_code == 200
