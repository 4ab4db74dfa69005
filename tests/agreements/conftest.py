from __future__ import annotations

import pytest

from tests.agreements import factories as af


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def proposal(organisation, department):
    return af.make_adopted_proposal(organisation, department)


@pytest.fixture
def agreement(proposal, staff):
    return af.draft(proposal, staff)


@pytest.fixture
def in_force(agreement, staff, citizen, django_capture_on_commit_callbacks):
    af.agree_all(agreement, staff, citizen)
    with django_capture_on_commit_callbacks(execute=False):
        af.sign_all(agreement, staff, citizen)
    return agreement
