from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from agreements.models import Agreement
from projects.models import ProposalStatus
from reviews.dashboard import panels

from . import factories as rf

pytestmark = pytest.mark.django_db


def _panel(user, title_part: str):
    request = RequestFactory().get("/")
    request.user = user
    return next(p for p in panels(request) if title_part in p.template)


def test_citizen_sees_drafts_agreements_to_sign_and_reviews_due(citizen, organisation, department, other_organisation,
                                                                rules):
    draft = rf.make_proposal(organisation, department, status=ProposalStatus.DRAFT, title="下書きの提案")
    rf.make_proposal(other_organisation, department, status=ProposalStatus.DRAFT, title="他団体の下書き")
    to_sign = rf.make_agreement(organisation, department, status=Agreement.Status.FROZEN, title="署名待ちの協定")
    rf.make_agreement(other_organisation, department, status=Agreement.Status.FROZEN, title="他団体の協定")
    in_force = rf.make_agreement(organisation, department)
    soon = rf.make_milestone(in_force, due_date=timezone.localdate() + dt.timedelta(days=3))
    late = rf.make_milestone(in_force, due_date=timezone.localdate() - dt.timedelta(days=3), title="遅れ")
    rf.make_milestone(in_force, due_date=timezone.localdate() + dt.timedelta(days=60), title="まだ先")
    context = _panel(citizen, "dashboard_citizen").context
    assert context["drafts"] == [draft]
    assert context["to_sign"] == [to_sign]
    assert context["due"] == [soon]
    assert context["overdue"] == [late]


def test_staff_sees_proposals_awaiting_screening_and_overdue_reviews(staff, organisation, department,
                                                                     other_department, rules):
    waiting = rf.make_proposal(organisation, department, status=ProposalStatus.SUBMITTED, submitted_at=timezone.now())
    rf.make_proposal(organisation, other_department, status=ProposalStatus.SUBMITTED, submitted_at=timezone.now())
    agreement = rf.make_agreement(organisation, department)
    late = rf.make_milestone(agreement, due_date=timezone.localdate() - dt.timedelta(days=1))
    other = rf.make_agreement(organisation, other_department)
    rf.make_milestone(other, due_date=timezone.localdate() - dt.timedelta(days=1))
    context = _panel(staff, "dashboard_staff").context
    assert context["awaiting"] == [waiting]
    assert context["overdue"] == [late]


def test_outsider_gets_no_panel(outsider):
    request = RequestFactory().get("/")
    request.user = outsider
    assert panels(request) == []
