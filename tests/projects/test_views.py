from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import services
from projects.models import ProposalStatus
from tests import factories as f

from .factories import CallFactory, ProposalFactory

S = ProposalStatus
pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"projects:{name}", args=args)


@pytest.fixture(autouse=True)
def _no_celery(monkeypatch):
    monkeypatch.setattr("projects.tasks.send_proposal_notification.delay", lambda *a: None)


# --- who sees which proposal page --------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "on_draft", "on_submitted"),
    [
        ("citizen", 200, 200),
        ("other_citizen", 404, 404),
        ("outsider", 404, 404),
        ("staff", 404, 200),
        ("other_staff", 404, 200),
        ("coordinator", 404, 200),
        ("committee_member", 404, 404),
        ("admin_user", 200, 200),
    ],
)
def test_detail_page_by_role(client, request, draft, submitted, role, on_draft, on_submitted):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url("proposal_detail", draft.pk)).status_code == on_draft
    assert client.get(url("proposal_detail", submitted.pk)).status_code == on_submitted


def test_anonymous_is_sent_to_login(client, submitted):
    response = client.get(url("proposal_detail", submitted.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_citizen_never_sees_another_groups_draft_in_wizard_or_files(client, draft, other_citizen):
    client.force_login(other_citizen)
    assert client.get(url("proposal_step", draft.pk, "problem")).status_code == 404
    assert client.post(url("proposal_autosave", draft.pk, "problem"), {"purpose": "x"}).status_code == 404
    assert client.post(url("proposal_submit", draft.pk)).status_code == 404


def test_assigned_screener_sees_proposal_in_screening_only(client, in_screening, screener, submitted):
    client.force_login(screener)
    assert client.get(url("proposal_detail", in_screening.pk)).status_code == 200
    assert client.get(url("proposal_score", in_screening.pk)).status_code == 200
    assert client.get(url("proposal_detail", submitted.pk)).status_code == 404


def test_staff_of_other_department_sees_but_gets_403_on_actions(client, submitted, other_staff):
    client.force_login(other_staff)
    assert client.post(url("proposal_return_for_brushup", submitted.pk)).status_code == 403
    assert client.post(url("proposal_send_to_screening", submitted.pk)).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_staff_cannot_edit_proposers_text(client, in_brushup, staff):
    client.force_login(staff)
    assert client.get(url("proposal_step", in_brushup.pk, "problem")).status_code == 403


def test_proposer_gets_403_when_withdrawing_in_screening(client, in_screening, citizen):
    client.force_login(citizen)
    assert client.post(url("proposal_withdraw", in_screening.pk)).status_code == 403


def test_internal_notes_hidden_from_proposer_and_coordinator(client, submitted, staff, citizen, coordinator):
    services.message_post(proposal=submitted, body="内部でのみ共有するメモ", is_internal=True, by=staff)
    services.message_post(proposal=submitted, body="公開スレッドの質問", by=staff)
    for user, sees in ((staff, True), (citizen, False), (coordinator, False)):
        client.force_login(user)
        body = client.get(url("proposal_detail", submitted.pk)).content.decode()
        assert "公開スレッドの質問" in body
        assert ("内部でのみ共有するメモ" in body) is sees


def test_citizen_cannot_post_internal_note_by_forging_the_field(client, submitted, citizen):
    client.force_login(citizen)
    client.post(url("message_post", submitted.pk), {"body": "質問です", "is_internal": "on"})
    message = submitted.messages.get()
    assert not message.is_internal


# --- wizard -------------------------------------------------------------------------------------
def test_start_creates_draft_and_opens_first_step(client, call, citizen, organisation):
    client.force_login(citizen)
    response = client.post(url("proposal_start"), {"call": call.pk, "organisation": organisation.pk, "title": "冒険遊び場"})
    proposal = organisation.proposals.get()
    assert response["Location"] == url("proposal_step", proposal.pk, "organisation")
    assert proposal.status == S.DRAFT


def test_step_saves_and_moves_on(client, draft, citizen):
    client.force_login(citizen)
    response = client.post(url("proposal_step", draft.pk, "problem"), {"local_problem": "遊び場がない", "purpose": "遊び場をつくる", "next": ""})
    assert response["Location"] == url("proposal_step", draft.pk, "activities")
    draft.refresh_from_db()
    assert draft.purpose == "遊び場をつくる"


def test_invalid_budget_row_keeps_input_and_saves_valid_rows(client, draft, citizen):
    client.force_login(citizen)
    data = {
        "budget-TOTAL_FORMS": "3", "budget-INITIAL_FORMS": "0",
        "budget-0-item": "会場費", "budget-0-amount": "１２，０００円", "budget-0-city_share": "10000",
        "budget-1-item": "講師謝礼", "budget-1-amount": "5000", "budget-1-city_share": "9000",
        "budget-2-item": "", "budget-2-amount": "", "budget-2-city_share": "",
        "next": "",
    }
    response = client.post(url("proposal_step", draft.pk, "budget"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "講師謝礼" in body and 'value="9000"' in body  # what was typed is kept
    assert "cannot exceed" in body or "超えることはできません" in body
    assert [(b.item, b.amount) for b in draft.budget_lines.all()] == [("会場費", 12000)]


def test_invalid_title_does_not_block_saving_other_fields(client, draft, citizen, other_organisation):
    client.force_login(citizen)
    response = client.post(
        url("proposal_step", draft.pk, "organisation"), {"title": "", "co_proposers": [other_organisation.pk], "next": ""}
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.title  # unchanged
    assert list(draft.co_proposers.all()) == [other_organisation]


def test_autosave_saves_and_answers_with_a_fragment(client, draft, citizen):
    client.force_login(citizen)
    response = client.post(url("proposal_autosave", draft.pk, "activities"), {"activities": "毎週土曜に開催", "beneficiaries": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-autosave="ok"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.activities == "毎週土曜に開催"


def test_autosave_with_expired_session_says_so_and_saves_nothing(client, draft):
    response = client.post(url("proposal_autosave", draft.pk, "activities"), {"activities": "消えてはいけない"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-autosave="expired"' in body
    assert "/accounts/login/?next=" in body
    draft.refresh_from_db()
    assert draft.activities != "消えてはいけない"


def test_step_post_with_expired_session_redirects_to_login_with_next(client, draft):
    path = url("proposal_step", draft.pk, "problem")
    response = client.post(path, {"purpose": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/") and "next=" in response["Location"]


def test_preview_shows_whole_proposal(client, draft, citizen):
    client.force_login(citizen)
    body = client.get(url("proposal_step", draft.pk, "preview")).content.decode()
    for text in (draft.local_problem, draft.purpose, "プレイパークの運営", "350,000", "200,000", "150,000"):
        assert text in body


def test_submit_after_deadline_shows_message_not_error(client, organisation, citizen):
    proposal = ProposalFactory(call=CallFactory(closed=True), organisation=organisation)
    client.force_login(citizen)
    response = client.post(url("proposal_submit", proposal.pk), follow=True)
    assert response.status_code == 200
    assert "deadline" in response.content.decode() or "締切" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == S.DRAFT


def test_submit_view_then_return_resubmit_and_compare(client, draft, citizen, staff):
    client.force_login(citizen)
    client.post(url("proposal_submit", draft.pk))
    client.force_login(staff)
    client.post(url("proposal_return_for_brushup", draft.pk), {"note": "受益者の人数を具体的に"})
    client.force_login(citizen)
    client.post(url("proposal_step", draft.pk, "activities"), {"activities": draft.activities, "beneficiaries": "年間1,500人", "next": ""})
    client.post(url("proposal_submit", draft.pk))
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED and draft.revisions.count() == 2
    body = client.get(url("revision_compare", draft.pk) + "?a=1&b=2").content.decode()
    assert "年間1,500人" in body and "<del>" in body and "<ins>" in body


def test_decide_view_requires_reasons(client, in_screening, staff):
    client.force_login(staff)
    client.post(url("proposal_decide", in_screening.pk), {"decision": "reject", "reason": ""})
    in_screening.refresh_from_db()
    assert in_screening.status == S.SCREENING
    client.post(url("proposal_decide", in_screening.pk), {"decision": "reject", "reason": "実現可能性に課題"})
    in_screening.refresh_from_db()
    assert in_screening.status == S.NOT_ADOPTED


# --- scoring pages ------------------------------------------------------------------------------
def _score_data(proposal, value):
    data = {}
    for c in proposal.call.screening_round.criteria.all():
        data[f"score_{c.pk}"] = str(value)
        data[f"comment_{c.pk}"] = "良い"
    return data


def test_member_sees_others_scores_only_after_scoring(client, in_screening, screener, second_screener):
    services.scores_submit(
        proposal=in_screening, by=second_screener,
        scores={c.pk: (2, "他の委員の秘密のコメント") for c in in_screening.call.screening_round.criteria.all()},
    )
    client.force_login(screener)
    page = url("proposal_score", in_screening.pk)
    assert "他の委員の秘密のコメント" not in client.get(page).content.decode()
    response = client.post(page, _score_data(in_screening, 4))
    assert response.status_code == 302
    assert "他の委員の秘密のコメント" in client.get(page).content.decode()


def test_conflicted_member_gets_403_when_scoring(client, in_screening, screener):
    services.conflict_declare(proposal=in_screening, by=screener)
    client.force_login(screener)
    assert client.post(url("proposal_score", in_screening.pk), _score_data(in_screening, 4)).status_code == 403


def test_staff_ranking_lists_passing_first(client, in_screening, screener, staff, organisation):
    weaker = ProposalFactory(call=in_screening.call, organisation=organisation, screening=True, title="弱い提案")
    services.scores_submit(proposal=in_screening, by=screener, scores={c.pk: (5, "") for c in in_screening.call.screening_round.criteria.all()})
    services.scores_submit(proposal=weaker, by=screener, scores={c.pk: (2, "") for c in in_screening.call.screening_round.criteria.all()})
    client.force_login(staff)
    body = client.get(url("screening_round_detail", in_screening.call.screening_round.pk)).content.decode()
    assert body.index(in_screening.title) < body.index("弱い提案")


def test_screening_list_pages_and_shows_each_members_progress(client, in_screening, screener, organisation, monkeypatch):
    from projects.views import screening

    monkeypatch.setattr(screening, "SCREENING_PAGE", 2)
    others = [ProposalFactory(call=in_screening.call, organisation=organisation, screening=True) for _i in range(2)]
    services.scores_submit(proposal=in_screening, by=screener,
                           scores={c.pk: (4, "") for c in in_screening.call.screening_round.criteria.all()})
    services.conflict_declare(proposal=others[1], by=screener)
    client.force_login(screener)
    first = client.get(url("screening_list"))
    assert [p.pk for p in first.context["proposals"]] == [in_screening.pk, others[0].pk]
    body = first.content.decode()
    assert "採点済み" in body and "未採点" in body and "1 / 2 ページ" in body
    second = client.get(url("screening_list"), {"page": 2})
    assert [p.pk for p in second.context["proposals"]] == [others[1].pk]
    assert "利害関係を申告済み" in second.content.decode()


def test_committee_pages_refuse_citizens(client, citizen, in_screening):
    client.force_login(citizen)
    assert client.get(url("screening_list")).status_code == 403
    assert client.get(url("proposal_score", in_screening.pk)).status_code == 403


# --- staff list --------------------------------------------------------------------------------
def _make_proposals(call, n):
    ward, field = f.WardFactory(name="港南区"), f.FieldFactory(name="子育て", slug="kosodate")
    for _i in range(n):
        p = ProposalFactory(call=call, submitted=True, ward=ward)
        p.fields.add(field)
        p.departments.add(call.department)
        p.co_proposers.add(f.OrganisationFactory())


@pytest.mark.parametrize("n", [3, 15])
def test_staff_list_query_count_is_constant(client, staff, call, n, django_assert_max_num_queries):
    _make_proposals(call, n)
    client.force_login(staff)
    with django_assert_max_num_queries(16):
        response = client.get(url("staff_proposal_list"))
    assert response.status_code == 200
    assert len(response.context["proposals"]) == n


@pytest.mark.parametrize("n", [3, 15])
def test_register_and_my_list_query_count_is_constant(client, citizen, organisation, call, n, django_assert_max_num_queries):
    for _i in range(n):
        p = ProposalFactory(call=call, organisation=organisation, adopted=True)
        p.departments.add(call.department)
        p.co_proposers.add(f.OrganisationFactory())
    with django_assert_max_num_queries(8):
        assert client.get(url("register_list")).status_code == 200
    client.force_login(citizen)
    with django_assert_max_num_queries(14):
        assert client.get(url("my_proposals")).status_code == 200


def test_staff_list_filters_and_hides_drafts(client, staff, call, draft, submitted, in_screening):
    client.force_login(staff)
    titles = [p.title for p in client.get(url("staff_proposal_list")).context["proposals"]]
    assert draft.title not in titles and submitted.title in titles
    response = client.get(url("staff_proposal_list"), {"status": "screening", "call": call.pk})
    assert [p.pk for p in response.context["proposals"]] == [in_screening.pk]


def test_staff_list_filter_error_is_shown_and_tied_to_its_field(client, staff, submitted):
    client.force_login(staff)
    response = client.get(url("staff_proposal_list"), {"status": "bogus"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-describedby="id_status_error"' in body
    error = body[body.index('id="id_status_error"'):]
    assert "bogus" in error[:300]  # Django's "Select a valid choice. bogus is not one of …"


@pytest.mark.parametrize("org_ids", [500, 0])  # matching organisations as a list of ids, or joined
def test_staff_search_finds_title_or_organisation_name(client, staff, call, monkeypatch, org_ids):
    from projects import filters

    monkeypatch.setattr(filters, "ORG_IDS", org_ids)
    by_title = ProposalFactory(call=call, submitted=True, title="防災訓練の協働事業")
    by_org = ProposalFactory(call=call, submitted=True, organisation=f.OrganisationFactory(name="防災ネットかながわ"))
    other = ProposalFactory(call=call, submitted=True, title="子育てひろば")
    client.force_login(staff)
    response = client.get(url("staff_proposal_list"), {"q": "防災"})
    found = {p.pk for p in response.context["proposals"]}
    assert {by_title.pk, by_org.pk} <= found and other.pk not in found
    # Newest submissions first, and the page lists objects with their relations.
    assert [p.submitted_at for p in response.context["proposals"]] == sorted(
        (p.submitted_at for p in response.context["proposals"]), reverse=True
    )


def test_staff_list_forbidden_to_citizens(client, citizen):
    client.force_login(citizen)
    assert client.get(url("staff_proposal_list")).status_code == 403


def test_bulk_assign_screeners(client, staff, submitted, committee_member):
    client.force_login(staff)
    client.post(url("staff_assign_screeners"), {"proposals": [submitted.pk], "members": [committee_member.pk]})
    assert list(submitted.call.screening_round.members.all()) == [committee_member]


# --- public -------------------------------------------------------------------------------------
def test_public_calls_list_open_calls_with_days_left(client, department):
    CallFactory(title="公開中の募集", department=department, deadline=timezone.now() + timedelta(days=5, hours=1))
    CallFactory(title="締切済みの募集", closed=True)
    CallFactory(title="非公開の募集", is_published=False)
    body = client.get(url("call_list")).content.decode()
    assert "公開中の募集" in body and "締切済みの募集" not in body and "非公開の募集" not in body
    assert "5" in body


def test_register_shows_adopted_without_contact_data(client, in_screening, staff, organisation):
    services.proposal_adopt(proposal=in_screening, reason="理由", by=staff)
    body = client.get(url("register_detail", in_screening.pk)).content.decode()
    assert in_screening.purpose in body and organisation.name in body
    for private in (organisation.email, organisation.phone, organisation.address, organisation.representative_name):
        assert private not in body


def test_register_hides_proposals_not_adopted(client, submitted):
    assert client.get(url("register_detail", submitted.pk)).status_code == 404
    assert submitted.title not in client.get(url("register_list")).content.decode()


@pytest.mark.parametrize("n", [2, 12])
def test_ranking_and_committee_list_query_count_is_constant(
    client, staff, in_screening, screener, n, django_assert_max_num_queries
):
    criteria = list(in_screening.call.screening_round.criteria.all())
    for _i in range(n):
        p = ProposalFactory(call=in_screening.call, screening=True)
        services.scores_submit(proposal=p, by=screener, scores={c.pk: (3, "") for c in criteria})
    client.force_login(staff)
    with django_assert_max_num_queries(16):
        assert client.get(url("screening_round_detail", in_screening.call.screening_round.pk)).status_code == 200
    client.force_login(screener)
    with django_assert_max_num_queries(10):
        response = client.get(url("screening_list"))
    assert len(response.context["proposals"]) == n + 1


def test_unchanged_saved_rows_are_kept_when_another_row_is_invalid(client, draft, citizen):
    client.force_login(citizen)
    page = client.get(url("proposal_step", draft.pk, "budget"))
    formset = page.context["form"]
    data = {"budget-TOTAL_FORMS": str(formset.total_form_count()), "budget-INITIAL_FORMS": "2", "next": ""}
    for i, line in enumerate(draft.budget_lines.all()):
        data.update({f"budget-{i}-item": line.item, f"budget-{i}-amount": str(line.amount),
                     f"budget-{i}-city_share": str(line.city_share), f"budget-{i}-note": line.note})
    data.update({"budget-2-item": "印刷費", "budget-2-amount": "abc"})
    response = client.post(url("proposal_step", draft.pk, "budget"), data)
    assert response.status_code == 200
    assert [b.item for b in draft.budget_lines.all()] == ["遊具・道具", "保険料"]


def test_deleting_a_row(client, draft, citizen):
    client.force_login(citizen)
    data = {"roles-TOTAL_FORMS": "2", "roles-INITIAL_FORMS": "2", "next": "",
            "roles-0-task": "運営", "roles-0-party": "group",
            "roles-1-task": "調整", "roles-1-party": "city", "roles-1-DELETE": "on"}
    client.post(url("proposal_step", draft.pk, "roles"), data)
    assert [r.task for r in draft.roles.all()] == ["運営"]


def test_call_detail_shows_reiwa_fiscal_year_and_is_public(client, call):
    body = client.get(url("call_detail", call.pk)).content.decode()
    assert "令和8年度" in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "FY2026" in client.get(url("call_detail", call.pk)).content.decode()


def test_unpublished_call_is_404(client, department):
    call = CallFactory(department=department, is_published=False)
    assert client.get(url("call_detail", call.pk)).status_code == 404


def test_register_open_data_has_no_contact_data(client, in_screening, staff, organisation, django_assert_max_num_queries):
    services.proposal_adopt(proposal=in_screening, reason="理由", by=staff)
    with django_assert_max_num_queries(8):
        response = client.get(url("register_json"))
    data = response.json()["adopted_proposals"]
    assert [row["title"] for row in data] == [in_screening.title]
    assert data[0]["budget_total_yen"] == 350_000
    text = response.content.decode()
    for private in (organisation.email, organisation.phone, organisation.address):
        assert private not in text


@pytest.mark.django_db
def test_a_late_autosave_never_overwrites_a_newer_save(client, citizen, organisation):
    """An autosave sent from a page built before the last save (e.g. delayed on a slow network)
    is skipped, so the newer rows survive."""
    from projects.models import Proposal
    from tests.projects.factories import ProposalFactory

    proposal = ProposalFactory(organisation=organisation, created_by=citizen)
    client.force_login(citizen)
    stale = Proposal.objects.get(pk=proposal.pk).updated_at.isoformat()
    url = f"/projects/proposals/{proposal.pk}/edit/budget/"
    rows = {
        "budget-TOTAL_FORMS": "2", "budget-INITIAL_FORMS": "0",
        "budget-0-item": "遊具", "budget-0-amount": "300000", "budget-0-city_share": "200000",
        "budget-1-item": "保険", "budget-1-amount": "50000", "budget-1-city_share": "",
    }
    response = client.post(url, {**rows, "next": "1"})
    assert response.status_code == 302
    assert proposal.budget_lines.count() == 2

    late = {**rows, "budget-TOTAL_FORMS": "1", "based_on": stale}
    response = client.post(url + "autosave/", late, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "skipped" in response.content.decode() or "スキップ" in response.content.decode()
    assert proposal.budget_lines.count() == 2


@pytest.mark.django_db
def test_saving_the_budget_again_unchanged_keeps_every_row(client, citizen, organisation):
    from tests.projects.factories import ProposalFactory

    proposal = ProposalFactory(organisation=organisation, created_by=citizen)
    client.force_login(citizen)
    url = f"/projects/proposals/{proposal.pk}/edit/budget/"
    first = {
        "budget-TOTAL_FORMS": "2", "budget-INITIAL_FORMS": "0",
        "budget-0-item": "遊具", "budget-0-amount": "300000", "budget-0-city_share": "200000",
        "budget-1-item": "保険", "budget-1-amount": "たくさん",
    }
    client.post(url, {**first, "stay": "1"})
    assert list(proposal.budget_lines.values_list("item", flat=True)) == ["遊具"]
    # The first row comes back exactly as saved, the second now valid: both are kept.
    response = client.post(url, {**first, "budget-1-amount": "50000", "next": "1"})
    assert response.status_code == 302
    assert list(proposal.budget_lines.order_by("order").values_list("item", flat=True)) == ["遊具", "保険"]
