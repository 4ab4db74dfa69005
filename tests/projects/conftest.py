from __future__ import annotations

import pytest

from projects import services
from tests import factories as f

from .factories import CallFactory, ProposalFactory


@pytest.fixture
def call(department):
    return CallFactory(department=department)


@pytest.fixture
def draft(call, organisation, citizen):
    return ProposalFactory(call=call, organisation=organisation, created_by=citizen)


@pytest.fixture
def submitted(call, organisation):
    return ProposalFactory(call=call, organisation=organisation, submitted=True)


@pytest.fixture
def in_brushup(call, organisation):
    return ProposalFactory(call=call, organisation=organisation, brushup=True)


@pytest.fixture
def in_screening(call, organisation, staff):
    proposal = ProposalFactory(call=call, organisation=organisation, screening=True)
    services.screening_round_for_call(call=call, by=staff)
    return proposal


@pytest.fixture
def screener(in_screening):
    member = f.UserFactory(is_committee_member=True)
    in_screening.call.screening_round.members.add(member)
    return member


@pytest.fixture
def second_screener(in_screening):
    member = f.UserFactory(is_committee_member=True)
    in_screening.call.screening_round.members.add(member)
    return member
