"""What a phone user and a low-vision user see, in real Chromium: the home page's status badges
are legible (WCAG 1.4.3), and a citizen's list of proposals on a 390 px phone is a column of
readable cards, not a table squeezed to one character per line."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import login

from .world import build_world

CONTRAST = """() => {
    const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
        const ch = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
    };
    const background = (el) => {  // the first opaque background behind the element
        for (let e = el; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
        }
        return [255, 255, 255];
    };
    return [...document.querySelectorAll('main .badge, main .status-badge, main .case-status')]
        .filter(el => el.getClientRects().length)
        .map(el => {
            const fg = lum(rgb(getComputedStyle(el).color).slice(0, 3)), bg = lum(background(el));
            return {text: el.textContent.trim(), cls: el.className,
                    ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)};
        });
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_page_status_badges_meet_4_5_to_1_contrast(page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    login(page, world.user("citizen"))
    page.goto(page.base_url + reverse("home"))
    badges = page.evaluate(CONTRAST)
    assert any("agreements-status" in b["cls"] for b in badges), f"no agreement badge on the home page: {badges}"
    faint = [b for b in badges if b["ratio"] < 4.5]
    assert not faint, f"status badges below 4.5:1: {faint}"


ROWS = """() => [...document.querySelectorAll('main table tbody tr')].map(tr => {
    const r = tr.getBoundingClientRect();
    const title = tr.cells[0].getBoundingClientRect();
    const labels = [...tr.querySelectorAll('td')].map(td => getComputedStyle(td, '::before').content);
    return {display: getComputedStyle(tr).display, left: r.left, right: r.right, height: r.height,
            titleWidth: title.width, labels};
})"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizens_proposal_list_on_a_phone_is_a_column_of_readable_cards(page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, world.user("citizen"))
    page.goto(page.base_url + reverse("projects:my_proposals"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
    rows = page.evaluate(ROWS)
    assert len(rows) >= 4, rows
    for row in rows:
        assert row["display"] == "block", row
        assert 0 <= row["left"] and row["right"] <= 390, f"a proposal runs off the screen: {row}"
        assert row["titleWidth"] > 300, f"the title is squeezed into a narrow column: {row}"
        assert row["height"] < 500, f"a proposal's card is far taller than its content: {row}"
        assert all(label not in ("none", "normal", '""') for label in row["labels"]), f"an unlabelled cell: {row}"



@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_autosave_on_the_budget_step_stays_within_the_csp(page, settings):
    """htmx swaps the autosave status in without a style attribute or an injected stylesheet: the
    page fixture fails the test on any CSP violation in the console."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    login(page, world.user("citizen"))
    page.goto(page.base_url + reverse("projects:proposal_step", kwargs={"pk": world.draft_proposal.pk, "step": "budget"}))
    page.fill("input[name=budget-0-item]", "会場費")
    page.fill("input[name=budget-0-amount]", "80000")
    page.locator("input[name=budget-0-note]").focus()  # the change event starts the autosave
    page.wait_for_selector("#autosave-status [data-autosave]")
    assert page.evaluate("() => document.querySelectorAll('[style]').length") == 0
