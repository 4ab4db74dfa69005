from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kyodo.dashboard import Panel

pytestmark = pytest.mark.django_db

ROLE_LABELS_JA = {
    "citizen": "市民団体メンバー",
    "staff": "市職員",
    "coordinator": "コーディネーター",
    "committee_member": "審査委員",
    "admin_user": "管理者",
}


def test_public_home_explains_kyodo_and_the_citys_own_principles(client, city):
    from kyodo.rules import load_preset
    from kyodo.tenancy import activate
    from tests.factories import CityFactory

    load_preset("yokohama")
    odawara = CityFactory(slug="odawara", city_name="小田原市", preset="odawara")
    with activate(odawara):
        load_preset("odawara")
    html = client.get(reverse("home")).content.decode()

    assert "横浜市の協働の原則" in html
    for principle in ("対等の原則", "自主性尊重の原則", "自立化の原則", "相互理解の原則", "目的共有の原則", "公開の原則"):
        assert principle in html
    assert "主体性の尊重" not in html  # 小田原市's, on its own host
    assert reverse("account_login") in html
    assert reverse("account_signup") in html
    assert html.count("<h1") == 1


def test_every_page_has_landmarks_skip_link_and_language(client):
    html = client.get(reverse("home")).content.decode()

    assert '<html lang="ja">' in html
    assert re.search(r'<a class="[^"]*skip-link[^"]*" href="#main">本文へスキップ</a>', html)
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    # The language switch posts to Django's set_language and names the other language.
    assert f'action="{reverse("set_language")}"' in html
    assert 'value="en" lang="en">English</button>' in html


def test_user_without_a_role_is_told_how_to_join(client, outsider):
    client.force_login(outsider)

    html = client.get(reverse("home")).content.decode()

    assert 'id="get-started"' in html
    assert "団体を登録" in html
    assert "招待" in html


@pytest.mark.parametrize("role", list(ROLE_LABELS_JA))
def test_home_page_renders_for_each_role(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert ROLE_LABELS_JA[role] in html
    assert 'id="get-started"' not in html
    assert html.count("<h1") == 1


def test_home_page_shows_the_panels_apps_contribute(client, citizen, monkeypatch):
    panel = Panel(title="確認待ちの提案", template="kyodo/partials/two_factor_reminder.html", order=1)
    monkeypatch.setattr("kyodo.views.panels_for", lambda request: [panel])
    client.force_login(citizen)

    html = client.get(reverse("home")).content.decode()

    assert "確認待ちの提案" in html
    assert "今のところ対応が必要なものはありません" not in html


def test_staff_is_reminded_to_turn_on_two_factor_when_not_enforced(client, staff):
    client.force_login(staff)

    html = client.get(reverse("home")).content.decode()

    assert "二要素認証がオフです" in html
    assert reverse("mfa_activate_totp") in html


def test_public_home_links_to_the_public_pages_that_exist(client):
    from django.urls import NoReverseMatch

    html = client.get(reverse("home")).content.decode()

    found = 0
    for name in ("partners:organisation_list", "projects:call_list", "projects:register_list", "reviews:public_list"):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        found += 1
        assert f'href="{url}"' in html, name
    assert 'id="quick-links"' in html or found == 0
