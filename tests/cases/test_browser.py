"""In real Chromium: a coordinator records a walk-in consultation and refers it to a
department; the group starts a proposal from it; the case shows the link to the proposal."""


import pytest

from cases.models import Consultation, ConsultationStatus
from projects.models import Proposal
from tests.conftest import login


@pytest.fixture
def standard_topics(transactional_db, city):
    """The topics a city starts with (cases.setup)."""
    from cases.setup import set_up

    set_up(city.preset)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_walk_in_consultation_to_proposal(page, browser, live_server, coordinator, citizen, organisation, department, open_call, standard_topics):
    # The coordinator records the walk-in.
    login(page, coordinator)
    page.goto(page.base_url + "/cases/new/")
    page.select_option("#id_channel", "visit")
    page.select_option("#id_visitor_kind", "civic")
    page.select_option("#id_organisation", str(organisation.pk))
    page.fill("#id_person_name", "港南 さとみ")
    page.fill("#id_summary", "子どもが自由に遊べる公園をつくりたい")
    page.get_by_label("協働提案").check()
    page.fill("#id_question", "港南台中央公園で冒険遊び場を開きたい。")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/cases/*/")
    case = Consultation.objects.get()
    assert "相談を記録しました。" in page.content()

    # … and refers it to the department.
    page.select_option("#id_referral-department", str(department.pk))
    page.fill("#id_referral-note", "公園の使い方について")
    page.get_by_role("button", name="紹介を記録").click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    assert page.locator(".case-referrals").inner_text().find(department.name) >= 0

    # The group (a citizen of the organisation, in a fresh browser context) starts a proposal.
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    citizen_page = context.new_page()
    citizen_page.base_url = page.base_url
    login(citizen_page, citizen)
    citizen_page.goto(citizen_page.base_url + "/cases/mine/")
    citizen_page.get_by_role("link", name="子どもが自由に遊べる公園をつくりたい").click()
    assert "港南 さとみ" not in citizen_page.content()  # the privacy rule
    citizen_page.get_by_role("link", name="この団体の提案の下書きを始める").click()
    citizen_page.select_option("#id_call", str(open_call.pk))
    citizen_page.fill("#id_title", "港南台中央公園 冒険遊び場づくり")
    citizen_page.get_by_role("button", name="下書きを始める").click()
    citizen_page.wait_for_url(f"**/cases/{case.pk}/")
    context.close()

    proposal = Proposal.objects.get()
    case.refresh_from_db()
    assert case.status == ConsultationStatus.LED_TO_PROPOSAL and case.proposal == proposal

    # The coordinator's case page shows the link and the proposal's progress.
    page.goto(page.base_url + f"/cases/{case.pk}/")
    link = page.locator(".case-proposal-link a")
    assert link.inner_text() == "港南台中央公園 冒険遊び場づくり"
    assert link.get_attribute("href") == f"/projects/proposals/{proposal.pk}/"
    assert "下書き" in page.locator(".case-proposal-link").inner_text()
