"""In real Chromium: one person with roles in two cities (a group's representative and a seat on
the screening committee in each) logs in on each city's host and sees only that city's work."""

from __future__ import annotations

import pytest

from accounts.models import CityRole
from kyodo.cities import forget_hosts
from kyodo.tenancy import activate
from partners.models import Membership
from tests import factories as f
from tests.conftest import login
from tests.projects.factories import ProposalFactory

YOKOHAMA_WORK = ("港南台生き生きプレイパーク", "港南台中央公園 プレイパーク事業")
ODAWARA_WORK = ("早川地区まちづくり委員会", "早川地区 支え合いと見守りのモデル事業")


def _work_in_current_city(person, organisation_name: str, proposal_title: str) -> None:
    organisation = f.OrganisationFactory(name=organisation_name)
    f.MembershipFactory(user=person, organisation=organisation, role=Membership.Role.REPRESENTATIVE)
    ProposalFactory(organisation=organisation, title=proposal_title, created_by=person)
    CityRole.objects.create(user=person, role=CityRole.Role.COMMITTEE)


def _shows_only(page, base_url: str, mine: tuple[str, str], theirs: tuple[str, str], city_name: str) -> None:
    for path, mine_text, theirs_text in (
        ("/partners/mine/", mine[0], theirs[0]),
        ("/projects/mine/", mine[1], theirs[1]),
    ):
        page.goto(base_url + path)
        body = page.content()
        assert mine_text in body and theirs_text not in body, (base_url, path)
        assert city_name in page.locator("header").first.inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_same_person_sees_only_each_citys_work_on_each_citys_host(page, live_server, city):
    odawara = f.CityFactory(slug="odawara", city_name="小田原市", preset="odawara")
    forget_hosts()
    person = f.UserFactory(display_name="二つの市の 委員")
    _work_in_current_city(person, *YOKOHAMA_WORK)
    with activate(odawara):
        _work_in_current_city(person, *ODAWARA_WORK)
    yokohama_url = page.base_url
    odawara_url = yokohama_url.replace("://yokohama.localhost", "://odawara.localhost")

    login(page, person)
    _shows_only(page, yokohama_url, YOKOHAMA_WORK, ODAWARA_WORK, "横浜市")

    # Sessions are per host: on Odawara's host the same person is not logged in yet.
    page.goto(odawara_url + "/projects/mine/")
    assert "/accounts/login/" in page.url
    page.base_url = odawara_url
    login(page, person)
    _shows_only(page, odawara_url, ODAWARA_WORK, YOKOHAMA_WORK, "小田原市")

    # Back on Yokohama's host: still logged in there, still Yokohama's work only.
    _shows_only(page, yokohama_url, YOKOHAMA_WORK, ODAWARA_WORK, "横浜市")
