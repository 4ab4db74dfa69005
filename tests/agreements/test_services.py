from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services
from agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementMilestone,
    AgreementRender,
    AgreementVersion,
    PartyAgreement,
    Signature,
    content_sha256,
)
from kyodo.workflow import NotAllowed, TransitionError
from tests import factories as f
from tests.agreements import factories as af

pytestmark = pytest.mark.django_db
S = Agreement.Status


# --- Drafting ---------------------------------------------------------------------------------
def test_draft_is_prefilled_from_the_adopted_proposal(agreement, proposal, department, organisation):
    version = agreement.current_version
    assert agreement.status == S.DRAFT
    assert version.number == 1
    assert version.content["purpose"] == af.PURPOSE
    assert version.content["overview"] == proposal.activities
    assert version.content["period_start"] == "2026-04-01"
    assert version.content["template_type"] == "contribution"
    assert [(p.label, p.name) for p in agreement.parties.all()] == [("甲", department.name), ("乙", organisation.name)]
    assert "対等" in version.content["principles"]
    assert version.content_hash == content_sha256(version.content)
    assert AgreementEvent.objects.filter(agreement=agreement, kind="created").count() == 1


def test_drafting_twice_returns_the_same_agreement(agreement, proposal, staff):
    assert services.agreement_create_from_proposal(proposal=proposal, by=staff) == agreement
    assert Agreement.objects.count() == 1


def test_a_proposal_not_adopted_cannot_become_an_agreement(proposal, staff):
    proposal.status = "screening"
    proposal.save()
    with pytest.raises(NotAllowed):
        services.agreement_create_from_proposal(proposal=proposal, by=staff)


def test_only_staff_of_the_department_can_draft(proposal, other_staff, citizen):
    for user in (other_staff, citizen):
        with pytest.raises(NotAllowed):
            services.agreement_create_from_proposal(proposal=proposal, by=user)


def test_co_proposers_become_further_parties(organisation, department, staff, other_organisation):
    proposal = af.make_adopted_proposal(organisation, department)
    proposal.co_proposers.add(other_organisation)
    agreement = af.draft(proposal, staff)
    assert [p.label for p in agreement.parties.all()] == ["甲", "乙", "丙"]
    assert [p["label"] for p in agreement.current_version.content["parties"]] == ["甲", "乙", "丙"]


def test_hash_is_canonical_whatever_the_key_order():
    assert content_sha256({"b": 1, "a": "協働"}) == content_sha256({"a": "協働", "b": 1})


# --- Negotiation ------------------------------------------------------------------------------
def test_each_saved_change_is_a_new_version(agreement, citizen):
    v1 = agreement.current_version
    content = af.edit_content(v1, purpose="新しい目的", costs=[{"item": "保険料", "amount": 30000, "party": "乙"}])
    v2 = services.agreement_propose_edit(agreement=agreement, content=content, by=citizen, note="目的を修正")
    agreement.refresh_from_db()
    assert v2.number == 2 and agreement.current_version == v2
    assert v2.content_hash != v1.content_hash
    assert AgreementVersion.objects.get(pk=v1.pk).content["purpose"] == af.PURPOSE


def test_saving_an_unchanged_text_makes_no_new_version(agreement, citizen):
    v1 = agreement.current_version
    assert services.agreement_propose_edit(agreement=agreement, content=af.edit_content(v1), by=citizen) == v1


def test_text_input_is_normalised(agreement, citizen):
    content = af.edit_content(agreement.current_version, purpose="　ＡＢＣ１２３の目的　")
    version = services.agreement_propose_edit(agreement=agreement, content=content, by=citizen)
    assert version.content["purpose"] == "ABC123の目的"


def test_outsider_cannot_propose_edits(agreement, outsider):
    with pytest.raises(NotAllowed):
        services.agreement_propose_edit(
            agreement=agreement, content=af.edit_content(agreement.current_version, purpose="x"), by=outsider
        )


# --- Agreement by all parties ------------------------------------------------------------------
def test_agreement_freezes_when_all_parties_agree_the_same_version(agreement, staff, citizen):
    version = agreement.current_version
    services.agreement_mark_agreed(agreement=agreement, party=af.city_party(agreement), version=version, by=staff)
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    services.agreement_mark_agreed(agreement=agreement, party=af.group_party(agreement), version=version, by=citizen)
    agreement.refresh_from_db()
    assert agreement.status == S.FROZEN
    assert AgreementEvent.objects.filter(agreement=agreement, kind="frozen").count() == 1


def test_agreement_to_an_older_version_does_not_count(agreement, staff, citizen):
    v1 = agreement.current_version
    services.agreement_mark_agreed(agreement=agreement, party=af.city_party(agreement), version=v1, by=staff)
    services.agreement_propose_edit(agreement=agreement, content=af.edit_content(v1, purpose="変更後"), by=citizen)
    agreement.refresh_from_db()
    with pytest.raises(TransitionError):
        services.agreement_mark_agreed(agreement=agreement, party=af.group_party(agreement), version=v1, by=citizen)
    services.agreement_mark_agreed(
        agreement=agreement, party=af.group_party(agreement), version=agreement.current_version, by=citizen
    )
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT  # 甲 agreed only to v1


def test_a_party_cannot_agree_for_another_party(agreement, citizen):
    with pytest.raises(NotAllowed):
        services.agreement_mark_agreed(
            agreement=agreement, party=af.city_party(agreement), version=agreement.current_version, by=citizen
        )


def test_agreeing_twice_is_harmless(agreement, staff):
    kwargs = dict(agreement=agreement, party=af.city_party(agreement), version=agreement.current_version, by=staff)
    assert services.agreement_mark_agreed(**kwargs) == services.agreement_mark_agreed(**kwargs)
    assert PartyAgreement.objects.count() == 1


def test_a_frozen_text_cannot_be_edited(agreement, staff, citizen):
    af.agree_all(agreement, staff, citizen)
    with pytest.raises(NotAllowed):
        services.agreement_propose_edit(
            agreement=agreement, content=af.edit_content(agreement.current_version, purpose="x"), by=citizen
        )


# --- Signing ------------------------------------------------------------------------------------
def _sign(agreement, party, user, **overrides):
    version = overrides.pop("version", agreement.current_version)
    kwargs = dict(agreement=agreement, party=party, version=version, content_hash=version.content_hash, by=user,
                  reauthenticated=True, ip_address="192.0.2.1", user_agent="UA")
    kwargs.update(overrides)
    return services.agreement_sign_electronic(**kwargs)


def test_signing_a_draft_is_refused(agreement, citizen):
    with pytest.raises(NotAllowed):
        _sign(agreement, af.group_party(agreement), citizen)


def test_signing_for_the_wrong_party_is_refused(agreement, staff, citizen):
    af.agree_all(agreement, staff, citizen)
    with pytest.raises(NotAllowed):
        _sign(agreement, af.city_party(agreement), citizen)


def test_a_plain_member_cannot_sign_for_the_organisation(agreement, staff, citizen, organisation):
    member = f.make_citizen(organisation, role="member")
    af.agree_all(agreement, staff, citizen)
    with pytest.raises(NotAllowed):
        _sign(agreement, af.group_party(agreement), member)


def test_signing_a_different_text_hash_is_refused(agreement, staff, citizen):
    af.agree_all(agreement, staff, citizen)
    with pytest.raises(TransitionError):
        _sign(agreement, af.group_party(agreement), citizen, content_hash="0" * 64)
    assert not Signature.objects.exists()


def test_signing_an_old_version_is_refused(agreement, staff, citizen):
    v1 = agreement.current_version
    services.agreement_propose_edit(agreement=agreement, content=af.edit_content(v1, purpose="改"), by=citizen)
    af.agree_all(agreement, staff, citizen)
    with pytest.raises(TransitionError):
        _sign(agreement, af.group_party(agreement), citizen, version=v1)


def test_signing_requires_recent_reauthentication(agreement, staff, citizen):
    af.agree_all(agreement, staff, citizen)
    with pytest.raises(NotAllowed):
        _sign(agreement, af.group_party(agreement), citizen, reauthenticated=False)


def test_signing_records_who_when_where_and_the_hash(agreement, staff, citizen):
    af.agree_all(agreement, staff, citizen)
    signature = _sign(agreement, af.group_party(agreement), citizen)
    agreement.refresh_from_db()
    assert agreement.status == S.SIGNING
    assert signature.content_hash == agreement.current_version.content_hash
    assert (signature.ip_address, signature.user_agent, signature.signer) == ("192.0.2.1", "UA", citizen)
    assert signature.signer_name == af.group_party(agreement).signatory_name


def test_signing_twice_is_harmless(agreement, staff, citizen):
    af.agree_all(agreement, staff, citizen)
    first = _sign(agreement, af.group_party(agreement), citizen)
    assert _sign(agreement, af.group_party(agreement), citizen) == first
    assert Signature.objects.count() == 1


def test_last_signature_puts_it_in_force_and_queues_the_pdf_after_commit(
    agreement, staff, citizen, django_capture_on_commit_callbacks
):
    content = af.edit_content(agreement.current_version, review_schedule=[
        {"title": "中間振り返り", "date": "2026-10-01", "kind": "mid_term"},
        {"title": "最終振り返り", "date": "2027-03-10", "kind": "final"},
    ])
    services.agreement_propose_edit(agreement=agreement, content=content, by=staff)
    af.agree_all(agreement, staff, citizen)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        af.sign_all(agreement, staff, citizen)
    assert agreement.status == S.IN_FORCE
    assert agreement.in_force_version == agreement.current_version
    assert AgreementRender.objects.get(version=agreement.current_version).status == "queued"
    assert len(callbacks) == 2  # the render and the public pages' refresh
    assert list(AgreementMilestone.objects.values_list("kind", flat=True)) == ["mid_term", "final"]


def test_paper_signature_is_recorded_by_staff_with_the_scan(agreement, staff, citizen):
    af.agree_all(agreement, staff, citizen)
    scan = SimpleUploadedFile("seal.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    import datetime

    signature = services.agreement_record_paper_signature(
        agreement=agreement, party=af.group_party(agreement), version=agreement.current_version, scan=scan,
        signer_name="横浜 花子", signer_title="代表", signed_on=datetime.date(2026, 4, 1), by=staff,
    )
    assert signature.kind == "paper" and signature.checked_by == staff and len(signature.scan_sha256) == 64


def test_citizen_cannot_record_a_paper_signature(agreement, staff, citizen):
    af.agree_all(agreement, staff, citizen)
    import datetime

    with pytest.raises(NotAllowed):
        services.agreement_record_paper_signature(
            agreement=agreement, party=af.group_party(agreement), version=agreement.current_version,
            scan=SimpleUploadedFile("s.pdf", b"x"), signer_name="x", signer_title="",
            signed_on=datetime.date(2026, 4, 1), by=citizen,
        )


# --- Amendment -----------------------------------------------------------------------------------
def test_amendment_is_a_new_version_negotiated_and_signed_again(in_force, staff, citizen,
                                                                  django_capture_on_commit_callbacks):
    agreement = in_force
    signed = agreement.in_force_version
    amendment = services.agreement_amend(agreement=agreement, by=staff, note="経費の変更")
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT and amendment.amends == signed
    assert agreement.in_force_version == signed  # still in force until the amendment is signed
    assert services.agreement_amend(agreement=agreement, by=staff) == amendment  # repeat is harmless
    content = af.edit_content(amendment, costs=[{"item": "遊具修繕費", "amount": 50000, "party": "甲"}])
    changed = services.agreement_propose_edit(agreement=agreement, content=content, by=citizen)
    assert changed.amends == signed
    af.agree_all(agreement, staff, citizen)
    with django_capture_on_commit_callbacks(execute=False):
        af.sign_all(agreement, staff, citizen)
    assert agreement.status == S.IN_FORCE and agreement.in_force_version == changed
    assert AgreementVersion.objects.get(pk=signed.pk).content_hash == signed.content_hash


def test_a_draft_cannot_be_amended(agreement, staff):
    with pytest.raises(NotAllowed):
        services.agreement_amend(agreement=agreement, by=staff)


def test_every_step_is_in_the_audit_trail_in_order(in_force):
    kinds = list(in_force.events.values_list("kind", flat=True))
    assert kinds[0] == "created"
    assert kinds.index("frozen") < kinds.index("signed") < kinds.index("in_force") < kinds.index("render_queued")
    assert kinds.count("agreed") == 2 and kinds.count("signed") == 2


def test_principles_clause_comes_from_the_city_rules_when_set(organisation, department, staff):
    from kyodo.models import Principle

    Principle.objects.create(title="対等", text="互いの立場を理解し、対等な関係を保つ。", order=1)
    Principle.objects.create(title="公開", text="協働の関係を市民に公開する。", order=2)
    agreement = af.draft(af.make_adopted_proposal(organisation, department), staff)
    clause = agreement.current_version.content["principles"]
    assert "(1)互いの立場を理解し、対等な関係を保つ。" in clause and "(2)協働の関係を市民に公開する。" in clause


def test_roles_and_budget_rows_of_the_proposal_are_carried_over(organisation, department, staff):
    projects_models = pytest.importorskip("projects.models")
    if not hasattr(projects_models, "BudgetLine"):
        pytest.skip("the projects app has no budget lines yet")
    proposal = af.make_adopted_proposal(organisation, department)
    projects_models.ProposalRole.objects.create(proposal=proposal, task="プレーリーダーの配置", party="group")
    projects_models.ProposalRole.objects.create(proposal=proposal, task="公園使用の調整", party="city")
    projects_models.BudgetLine.objects.create(proposal=proposal, item="謝金", amount=100000, city_share=60000)
    content = af.draft(proposal, staff).current_version.content
    assert content["roles"] == [{"task": "プレーリーダーの配置", "party": "乙"}, {"task": "公園使用の調整", "party": "甲"}]
    assert content["costs"] == [{"item": "謝金", "amount": 60000, "party": "甲"},
                                {"item": "謝金", "amount": 40000, "party": "乙"}]
