import io

import pytest
from django.utils import timezone

from cases import demo, selectors
from cases.models import Consultation, ConsultationStatus
from partners.models import CoordinatorPosting

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_without_duplicates_and_has_overdue_follow_ups():
    from partners import demo as partners_demo

    partners_demo.load(io.StringIO())
    demo.load(io.StringIO())
    first = Consultation.objects.count()
    demo.load(io.StringIO())
    assert Consultation.objects.count() == first >= 10
    posting = CoordinatorPosting.objects.get(user__email="coordinator@example.jp")
    queue = selectors.coordinator_queue({posting.centre_id}, timezone.localdate())
    assert queue.overdue and queue.due_today and queue.new_requests
    closed = Consultation.objects.filter(status=ConsultationStatus.CLOSED)
    assert closed.exists() and all(c.closed_reason for c in closed)
    assert Consultation.objects.filter(summary__contains="NPO法人").exists()


def test_each_demo_city_has_a_queue_at_its_own_centre_shared_by_two_coordinators():
    from kyodo.demo import load as load_city
    from kyodo.democities import DEMO_CITIES
    from kyodo.tenancy import activate
    from partners import demo as partners_demo
    from tests.factories import CityFactory

    for slug, people in DEMO_CITIES.items():
        with activate(CityFactory(slug=slug, preset=people.preset)):
            load_city(io.StringIO())
            partners_demo.load(io.StringIO())
            demo.load(io.StringIO())
            coordinators = people.emails("coordinator") + people.emails("coordinator2")
            postings = CoordinatorPosting.objects.filter(user__email__in=coordinators)
            assert postings.values("centre").distinct().count() == 1 and postings.count() == 2, slug
            centre = postings.first().centre
            queue = selectors.coordinator_queue({centre.pk}, timezone.localdate())
            assert queue.overdue and queue.due_today and queue.new_requests, slug
            assert Consultation.objects.filter(coordinator__email=people.email("coordinator2")).exists(), slug
            assert Consultation.objects.filter(status=ConsultationStatus.CLOSED).exclude(closed_reason="").exists(), slug
