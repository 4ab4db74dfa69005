import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from cases.models import Consultation, ConsultationStatus, Introduction, Referral
from tests import factories as f
from tests.cases.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_closed_case_without_a_reason_is_refused_by_the_database():
    case = ConsultationFactory()
    case.status = ConsultationStatus.CLOSED
    with pytest.raises(IntegrityError), transaction.atomic():
        case.save()


def test_closed_case_with_a_reason_is_accepted():
    case = ConsultationFactory()
    case.status, case.closed_reason = ConsultationStatus.CLOSED, "目的が営利事業だったため"
    case.save()
    assert Consultation.objects.get(pk=case.pk).status == ConsultationStatus.CLOSED


def test_a_case_must_say_who_came():
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationFactory(organisation=None, group_name="", person_name="")


def test_an_individual_alone_is_enough():
    case = ConsultationFactory(individual=True)
    assert case.visitor_public_label() == "個人（匿名）"


@pytest.mark.parametrize("targets", [(), ("department", "organisation"), ("department", "organisation", "centre")])
def test_referral_needs_exactly_one_target(targets):
    case = ConsultationFactory()
    values = {"department": f.DepartmentFactory(), "organisation": f.OrganisationFactory(), "centre": f.SupportCentreFactory()}
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(consultation=case, **{k: values[k] for k in targets})


def test_introduction_needs_exactly_one_target():
    case = ConsultationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Introduction.objects.create(consultation=case, department=f.DepartmentFactory(), organisation=f.OrganisationFactory())


def test_follow_up_state_against_today():
    today = dt.date(2026, 5, 10)
    case = ConsultationFactory(next_follow_up=dt.date(2026, 5, 9))
    assert case.follow_up_state(today) == "overdue"
    case.next_follow_up = today
    assert case.follow_up_state(today) == "today"
    case.next_follow_up = dt.date(2026, 5, 11)
    assert case.follow_up_state(today) == "upcoming"
    case.status = ConsultationStatus.LED_TO_PROPOSAL
    assert case.follow_up_state(today) == ""


def test_a_city_starts_with_the_standard_topics():
    from cases.models import ConsultationTopic

    names = set(ConsultationTopic.objects.values_list("name", flat=True))
    assert {"団体運営", "法人設立", "資金・助成", "人材・ボランティア", "広報", "活動場所", "他団体との連携", "協働提案"} <= names
