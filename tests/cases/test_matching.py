"""The matching score on a known data set: the pure function first, then from the database."""

import pytest

from cases import matching, services
from cases.matching import DEPARTMENT, ORGANISATION, Candidate, CaseProfile, rank, score
from cases.models import Introduction
from projects.models import Proposal
from tests import factories as f
from tests.cases.factories import ProposalFactory

CASE = CaseProfile(field_ids=frozenset({1, 2}), ward_id=10, organisation_id=100)
KNOWN = [
    Candidate(DEPARTMENT, 1, "こども青少年局", field_ids=frozenset({1, 2})),
    Candidate(DEPARTMENT, 2, "港南区役所", field_ids=frozenset({1}), ward_id=10, adopted=5, adopted_with_visitor=1),
    Candidate(DEPARTMENT, 3, "港南区 地域振興課", ward_id=10),
    Candidate(DEPARTMENT, 4, "環境創造局", field_ids=frozenset({3}), ward_id=11),
]


def test_score_components_are_shown_separately():
    s = score(CASE, KNOWN[1])
    assert s.components == {"fields": 3, "ward": 2, "past": 3, "partner": 2}
    assert s.total == 10
    assert s.shared_field_ids == {1}


def test_past_collaborations_are_capped():
    many = Candidate(DEPARTMENT, 9, "x", adopted=50, adopted_with_visitor=50)
    assert score(CASE, many).components == {"fields": 0, "ward": 0, "past": matching.PAST_CAP, "partner": matching.PARTNER_CAP}


def test_ranking_on_the_known_data_set():
    ranked = rank(CASE, KNOWN)
    assert [(m.candidate.name, m.total) for m in ranked] == [("港南区役所", 10), ("こども青少年局", 6), ("港南区 地域振興課", 2)]


def test_candidates_with_nothing_in_common_are_left_out():
    assert 4 not in {m.candidate.pk for m in rank(CASE, KNOWN)}


def test_ties_prefer_more_shared_fields_then_the_name():
    a = Candidate(ORGANISATION, 1, "B団体", field_ids=frozenset({1}), ward_id=10, adopted=1)  # 3+2+1
    b = Candidate(ORGANISATION, 2, "A団体", field_ids=frozenset({1, 2}))  # 6
    c = Candidate(ORGANISATION, 3, "C団体", field_ids=frozenset({1, 2}))  # 6
    assert [m.candidate.name for m in rank(CASE, [a, c, b])] == ["A団体", "C団体", "B団体"]


def test_case_without_ward_gets_no_ward_points():
    assert score(CaseProfile(field_ids=frozenset(), ward_id=None), Candidate(DEPARTMENT, 1, "x")).ward == 0


@pytest.mark.django_db
def test_suggestions_from_the_database(case, coordinator, organisation):
    kosodate = f.FieldFactory(name="子育て", slug="kosodate")
    kankyo = f.FieldFactory(name="環境", slug="kankyo")
    case.fields.set([kosodate])
    ward = organisation.ward
    ward_office = f.DepartmentFactory(name="港南区役所", ward=ward)
    children = f.DepartmentFactory(name="こども青少年局")
    f.DepartmentFactory(name="環境創造局")
    partner = f.OrganisationFactory(name="港南台子ども会", ward=ward)
    partner.fields.set([kosodate])
    stranger = f.OrganisationFactory(name="遠くの環境団体")
    stranger.fields.set([kankyo])
    # The group's adopted proposal with the ward office and the partner organisation.
    ProposalFactory(organisation=organisation, status=Proposal.Status.ADOPTED, departments=[ward_office],
                    fields=[kosodate], co_proposers=[partner])
    # A draft names the children's bureau: drafts do not count.
    ProposalFactory(organisation=stranger, status=Proposal.Status.DRAFT, departments=[children], fields=[kosodate])

    result = matching.suggestions_for(case)
    departments = {m.candidate.name: m.components for m in result[DEPARTMENT]}
    assert departments == {"港南区役所": {"fields": 3, "ward": 2, "past": 1, "partner": 2}}
    organisations = {m.candidate.name: m.components for m in result[ORGANISATION]}
    assert organisations == {"港南台子ども会": {"fields": 3, "ward": 2, "past": 1, "partner": 2}}
    assert organisation.name not in organisations  # never suggest the visitor to itself


@pytest.mark.django_db
def test_suggestions_take_a_constant_number_of_queries(case, django_assert_max_num_queries):
    for _ in range(5):
        ProposalFactory(status=Proposal.Status.ADOPTED, departments=[f.DepartmentFactory()], fields=[f.FieldFactory()])
    with django_assert_max_num_queries(9):
        matching.suggestions_for(case)


@pytest.mark.django_db
def test_introduction_records_the_score_at_that_moment(case, coordinator, organisation):
    kosodate = f.FieldFactory(name="子育て", slug="kosodate")
    case.fields.set([kosodate])
    partner = f.OrganisationFactory(name="港南台子ども会", ward=organisation.ward)
    partner.fields.set([kosodate])
    intro = services.consultation_introduce(consultation=case, organisation=partner, note="子ども会を紹介", by=coordinator)
    assert intro.score == 5
    assert intro.score_components == {"fields": 3, "ward": 2, "past": 0, "partner": 0}
    services.consultation_introduce(consultation=case, organisation=partner, by=coordinator)
    assert Introduction.objects.count() == 1
