"""In real Chromium: sign up, confirm the e-mail, register an organisation, see it in "my
organisations" and, once city staff have verified it, in the public directory."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from partners import services
from partners.models import Organisation
from tests.conftest import login
from tests.factories import FieldFactory, UserFactory, WardFactory, make_staff

PASSWORD = "kyodo-browser-pass-2026"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_up_register_an_organisation_and_see_it_listed(page):
    WardFactory(name="港南区", name_kana="こうなんく")
    FieldFactory(name="子育て", slug="childcare")
    base = page.base_url

    # Sign up through allauth's form.
    page.goto(base + "/accounts/signup/")
    page.fill("input[name=email]", "newcomer@example.jp")
    page.fill("input[name=display_name]", "港南 さくら")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    # Confirm the address with the link from the verification mail.
    assert mail.outbox, "no verification mail was sent"
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(base + link[link.index("/accounts/"):])
    confirm = page.locator("main form button[type=submit]")
    if confirm.count():
        confirm.first.click()
        page.wait_for_load_state()

    # Log in (unless confirming already did).
    page.goto(base + "/partners/organisations/new/")
    if "/accounts/login/" in page.url:
        login(page, UserFactory._meta.model.objects.get(email="newcomer@example.jp"), password=PASSWORD)
        page.goto(base + "/partners/organisations/new/")

    # Register an organisation, typing the way people do (full-width digits).
    page.fill("input[name=name]", "港南台こども食堂")
    page.fill("input[name=name_kana]", "コウナンダイコドモショクドウ")
    page.select_option("select[name=kind]", "civic")
    page.fill("input[name=representative_name]", "港南 さくら")
    page.fill("input[name=postal_code]", "〒２３４－００５４")
    page.select_option("select[name=ward]", label="港南区")
    page.fill("input[name=address]", "横浜市港南区港南台１－１")
    page.fill("input[name=phone]", "０４５－８００－１２３４")
    page.fill("input[name=email]", "shokudo@example.jp")
    page.check("input[name=fields]")
    page.fill("textarea[name=public_profile]", "地域の子どもたちに温かい食事を届けています。")
    page.click("main form.partners-form button[type=submit]")
    page.wait_for_load_state()
    assert "/members/" in page.url, page.content()

    organisation = Organisation.objects.get(name="港南台こども食堂")
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.postal_code == "234-0054"

    # It is in "my organisations", awaiting verification, and not yet public.
    page.goto(base + "/partners/mine/")
    assert page.get_by_role("link", name="港南台こども食堂").is_visible()
    page.goto(base + "/partners/")
    assert page.get_by_text("港南台こども食堂").count() == 0

    # City staff verify it; it appears in the public directory.
    services.organisation_verify(organisation=organisation, by=make_staff())
    page.goto(base + "/partners/")
    page.get_by_role("link", name="港南台こども食堂").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "港南台こども食堂"
    assert "newcomer@example.jp" not in page.content()
