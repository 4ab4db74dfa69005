"""One proposal's whole life in real Chromium: written across the wizard's steps (surviving a
validation error and an expired session), submitted, returned for brush-up, revised and
resubmitted, screened by two committee members, adopted, and published in the register."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from projects import services
from projects.models import Proposal, ProposalStatus
from tests import factories as f
from tests.conftest import login

from .factories import CallFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def new_page(browser, base_url, user):
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = base_url
    login(page, user)
    return page


def save_and_continue(page):
    with page.expect_navigation():
        page.click("button[name=next]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_proposal_from_wizard_to_public_register(page, browser, organisation, citizen, staff, department):
    call = CallFactory(department=department, title="令和8年度 市民発意型 協働事業提案募集")
    members = [f.UserFactory(is_committee_member=True) for _ in range(2)]
    services.screening_round_for_call(call=call, by=staff).members.add(*members)
    base = page.base_url

    # --- the citizen starts a proposal -----------------------------------------------------------
    login(page, citizen)
    page.goto(base + "/projects/new/")
    page.select_option("select[name=call]", str(call.pk))
    page.select_option("select[name=organisation]", str(organisation.pk))
    page.fill("input[name=title]", "港南台中央公園 プレイパーク")
    page.click("form button[type=submit].btn-primary")
    expect(page).to_have_url(re.compile(r"/edit/organisation/$"))
    proposal = Proposal.objects.get(organisation=organisation)
    save_and_continue(page)

    # --- problem: the session expires while typing; nothing is lost --------------------------------
    expect(page).to_have_url(re.compile(r"/edit/problem/$"))
    page.context.clear_cookies(name="sessionid")
    page.fill("textarea[name=local_problem]", "子どもが外で思い切り遊べる場所が少ない。")
    page.fill("textarea[name=purpose]", "子どもが自由に遊べる場を地域でつくる。")
    save_and_continue(page)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    login(page, citizen)
    page.goto(base + f"/projects/proposals/{proposal.pk}/edit/problem/")
    expect(page.locator("#restore-notice")).to_be_visible()
    expect(page.locator("textarea[name=purpose]")).to_have_value("子どもが自由に遊べる場を地域でつくる。")
    save_and_continue(page)
    proposal.refresh_from_db()
    assert proposal.purpose == "子どもが自由に遊べる場を地域でつくる。"

    # --- activities, collaboration, roles ----------------------------------------------------------
    page.fill("textarea[name=activities]", "毎月2回、公園でプレイパークを開く。")
    page.fill("textarea[name=beneficiaries]", "港南台の子どもと保護者 年間2,000人")
    save_and_continue(page)
    page.fill("textarea[name=why_collaboration]", "公園の利用調整は市、運営は団体が担う。")
    page.select_option("select[name=collaboration_form]", "project-cooperation")
    page.check("input[name=start_type][value=D]")
    save_and_continue(page)
    page.fill("input[name=roles-0-task]", "プレイパークの運営")
    page.select_option("select[name=roles-0-party]", "group")
    page.fill("input[name=roles-1-task]", "公園利用の調整")
    page.select_option("select[name=roles-1-party]", "city")
    save_and_continue(page)

    # --- budget: a validation error loses nothing --------------------------------------------------
    expect(page).to_have_url(re.compile(r"/edit/budget/$"))
    page.fill("input[name=budget-0-item]", "遊具・道具")
    page.fill("input[name=budget-0-amount]", "300,000")
    page.fill("input[name=budget-0-city_share]", "200,000")
    page.fill("input[name=budget-1-item]", "ボランティア保険")
    page.fill("input[name=budget-1-amount]", "たくさん")
    save_and_continue(page)
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    expect(page.locator("input[name=budget-0-item]")).to_have_value("遊具・道具")
    expect(page.locator("input[name=budget-1-item]")).to_have_value("ボランティア保険")
    expect(page.locator("input[name=budget-1-amount]")).to_have_value("たくさん")
    page.fill("input[name=budget-1-amount]", "50000")
    save_and_continue(page)
    assert proposal.budget_lines.count() == 2

    # --- schedule, attachments, preview, submit ----------------------------------------------------
    page.fill("textarea[name=schedule]", "4月 準備\n5月〜3月 毎月2回開催")
    save_and_continue(page)
    expect(page).to_have_url(re.compile(r"/edit/attachments/$"))
    page.set_input_files("input[name=file]", files=[{"name": "計画書.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    expect(page.get_by_role("link", name="計画書.pdf")).to_be_visible()
    page.goto(base + f"/projects/proposals/{proposal.pk}/edit/preview/")
    expect(page.locator("article")).to_contain_text("子どもが自由に遊べる場を地域でつくる。")
    expect(page.locator(".budget-total")).to_have_text("350,000")
    page.click(f"form[action$='/proposals/{proposal.pk}/submit/'] button")
    expect(page).to_have_url(re.compile(rf"/projects/proposals/{proposal.pk}/$"))
    expect(page.locator(".status-badge").first).to_have_text("提出済み")

    # --- staff return it for brush-up ---------------------------------------------------------------
    staff_page = new_page(browser, base, staff)
    staff_page.goto(base + f"/projects/proposals/{proposal.pk}/")
    staff_page.fill("#brushup-form textarea[name=note]", "受益者の人数の根拠を書いてください。")
    staff_page.click("#brushup-form button[type=submit]")
    expect(staff_page.locator(".status-badge").first).to_have_text("ブラッシュアップ中")

    # --- the citizen revises and resubmits ---------------------------------------------------------
    page.goto(base + f"/projects/proposals/{proposal.pk}/")
    expect(page.locator("#thread")).to_contain_text("受益者の人数の根拠を書いてください。")
    page.goto(base + f"/projects/proposals/{proposal.pk}/edit/activities/")
    page.fill("textarea[name=beneficiaries]", "港南台の子どもと保護者 年間2,000人（昨年度の実績 1,850人）")
    save_and_continue(page)
    page.goto(base + f"/projects/proposals/{proposal.pk}/edit/preview/")
    page.click(f"form[action$='/proposals/{proposal.pk}/submit/'] button")
    expect(page.locator(".status-badge").first).to_have_text("提出済み")
    page.goto(base + f"/projects/proposals/{proposal.pk}/revisions/compare/?a=1&b=2")
    expect(page.locator("ins")).to_contain_text("昨年度の実績 1,850人")

    # --- staff send it to screening; two members score ---------------------------------------------
    staff_page.goto(base + f"/projects/proposals/{proposal.pk}/")
    staff_page.click(f"form[action$='/proposals/{proposal.pk}/screening/'] button")
    expect(staff_page.locator(".status-badge").first).to_have_text("審査中")
    for member, value in zip(members, ("4", "5"), strict=True):
        member_page = new_page(browser, base, member)
        member_page.goto(base + f"/projects/proposals/{proposal.pk}/score/")
        rows = member_page.locator("fieldset.score-row")
        for i in range(rows.count()):
            rows.nth(i).locator(f"input[type=radio][value='{value}']").check()
        member_page.click("#score-form button[type=submit]")
        expect(member_page.get_by_role("heading", name="全委員の点数")).to_be_visible()
        member_page.context.close()

    # --- staff see the result and adopt with reasons -----------------------------------------------
    staff_page.goto(base + f"/projects/proposals/{proposal.pk}/")
    expect(staff_page.locator("#result-h")).to_be_visible()
    staff_page.check("#decision-form input[name=decision][value=adopt]")
    staff_page.fill("#decision-form textarea[name=reason]", "子どもの育ちと地域のつながりに資する公益性の高い事業です。")
    staff_page.click("#decision-form button[type=submit]")
    expect(staff_page.locator(".status-badge").first).to_have_text("採択")
    staff_page.context.close()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED

    # --- the public register shows it --------------------------------------------------------------
    page.context.clear_cookies()
    page.goto(base + "/projects/register/")
    page.get_by_role("link", name="港南台中央公園 プレイパーク").click()
    expect(page.locator("main")).to_contain_text("子どもが自由に遊べる場を地域でつくる。")
    expect(page.locator("main")).not_to_contain_text(organisation.email)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_autosave_keeps_typing_on_the_server_without_pressing_save(page, citizen, organisation, department):
    proposal = services.proposal_create_draft(
        organisation=organisation, call=CallFactory(department=department), title="出張プレイパーク", by=citizen
    )
    login(page, citizen)
    page.goto(page.base_url + f"/projects/proposals/{proposal.pk}/edit/activities/")
    page.fill("textarea[name=activities]", "区内の公園を巡回して開催する。")
    page.locator("textarea[name=beneficiaries]").focus()  # leaving the field fires `change`
    expect(page.locator("#autosave-status [data-autosave=ok]")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.activities == "区内の公園を巡回して開催する。"
