from __future__ import annotations

import pytest
from django.urls import reverse

from projects.models import ProposalStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_celery(monkeypatch):
    monkeypatch.setattr("projects.tasks.send_proposal_notification.delay", lambda *a: None)


def test_admin_proposal_list_filters(client, admin_user, draft, submitted):
    client.force_login(admin_user)
    response = client.get(reverse("admin:projects_proposal_changelist"), {"status__exact": "submitted"})
    assert response.status_code == 200
    body = response.content.decode()
    assert submitted.title in body and draft.title not in body


def test_staff_do_not_see_drafts_in_the_admin(client, staff, draft, submitted):
    """A draft belongs to the group writing it, in the admin as on the portal."""
    client.force_login(staff)
    body = client.get(reverse("admin:projects_proposal_changelist")).content.decode()
    assert submitted.title in body and draft.title not in body
    assert client.get(reverse("admin:projects_proposal_change", args=[draft.pk])).status_code == 302


def test_admin_action_calls_the_service(client, admin_user, submitted):
    client.force_login(admin_user)
    client.post(
        reverse("admin:projects_proposal_changelist"),
        {"action": "send_to_screening", "_selected_action": [submitted.pk]},
    )
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SCREENING
    assert submitted.events.filter(to_status=ProposalStatus.SCREENING, actor=admin_user).exists()
    assert submitted.call.screening_round.criteria.count() == 6


def test_admin_action_in_wrong_state_reports_instead_of_failing(client, admin_user, in_screening):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:projects_proposal_changelist"),
        {"action": "return_for_brushup", "_selected_action": [in_screening.pk]}, follow=True,
    )
    assert response.status_code == 200
    in_screening.refresh_from_db()
    assert in_screening.status == ProposalStatus.SCREENING


@pytest.mark.parametrize(
    "model", ["call", "proposal", "screeninground", "score", "conflictdeclaration", "proposalmessage",
              "proposalrevision", "proposalevent", "proposalattachment", "proposalrole", "budgetline",
              "screeningcriterion"],
)
def test_every_admin_page_opens(client, admin_user, submitted, model):
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:projects_{model}_changelist")).status_code == 200


def test_admin_proposal_change_page_has_status_read_only(client, admin_user, submitted):
    client.force_login(admin_user)
    body = client.get(reverse("admin:projects_proposal_change", args=[submitted.pk])).content.decode()
    assert 'name="status"' not in body


def test_home_dashboard_panels(client, citizen, staff, screener, draft, in_screening):
    for user, link in ((citizen, "/projects/mine/"), (staff, "/projects/staff/proposals/"), (screener, "/projects/screening/")):
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 200
        assert link in response.content.decode()


def test_admin_decision_asks_for_reasons_then_calls_the_service(client, admin_user, in_screening):
    client.force_login(admin_user)
    changelist = reverse("admin:projects_proposal_changelist")
    form = {"action": "reject", "_selected_action": [in_screening.pk]}
    response = client.post(changelist, form)
    assert response.status_code == 200 and 'name="reason"' in response.content.decode()
    client.post(changelist, {**form, "apply": "1", "reason": ""})
    in_screening.refresh_from_db()
    assert in_screening.status == ProposalStatus.SCREENING
    client.post(changelist, {**form, "apply": "1", "reason": "予算の積算根拠が不十分です。"})
    in_screening.refresh_from_db()
    assert in_screening.status == ProposalStatus.NOT_ADOPTED
    assert in_screening.decision_reason == "予算の積算根拠が不十分です。"
