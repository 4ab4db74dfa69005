"""The city's seal on agreement PDFs: PAdES B-LTA through the demo PKI served over HTTP
(tests/pki_service.py), validated offline with pyHanko, poppler's pdfsig and pdfinfo, and the
public verification page's answer for an intact, a tampered and a foreign PDF."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import subprocess
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements import pdf, services
from agreements.models import AgreementRender
from kyodo import pki, seal
from tests.agreements import factories as af

pytestmark = pytest.mark.django_db


@pytest.fixture
def key():
    return pdf.register_seal_key()


@dataclass(frozen=True)
class Sealed:
    data: bytes
    number: str
    version: int
    content_hash: str


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def sealed(django_db_setup, django_db_blocker) -> Sealed:
    """One sealed PDF for the checks that only read it (sealing is the slow part): made in a
    transaction that is rolled back, so that every test still starts from an empty database."""
    from django.db import transaction

    from kyodo.tenancy import activate
    from tests import factories as f

    with django_db_blocker.unblock():
        try:
            with transaction.atomic(), activate(f.CityFactory(slug="yokohama", city_name="横浜市", preset="yokohama")):
                organisation, department = f.OrganisationFactory(name="港南台生き生きプレイパーク"), f.DepartmentFactory()
                staff, citizen = f.make_staff(department), f.make_citizen(organisation)
                agreement = af.draft(af.make_adopted_proposal(organisation, department), staff)
                af.agree_all(agreement, staff, citizen)
                af.sign_all(agreement, staff, citizen)  # its render, queued on commit, is rolled back with it
                version = agreement.in_force_version
                made = Sealed(pdf.render_agreement_pdf(version), agreement.number, version.number, version.content_hash)
                raise _Rollback
        except _Rollback:
            pass
    return made


@pytest.fixture
def offline(monkeypatch):
    """Any HTTP request pyHanko would make fails the test: the check must need no network."""
    import aiohttp

    async def refuse(*args, **kwargs):
        raise AssertionError(f"network used: {args[1:3]}")

    monkeypatch.setattr(aiohttp.ClientSession, "_request", refuse)


def _tool(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=False).stdout


def _attachment(data: bytes) -> dict:
    import io

    from pypdf import PdfReader

    files = PdfReader(io.BytesIO(data)).attachments
    return json.loads(files[pdf.AUDIT_FILE][0])


def _page(client, data: bytes) -> str:
    upload = SimpleUploadedFile("agreement.pdf", data, content_type="application/pdf")
    response = client.post(reverse("agreements:verify"), {"file": upload})
    assert response.status_code == 200
    return response.content.decode()


def test_sealed_pdf_validates_offline_with_pyhanko_and_poppler(sealed, key, offline, tmp_path):
    check = seal.check_seal(sealed.data, key=key)
    assert check.intact and check.trusted and check.by_city, check
    assert check.timestamp_valid and check.timestamped_at is not None
    assert check.ltv and check.document_timestamps >= 1  # B-LTA: DSS and a document timestamp
    assert not check.changed_after and check.valid
    assert "横浜市" in check.signer

    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealed.data)
    out = _tool("pdfsig", str(path))
    seal_part, timestamp_part = out.split("Signature #2:")  # the seal, then the document timestamp
    assert "ETSI.CAdES.detached" in seal_part and "横浜市" in seal_part, out
    assert "Signature Validation: Signature is Valid." in seal_part, out
    assert "Time Stamping Authority" in timestamp_part, out  # poppler lists it, but does not verify RFC 3161
    info = _tool("pdfinfo", str(path))
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert re.search(r"^Form:\s+AcroForm$", info, re.M), info


def test_sealed_pdf_keeps_pdf_a_3a_identification_language_and_metadata(sealed):
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(sealed.data))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp, xmp
    assert root["/Lang"] == "ja" and root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    producer = re.search(r'pdf:Producer="([^"]+)"', xmp).group(1)
    assert reader.trailer["/Info"]["/Producer"] == producer  # PDF/A: information dictionary = XMP
    assert "協働協定書" in reader.trailer["/Info"]["/Title"]


def test_audit_certificate_page_and_json_attachment(sealed, tmp_path):
    record = _attachment(sealed.data)
    assert record["format"] == pdf.AUDIT_FORMAT
    assert record["agreement"]["number"] == sealed.number and record["agreement"]["version"] == sealed.version
    assert record["agreement"]["content_sha256"] == sealed.content_hash
    parties = {p["label"]: p for p in record["parties"]}
    assert set(parties) == {"甲", "乙"}
    for party in parties.values():
        assert party["method"] == "electronic" and party["reauthenticated"]
        assert party["content_sha256"] == sealed.content_hash and party["signed_at"]
        assert party["ip_network"] == "192.0.2.0/24"  # the network, not the machine
    assert "192.0.2.10" not in json.dumps(record)

    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealed.data)
    last = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")[-2]
    text = re.sub(r"\s+", "", last)
    assert "合意締結証明書" in text and "192.0.2.0/24" in text and sealed.content_hash in text
    assert "電子署名（署名の直前に本人を再認証）" in text


def test_one_changed_byte_is_tampering(sealed, key, client):
    data = sealed.data
    marker = data.index(b"stream", len(data) // 4) + 200  # inside a sealed content stream
    tampered = data[:marker] + bytes([data[marker] ^ 0x01]) + data[marker + 1:]
    check = seal.check_seal(tampered, key=key)
    assert check.sealed and not check.intact and not check.valid
    body = _page(client, tampered)
    assert 'data-seal="tampered"' in body and "改ざんあり" in body
    assert 'data-verify="no-match"' in body


def test_a_pdf_sealed_with_another_key_is_not_the_city(in_force, key, client):
    unsealed, where = pdf.render_unsealed_pdf(in_force.in_force_version, sealed=True)
    other = seal.SealKey(pkcs12=key.pkcs12.with_name(f"{pki.city_label('odawara')}.p12"),
                         passphrase=key.passphrase, tsa_url=key.tsa_url, trust_roots=key.trust_roots)
    foreign = seal.seal_pdf(unsealed, key=other, where=where, signer_label="小田原市", location="小田原市")
    check = seal.check_seal(foreign, key=key)
    assert check.intact and not check.by_city and "小田原市" in check.signer
    body = _page(client, foreign)
    assert 'data-seal="foreign"' in body and "署名者は市ではありません" in body


def test_verification_page_confirms_the_registered_sealed_pdf(in_force, client, django_capture_on_commit_callbacks):
    render = services.render_run(version_id=in_force.in_force_version_id)
    data = render.file.open("rb").read()
    body = _page(client, data)
    assert 'data-verify="match"' in body and 'data-seal="valid"' in body
    assert "公開一覧のものと一致しました" in body and "電子シールは有効です" in body
    assert "タイムスタンプ" in body


def test_paper_scan_hash_still_matches(agreement, staff, citizen, client, django_capture_on_commit_callbacks):
    scan = b"%PDF-1.4 scan of the paper copy with both seals"
    af.agree_all(agreement, staff, citizen)
    version = agreement.current_version
    with django_capture_on_commit_callbacks(execute=False):
        services.agreement_sign_electronic(
            agreement=agreement, party=af.city_party(agreement), version=version,
            content_hash=version.content_hash, by=staff, reauthenticated=True,
        )
        services.agreement_record_paper_signature(
            agreement=agreement, party=af.group_party(agreement), version=version,
            scan=SimpleUploadedFile("scan.pdf", scan, content_type="application/pdf"),
            signer_name="代表 山田花子", signer_title="代表", signed_on=datetime.date(2026, 4, 1), by=staff,
        )
    body = _page(client, scan)
    assert 'data-verify="match"' in body and 'data-verify-scan="match"' in body
    assert 'data-seal="none"' in body or 'data-seal="unreadable"' in body  # a scan carries no seal
    assert hashlib.sha256(scan).hexdigest() in body


def test_an_amendment_is_sealed_as_its_own_document_and_the_old_seal_stays_valid(
    in_force, key, staff, citizen, django_capture_on_commit_callbacks
):
    first = services.render_run(version_id=in_force.in_force_version_id)
    old_pdf = first.file.open("rb").read()
    with django_capture_on_commit_callbacks(execute=False):
        version = services.agreement_amend(agreement=in_force, by=staff, note="期間の延長")
        content = af.edit_content(version, purpose=af.PURPOSE + "（延長）")
        services.agreement_propose_edit(agreement=in_force, content=content, by=staff)
        af.agree_all(in_force, staff, citizen)
        af.sign_all(in_force, staff, citizen)
    in_force.refresh_from_db()
    amended = in_force.in_force_version
    assert amended.amends_id == first.version_id
    second = services.render_run(version_id=amended.pk)
    new_pdf = second.file.open("rb").read()
    assert second.sha256 != first.sha256
    new_check, old_check = seal.check_seal(new_pdf, key=key), seal.check_seal(old_pdf, key=key)
    assert new_check.valid and old_check.valid
    assert _attachment(new_pdf)["agreement"]["amends_version"] == first.version.number
    assert services.verify_pdf(sha256=first.sha256) == AgreementRender.objects.get(pk=first.pk)


@pytest.mark.parametrize("cut", [None, 0.5, 0.9])
def test_a_broken_pdf_gets_an_answer_not_an_error(sealed, client, cut):
    data = b"%PDF-1.7\n" + bytes(range(256)) * 40 if cut is None else sealed.data[: int(len(sealed.data) * cut)]
    body = _page(client, data)
    assert 'data-seal="unreadable"' in body or 'data-seal="tampered"' in body or 'data-seal="none"' in body


def test_a_self_made_certificate_naming_the_city_is_not_the_city(in_force, key, client):
    """A forger's own certificate for 横浜市: the seal is intact, but it does not lead to the
    city's trusted root."""
    import io

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "横浜市"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "横浜市 文書署名用")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(private.public_key())
            .serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365)).sign(private, hashes.SHA256()))
    p12 = pkcs12.serialize_key_and_certificates(b"forger", private, cert, None, serialization.NoEncryption())
    signer = signers.SimpleSigner.load_pkcs12_data(p12, other_certs=[])
    unsealed, _where = pdf.render_unsealed_pdf(in_force.in_force_version, sealed=True)
    out = io.BytesIO()
    signers.PdfSigner(signers.PdfSignatureMetadata(field_name="Forged"), signer=signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(unsealed)), output=out)
    forged = out.getvalue()

    check = seal.check_seal(forged, key=key)
    assert check.intact and "横浜市" in check.signer and not check.trusted and not check.by_city
    body = _page(client, forged)
    assert 'data-seal="foreign"' in body and "署名者は市ではありません" in body
