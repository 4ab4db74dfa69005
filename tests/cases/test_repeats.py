"""One consultation per submitted form: a coordinator's record and a group's request."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from cases import services
from cases.models import Consultation

pytestmark = pytest.mark.django_db


def test_a_resent_request_form_makes_one_request_announced_once(
    client, centre, organisation, citizen, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("cases.tasks.notify_new_request.delay", queued.append)
    client.force_login(citizen)
    data = {"organisation": organisation.pk, "centre": centre.pk, "summary": "会員募集", "question": "会員の増やし方",
            "submission_key": str(uuid.uuid4())}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("cases:request"), data)
        again = client.post(reverse("cases:request"), data)
    assert first.status_code == again.status_code == 302
    case = Consultation.objects.get()
    assert queued == [case.events.get(kind="requested").pk]


def test_a_resent_record_returns_the_case_it_recorded(centre, coordinator):
    key = uuid.uuid4()
    record = {"centre": centre, "by": coordinator, "channel": "phone", "visitor_kind": "civic",
              "summary": "会場探し", "group_name": "港南台の会", "submission_key": key}
    first = services.consultation_record(**record)
    assert services.consultation_record(**record).pk == first.pk
    assert Consultation.objects.count() == 1
    assert first.events.count() == 1


@pytest.mark.parametrize("url_name", ["cases:create", "cases:request"])
def test_the_record_and_request_forms_carry_a_fresh_key(client, coordinator, citizen, url_name):
    client.force_login(coordinator if url_name == "cases:create" else citizen)
    pages = [client.get(reverse(url_name)) for _ in "ab"]
    assert all('type="hidden" name="submission_key"' in page.content.decode() for page in pages)
    assert len({page.context["form"].initial["submission_key"] for page in pages}) == 2
