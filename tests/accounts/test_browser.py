from __future__ import annotations

import re

import pytest
from django.core import mail

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_signs_up_verifies_the_address_and_is_welcomed(page):
    page.goto(page.base_url + "/accounts/signup/")
    page.get_by_label("メールアドレス").fill("hanako@example.jp")
    page.get_by_label("お名前").fill("港南 花子")
    page.get_by_label("パスワード", exact=False).first.fill("konandai-playpark-2026")
    page.get_by_label("パスワード (再入力)").fill("konandai-playpark-2026")
    page.click("form.signup button[type=submit]")

    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    assert page.locator("h1").count() == 1
    assert User.objects.filter(email="hanako@example.jp").exists()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.click("main form button[type=submit]")

    page.wait_for_url(page.base_url + "/")
    assert "ようこそ、港南 花子 さん" in page.inner_text("h1")
    assert page.locator("#get-started").is_visible()


def test_skip_link_appears_on_focus_and_moves_to_main(page):
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")

    skip = page.locator(".skip-link")
    assert skip.is_visible()
    assert skip.inner_text() == "本文へスキップ"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_buttons_and_nav_links_are_at_least_44px_high(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base_url + "/accounts/login/")

    heights = page.eval_on_selector_all(
        "header .nav-link, header .btn, main .btn, main input.form-control",
        "els => els.filter(e => e.offsetParent !== null).map(e => [e.textContent.trim() || e.name, e.getBoundingClientRect().height])",
    )
    assert heights
    small = [(name, height) for name, height in heights if height < 44]
    assert not small, small


def test_language_switch_in_the_browser(page):
    page.goto(page.base_url + "/accounts/login/")
    page.click("header button[name=language]")

    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Sign In" in page.inner_text("h1")


def test_shared_login_helper_logs_a_citizen_in(page, citizen):
    from tests.conftest import login

    login(page, citizen)

    page.goto(page.base_url + "/")
    assert str(citizen) in page.inner_text("h1")
    assert page.locator("header").get_by_text("ログアウト").is_visible()
