"""In real Chromium: both parties submit their reviews, see the comparison, record the decision
and publish; the public register shows the result."""

from __future__ import annotations

import pytest

from reviews import services
from reviews.models import RS, Review
from tests.conftest import login

from . import factories as rf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer(page, review, score: str) -> None:
    for point in review.points:
        page.check(f"input[name='point_{point['id']}'][value='yes']")
    for section in review.sections:
        for item in review.items:
            page.check(f"input[name='score_{section}_{item['id']}'][value='{score}']")
            page.fill(f"textarea[name='comment_{section}_{item['id']}']", f"{item['name']}の所見")
    page.get_by_role("button", name="評価を提出する").click()
    page.wait_for_load_state()


def test_both_parties_review_compare_decide_and_publish(page, browser, organisation, department, staff, citizen):
    rf.make_rules()
    agreement = rf.make_agreement(organisation, department)
    review = services.review_open(milestone=rf.make_milestone(agreement), by=staff)
    detail = f"{page.base_url}/reviews/{review.pk}/"

    # 甲 (the city) answers first.
    login(page, staff)
    page.goto(detail)
    page.get_by_role("link", name="甲として回答する").click()
    _answer(page, review, "5")
    assert "評価を提出しました" in page.content()

    # 乙 (the group) cannot see the city's answers yet, then submits its own.
    group_context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    other = group_context.new_page()
    other.base_url = page.base_url
    login(other, citizen)
    other.goto(detail)
    assert other.locator("details").count() == 0
    other.get_by_role("link", name="乙として回答する").click()
    _answer(other, review, "2")

    other.get_by_role("link", name="評価を並べて比較する").click()
    assert other.get_by_text("差 2以上").first.is_visible()

    other.get_by_role("link", name="共同の記録と決定を入力する").click()
    other.fill("textarea[name='effect_vs_alone']", "区の広報で参加者が倍増した。")
    other.fill("textarea[name='beneficiary_satisfaction']", "保護者の86%が満足。")
    other.check("input[name='decision'][value='continue_with_changes']")
    other.get_by_role("button", name="共同の記録を保存する").click()
    other.wait_for_load_state()
    assert "見直して継続" in other.content()

    other.fill("textarea[name='public_summary']", "中間振り返りの結果、雨天会場を確保して事業を継続します。")
    other.get_by_role("button", name="公開する文面を保存する").click()
    other.get_by_role("button", name="乙として公開を承認する").click()
    other.wait_for_load_state()

    page.goto(detail)
    page.get_by_role("button", name="甲として公開を承認する").click()
    page.wait_for_load_state()
    assert "振り返りを公開しました" in page.content()
    assert Review.objects.get(pk=review.pk).status == RS.PUBLISHED

    # The public (not logged in) sees it on the register.
    public_context = browser.new_context(locale="ja-JP")
    public = public_context.new_page()
    public.goto(f"{page.base_url}/reviews/register/")
    public.get_by_role("link", name=agreement.title, exact=False).click()
    assert "雨天会場を確保して事業を継続します" in public.content()
    assert "見直して継続" in public.content()
    for context in (group_context, public_context):
        context.close()
