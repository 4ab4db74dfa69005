"""The home page of city staff lists the consultations referred to their department (they are
also told by mail)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import services

from .factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_staff_home_lists_consultations_referred_to_their_department(client, centre, coordinator, staff, department,
                                                                     other_staff):
    case = ConsultationFactory(centre=centre, coordinator=coordinator, summary="公園の清掃ボランティアの募集方法")
    services.consultation_refer(consultation=case, by=coordinator, department=department)

    client.force_login(staff)
    html = client.get(reverse("home")).content.decode()
    assert "公園の清掃ボランティアの募集方法" in html
    assert reverse("cases:detail", args=[case.pk]) in html

    client.force_login(other_staff)
    assert "公園の清掃ボランティアの募集方法" not in client.get(reverse("home")).content.decode()
