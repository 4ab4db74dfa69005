from __future__ import annotations

import hashlib
import time

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementRender, Signature
from agreements.pdf import render_agreement_pdf
from agreements.services import render_store
from tests.agreements import factories as af
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _reauthenticate(client, user):
    """Through allauth's own re-authentication form."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


def _edit_post(version, **changes) -> dict:
    content = af.edit_content(version, **changes)
    data = {k: content.get(k, "") for k in (
        "title", "purpose", "overview", "collaboration_form", "template_type", "period_start", "period_end",
        "responsibilities", "personal_information", "results_copyright", "information_sharing",
        "amendment_termination", "consultation", "principles")}
    data["note"] = "変更"
    for prefix, key, fields in (("roles", "roles", ("task", "party")), ("costs", "costs", ("item", "amount", "party")),
                                ("schedule", "review_schedule", ("title", "date", "kind"))):
        items = content.get(key, [])
        data[f"{prefix}-TOTAL_FORMS"] = str(len(items))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for i, row in enumerate(items):
            for field in fields:
                data[f"{prefix}-{i}-{field}"] = row[field]
    for party in version.agreement.parties.all():
        data[f"party{party.pk}-signatory_name"] = party.signatory_name
        data[f"party{party.pk}-signatory_title"] = party.signatory_title
    return data


def test_outsider_gets_404_on_the_agreement(client, agreement, outsider):
    client.force_login(outsider)
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 404
    assert client.get(reverse("agreements:edit", args=[agreement.pk])).status_code == 404


def test_party_sees_the_agreement_with_its_hash(client, agreement, citizen):
    client.force_login(citizen)
    response = client.get(reverse("agreements:detail", args=[agreement.pk]))
    assert response.status_code == 200
    assert agreement.current_version.content_hash in response.content.decode()


def test_edit_form_saves_a_new_version_with_rows(client, agreement, citizen):
    client.force_login(citizen)
    url = reverse("agreements:edit", args=[agreement.pk])
    assert client.get(url).status_code == 200
    data = _edit_post(
        agreement.current_version, purpose="共有する目的",
        roles=[{"task": "プレーリーダーの配置", "party": "乙"}, {"task": "公園使用の調整", "party": "甲"}],
        costs=[{"item": "保険料", "amount": 30000, "party": "乙"}, {"item": "広報費", "amount": 20000, "party": "甲"}],
        review_schedule=[{"title": "中間振り返り", "date": "2026-10-01", "kind": "mid_term"}],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    agreement.refresh_from_db()
    content = agreement.current_version.content
    assert agreement.current_version.number == 2
    assert content["purpose"] == "共有する目的"
    assert content["costs"][1] == {"item": "広報費", "amount": 20000, "party": "甲"}
    assert content["review_schedule"][0]["kind"] == "mid_term"


def test_bad_edit_input_is_shown_again_with_the_input_kept(client, agreement, citizen):
    client.force_login(citizen)
    data = _edit_post(agreement.current_version, purpose="残す目的", period_start="2027-04-01", period_end="2026-04-01")
    response = client.post(reverse("agreements:edit", args=[agreement.pk]), data)
    assert response.status_code == 200
    assert "残す目的" in response.content.decode()
    assert agreement.versions.count() == 1


def test_frozen_agreement_edit_is_403_for_a_party(client, agreement, staff, citizen):
    af.agree_all(agreement, staff, citizen)
    client.force_login(citizen)
    assert client.get(reverse("agreements:edit", args=[agreement.pk])).status_code == 403


def test_compare_shows_changed_clauses_with_text_markers(client, agreement, citizen):
    from agreements import services

    services.agreement_propose_edit(
        agreement=agreement, content=af.edit_content(agreement.current_version, purpose="新しい目的"), by=citizen
    )
    client.force_login(citizen)
    body = client.get(reverse("agreements:compare", args=[agreement.pk]), {"a": 1, "b": 2}).content.decode()
    assert "− " + af.PURPOSE in body and "+ 新しい目的" in body
    assert "<del" in body and "<ins" in body


def test_agree_buttons_and_marks(client, agreement, staff, citizen):
    client.force_login(citizen)
    party = af.group_party(agreement)
    url = reverse("agreements:agree", args=[agreement.pk, party.pk])
    assert client.post(url, {"version": agreement.current_version.pk}).status_code == 302
    client.force_login(staff)
    # staff may not agree for the citizens' party
    assert client.post(url, {"version": agreement.current_version.pk}).status_code == 403


def test_signing_page_requires_reauthentication(client, agreement, staff, citizen):
    af.agree_all(agreement, staff, citizen)
    client.force_login(citizen)
    url = reverse("agreements:sign", args=[agreement.pk, af.group_party(agreement).pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]
    _reauthenticate(client, citizen)
    response = client.get(url)
    assert response.status_code == 200
    assert agreement.current_version.content_hash in response.content.decode()
    response = client.post(url, {"content_hash": agreement.current_version.content_hash, "signer_name": "横浜 花子",
                                 "signer_title": "代表", "confirm": "on"}, HTTP_USER_AGENT="TestBrowser/1.0")
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.user_agent == "TestBrowser/1.0" and signature.ip_address == "127.0.0.1"


def test_signing_a_stale_hash_shows_an_error_not_a_500(client, agreement, staff, citizen):
    af.agree_all(agreement, staff, citizen)
    client.force_login(citizen)
    _reauthenticate(client, citizen)
    url = reverse("agreements:sign", args=[agreement.pk, af.group_party(agreement).pk])
    response = client.post(url, {"content_hash": "a" * 64, "signer_name": "x", "confirm": "on"}, follow=True)
    assert response.status_code == 200 and not Signature.objects.exists()


def test_citizen_cannot_sign_for_the_city(client, agreement, staff, citizen):
    af.agree_all(agreement, staff, citizen)
    client.force_login(citizen)
    assert client.get(reverse("agreements:sign", args=[agreement.pk, af.city_party(agreement).pk])).status_code == 403


def test_history_is_for_staff_only(client, in_force, staff, citizen):
    client.force_login(citizen)
    assert client.get(reverse("agreements:history", args=[in_force.pk])).status_code == 403
    client.force_login(staff)
    body = client.get(reverse("agreements:history", args=[in_force.pk])).content.decode()
    assert "192.0.2.10" in body


def test_render_status_polls_until_ready(client, in_force, citizen):
    client.force_login(citizen)
    version = in_force.in_force_version
    url = reverse("agreements:render_status", args=[in_force.pk, version.number])
    body = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in body and 'data-render-status="queued"' in body
    render = AgreementRender.objects.get(version=version)
    name, sha = render_store(version, b"%PDF-1.7 test")
    AgreementRender.objects.filter(pk=render.pk).update(status="ready", file=name, sha256=sha, size=13)
    body = client.get(url).content.decode()
    assert "hx-trigger" not in body and 'data-render-status="ready"' in body


def test_failed_render_offers_retry_to_staff_only(client, in_force, staff, citizen,
                                                  django_capture_on_commit_callbacks):
    version = in_force.in_force_version
    AgreementRender.objects.filter(version=version).update(status="failed", error="boom")
    url = reverse("agreements:render_status", args=[in_force.pk, version.number])
    client.force_login(citizen)
    assert "Retry" not in client.get(url).content.decode() and "再試行" not in client.get(url).content.decode()
    assert client.post(reverse("agreements:render_retry", args=[in_force.pk, version.number])).status_code == 403
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("agreements:render_retry", args=[in_force.pk, version.number]))
    assert AgreementRender.objects.get(version=version).status == "queued" and len(callbacks) == 1


def _ready(agreement) -> AgreementRender:
    version = agreement.in_force_version
    data = render_agreement_pdf(version)
    name, sha = render_store(version, data)
    AgreementRender.objects.filter(version=version).update(status="ready", file=name, sha256=sha, size=len(data))
    return AgreementRender.objects.get(version=version)


def test_public_register_lists_in_force_agreements_without_contact_data(client, in_force, agreement):
    render = _ready(in_force)
    body = client.get(reverse("agreements:register")).content.decode()
    assert in_force.number in body
    detail = client.get(reverse("agreements:register_detail", args=[in_force.pk])).content.decode()
    org = af.group_party(in_force).organisation
    assert org.phone not in detail and org.email not in detail and "192.0.2.10" not in detail
    pdf = client.get(reverse("agreements:register_pdf", args=[in_force.pk]))
    assert hashlib.sha256(b"".join(pdf.streaming_content)).hexdigest() == render.sha256


def test_drafts_are_not_in_the_register(client, agreement):
    assert client.get(reverse("agreements:register_detail", args=[agreement.pk])).status_code == 404


def test_verify_by_hash_and_by_upload(client, in_force):
    from django.core.files.uploadedfile import SimpleUploadedFile

    render = _ready(in_force)
    url = reverse("agreements:verify")
    assert 'data-verify="match"' in client.post(url, {"sha256": render.sha256.upper()}).content.decode()
    assert 'data-verify="no-match"' in client.post(url, {"sha256": "0" * 64}).content.decode()
    data = render.file.open("rb").read()
    upload = SimpleUploadedFile("a.pdf", data, content_type="application/pdf")
    assert 'data-verify="match"' in client.post(url, {"file": upload}).content.decode()
    tampered = SimpleUploadedFile("a.pdf", data + b"\n", content_type="application/pdf")
    assert 'data-verify="no-match"' in client.post(url, {"file": tampered}).content.decode()


def test_verify_rejects_a_malformed_hash_with_a_message(client):
    response = client.post(reverse("agreements:verify"), {"sha256": "xyz"})
    assert response.status_code == 200 and "data-verify" not in response.content.decode()


def test_staff_create_agreement_from_proposal(client, proposal, staff):
    client.force_login(staff)
    response = client.post(reverse("agreements:create", args=[proposal.pk]))
    assert response.status_code == 302
    assert Agreement.objects.filter(proposal=proposal).count() == 1


def test_citizen_cannot_create_agreement(client, proposal, citizen):
    client.force_login(citizen)
    assert client.post(reverse("agreements:create", args=[proposal.pk])).status_code == 403


def test_untouched_empty_rows_of_the_edit_form_are_ignored(client, agreement, citizen):
    client.force_login(citizen)
    url = reverse("agreements:edit", args=[agreement.pk])
    data = _edit_post(agreement.current_version, purpose="空行は無視")
    for prefix in ("roles", "costs", "schedule"):
        data[f"{prefix}-TOTAL_FORMS"] = str(int(data[f"{prefix}-TOTAL_FORMS"]) + 1)
    data[f"schedule-{int(data['schedule-TOTAL_FORMS']) - 1}-kind"] = "review"  # what the browser sends
    response = client.post(url, data)
    assert response.status_code == 302


def test_staff_with_two_factor_must_reauthenticate_with_it_to_sign(client, agreement, staff, citizen):
    """For staff the re-authentication before signing includes the second factor (allauth MFA)."""
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    af.agree_all(agreement, staff, citizen)
    client.force_login(staff)
    url = reverse("agreements:sign", args=[agreement.pk, af.city_party(agreement).pk])
    response = client.get(url)
    assert reverse("mfa_reauthenticate") in response["Location"]
    _reauthenticate(client, staff)  # the password alone is not enough
    assert reverse("mfa_reauthenticate") in client.get(url)["Location"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    assert client.post(reverse("mfa_reauthenticate"), {"code": code}).status_code == 302
    response = client.get(url)
    assert response.status_code == 200 and agreement.current_version.content_hash in response.content.decode()


def test_staff_record_a_paper_signature_from_the_scan(client, agreement, staff, citizen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    af.agree_all(agreement, staff, citizen)
    client.force_login(staff)
    url = reverse("agreements:paper_signature", args=[agreement.pk])
    assert client.get(url).status_code == 200
    scan = SimpleUploadedFile("seal.pdf", b"%PDF-1.4 sealed copy", content_type="application/pdf")
    response = client.post(url, {"party": af.group_party(agreement).pk, "signer_name": "港南 はるか",
                                 "signer_title": "代表", "signed_on": "2026-04-01", "scan": scan, "checked": "on"})
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.kind == "paper" and signature.checked_by == staff and signature.scan.name


def test_paper_signature_rejects_a_file_that_is_not_a_scan(client, agreement, staff, citizen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    af.agree_all(agreement, staff, citizen)
    client.force_login(staff)
    response = client.post(reverse("agreements:paper_signature", args=[agreement.pk]), {
        "party": af.group_party(agreement).pk, "signer_name": "港南 はるか", "signed_on": "2026-04-01",
        "scan": SimpleUploadedFile("x.exe", b"MZ\x90\x00"), "checked": "on"})
    assert response.status_code == 200 and not Signature.objects.exists()
    assert "港南 はるか" in response.content.decode()


def test_comment_thread(client, agreement, citizen, outsider):
    client.force_login(citizen)
    client.post(reverse("agreements:comment", args=[agreement.pk]), {"body": "経費分担について相談させてください。"})
    assert "経費分担について相談させてください。" in client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    client.force_login(outsider)
    assert client.post(reverse("agreements:comment", args=[agreement.pk]), {"body": "x"}).status_code == 404


def test_amendment_from_the_detail_page(client, in_force, staff):
    client.force_login(staff)
    assert client.post(reverse("agreements:amend", args=[in_force.pk])).status_code == 302
    in_force.refresh_from_db()
    assert in_force.status == "draft" and in_force.current_version.amends == in_force.in_force_version


def test_history_lists_events_in_order(client, in_force, staff):
    client.force_login(staff)
    response = client.get(reverse("agreements:history", args=[in_force.pk]))
    events = list(response.context["events"])
    assert [e.pk for e in events] == sorted(e.pk for e in events)
    assert events[0].kind == "created"


def test_home_panel_tells_staff_about_a_failed_pdf(client, in_force, staff):
    AgreementRender.objects.filter(version=in_force.in_force_version).update(status="failed", error="boom")
    client.force_login(staff)
    panel = next(p for p in client.get(reverse("home")).context["panels"] if p.template == "agreements/partials/panel.html")
    assert panel.context["rows"][0]["todo"]
