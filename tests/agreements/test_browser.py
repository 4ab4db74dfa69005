"""One end-to-end run in real Chromium: two parties edit, agree and sign; the PDF is rendered by
the real Celery worker and appears without a reload; the public register verifies the file."""

from __future__ import annotations

import pytest

from tests.agreements import factories as af
from tests.conftest import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def _save_edit(page, agreement, field: str, value: str) -> None:
    page.goto(f"{page.base_url}/agreements/{agreement.pk}/edit/")
    page.fill(f"#id_{field}", value)
    page.click("main form button[type=submit].btn-primary")
    page.wait_for_url(f"**/agreements/{agreement.pk}/")


def _agree(page, label: str) -> None:
    page.click(f'tr[data-party="{label}"] form button[type=submit]')
    page.wait_for_load_state()


def _sign(page, agreement, label: str) -> None:
    page.goto(f"{page.base_url}/agreements/{agreement.pk}/")
    page.click(f'tr[data-party="{label}"] a.btn-primary')
    # allauth asks for the password again before the signing page opens
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.fill("main input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/agreements/{agreement.pk}/parties/*/sign/")
    agreement.refresh_from_db()
    assert page.text_content("[data-hash=signing]") == agreement.current_version.content_hash
    page.check("input[name=confirm]")
    page.click("main form button[type=submit].btn-primary")
    page.wait_for_url(f"**/agreements/{agreement.pk}/")


def test_two_parties_edit_agree_sign_and_the_register_verifies_the_pdf(
    page, browser, celery_worker, organisation, department, staff, citizen, tmp_path
):
    agreement = af.draft(af.make_adopted_proposal(organisation, department), staff)
    staff_page = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo").new_page()
    staff_page.set_default_timeout(20_000)
    staff_page.base_url = page.base_url

    login(page, citizen)
    login(staff_page, staff)
    _save_edit(page, agreement, "purpose", "港南台の子どもが思い切り遊べる場を地域と区が共につくる。")
    _save_edit(staff_page, agreement, "information_sharing", "事業の進捗は毎月共有し、協定と評価結果を公開する。")
    assert agreement.versions.count() == 3

    staff_page.goto(f"{page.base_url}/agreements/{agreement.pk}/")
    _agree(staff_page, "甲")
    page.goto(f"{page.base_url}/agreements/{agreement.pk}/")
    _agree(page, "乙")
    agreement.refresh_from_db()
    assert agreement.status == "frozen"

    _sign(page, agreement, "乙")
    _sign(staff_page, agreement, "甲")
    agreement.refresh_from_db()
    assert agreement.status == "in_force"

    # The progress box polls by itself: mark the window, wait for "ready", the mark survives.
    staff_page.evaluate("window.kyodoNoReload = true")
    staff_page.wait_for_selector('[data-render-status="ready"]', timeout=60_000)
    assert staff_page.evaluate("window.kyodoNoReload") is True

    page.goto(f"{page.base_url}/agreements/register/")
    row = page.locator(f'tr[data-agreement="{agreement.number}"]')
    assert "港南台" in row.text_content()
    with page.expect_download() as download_info:
        row.locator("a[href$='/pdf/']").click()
    path = tmp_path / "downloaded.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")

    page.goto(f"{page.base_url}/agreements/verify/")
    page.set_input_files("input[name=file]", str(path))
    page.click("main form button[type=submit]")
    page.wait_for_selector('[data-verify="match"]')
    assert agreement.number in page.text_content('[data-verify="match"]')
    staff_page.context.close()
