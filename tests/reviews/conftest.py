from __future__ import annotations

import pytest

from . import factories as rf


@pytest.fixture
def rules(db):
    rf.make_rules()


@pytest.fixture
def agreement(organisation, department, rules):
    return rf.make_agreement(organisation, department)


@pytest.fixture
def milestone(agreement):
    return rf.make_milestone(agreement)


@pytest.fixture
def review(milestone, staff):
    from reviews import services

    return services.review_open(milestone=milestone, by=staff)
