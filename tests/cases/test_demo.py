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
