"""Rendering an agreement version to a sealed, tagged PDF/A-3a. Plain functions: tests and the
demo call them directly, the Celery task stores the result.

`render_agreement_pdf` = WeasyPrint (tagged PDF/A-3a, language ja, title; the audit record
embedded as a JSON associated file) → `kyodo.seal.seal_pdf` (the city's PAdES B-LTA seal, its
visible block drawn where the template's `#seal` box lies on the audit certificate page)."""

from __future__ import annotations

import ipaddress
import json
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from kyodo import seal
from kyodo.models import City
from kyodo.tenancy import current_city

from . import content as c
from .models import AgreementVersion, Signature
from .wareki import wareki

AUDIT_FILE = "kyodo-audit.json"
AUDIT_FORMAT = "kyodo-agreement-audit/1"
# WeasyPrint's layout is in CSS pixels (96 per inch), PDF's in points (72 per inch).
PT_PER_PX = 72 / 96


def city_of(version: AgreementVersion) -> City:
    """The city whose seal the version's PDF carries: the agreement's city."""
    return version.city


def register_seal_key() -> seal.SealKey | None:
    """The seal the register's PDFs carry: the current city's."""
    return seal.city_seal_key(current_city())


def ip_network(address: str | None) -> str:
    """The network an address belongs to (IPv4 /24, IPv6 /48): the PDF is published in the
    register, so it shows where a signature came from without naming the machine; the full
    address stays in the portal's audit trail."""
    if not address:
        return ""
    ip = ipaddress.ip_address(address)
    return str(ipaddress.ip_network(f"{ip}/{24 if ip.version == 4 else 48}", strict=False))


def audit_record(version: AgreementVersion) -> dict:
    """The audit certificate (合意締結証明書): who agreed to which text, how and when. The PDF's
    last page shows it; the same record is embedded as the JSON attachment."""
    agreement = version.agreement
    names = c.party_names(version.content)
    marks = {m.party_id: m for m in version.party_agreements.all()}
    parties = []
    for s in Signature.objects.filter(version=version).select_related("party").order_by("party__order"):
        mark = marks.get(s.party_id)
        parties.append({
            "label": s.party.label,
            "name": names.get(s.party.label, s.party.name),
            "signer_name": s.signer_name,
            "signer_title": s.signer_title,
            "method": s.kind,
            "reauthenticated": s.kind == Signature.Kind.ELECTRONIC,
            "signed_at": timezone.localtime(s.signed_at).isoformat(),
            "ip_network": ip_network(s.ip_address),
            "content_sha256": s.content_hash,
            "scan_sha256": s.scan_sha256 or None,
            "agreed_at": timezone.localtime(mark.agreed_at).isoformat() if mark else None,
        })
    in_force = agreement.in_force_version_id == version.pk and agreement.in_force_at
    return {
        "format": AUDIT_FORMAT,
        "agreement": {
            "number": agreement.number,
            "title": version.content.get("title") or agreement.title,
            "version": version.number,
            "amends_version": version.amends.number if version.amends_id else None,
            "content_sha256": version.content_hash,
            "in_force_at": timezone.localtime(agreement.in_force_at).isoformat() if in_force else None,
        },
        "parties": parties,
    }


def pdf_context(version: AgreementVersion) -> dict:
    data = version.content
    start, end = c.parse_date(data.get("period_start")), c.parse_date(data.get("period_end"))
    names = c.party_names(data)
    audit = audit_record(version)
    signatures = []
    for p in audit["parties"]:
        at = datetime.fromisoformat(p["signed_at"])
        signatures.append({**p, "kind": Signature.Kind(p["method"]).label, "at": wareki(at), "time": at.strftime("%H:%M:%S")})
    return {
        "version": version,
        "agreement": version.agreement,
        "c": data,
        "city": city_of(version),
        "names": names,
        "period_start": wareki(start) if start else "",
        "period_end": wareki(end) if end else "",
        "roles": [{**r, "party_name": names.get(r["party"], "")} for r in data.get("roles", [])],
        "costs": [{**r, "party_name": names.get(r["party"], "")} for r in data.get("costs", [])],
        "totals": [(label, names.get(label, ""), amount) for label, amount in c.cost_totals(data) if label],
        "grand_total": c.cost_totals(data)[-1][1],
        "schedule": [
            {**m, "date_text": wareki(c.parse_date(m["date"])) if c.parse_date(m["date"]) else m["date"]}
            for m in data.get("review_schedule", [])
        ],
        "template_label": c.TemplateType(data.get("template_type") or "none").label,
        "signatures": signatures,
        "audit_file": AUDIT_FILE,
        "agreed_on": wareki(timezone.localtime(version.agreement.in_force_at)) if version.agreement.in_force_at
        and version.agreement.in_force_version_id == version.pk else "",
    }


def render_agreement_html(version: AgreementVersion, *, sealed: bool = False) -> str:
    with translation.override("ja"):
        return render_to_string("pdf/agreement.html", {**pdf_context(version), "sealed": sealed})


def render_unsealed_pdf(version: AgreementVersion, *, sealed: bool = False) -> tuple[bytes, seal.SealBox | None]:
    """The tagged PDF/A-3a with the audit record attached, and where the seal's block goes."""
    from weasyprint import HTML, Attachment

    with translation.override("ja"):
        record = json.dumps(audit_record(version), ensure_ascii=False, indent=2)
    document = HTML(string=render_agreement_html(version, sealed=sealed), base_url=None).render()
    data = document.write_pdf(
        pdf_variant="pdf/a-3a", uncompressed_pdf=False, optimize_images=True,
        finisher=_leave_producer_to_seal if sealed else None,
        attachments=[Attachment(
            string=record, name=AUDIT_FILE, relationship="Data",
            description="合意締結証明書（機械可読）",
        )],
    )
    return data, _seal_box(document)


def _leave_producer_to_seal(document, pdf) -> None:
    """pyHanko appends its name to the information dictionary's producer but writes only its
    own into the XMP metadata; PDF/A wants both alike, so the seal writes the entry alone."""
    pdf.info.pop("Producer", None)


def _seal_box(document) -> seal.SealBox | None:
    for index, page in enumerate(document.pages):
        if "seal" in page.anchors:
            x1, y1, x2, y2 = page.anchors["seal"]
            height = page.height * PT_PER_PX
            return seal.SealBox(page=index, box=(
                round(x1 * PT_PER_PX), round(height - y2 * PT_PER_PX),
                round(x2 * PT_PER_PX), round(height - y1 * PT_PER_PX),
            ))
    return None


def render_agreement_pdf(version: AgreementVersion) -> bytes:
    """A4, Japanese fonts embedded and subset, tagged PDF/A-3a, sealed by the city (PAdES B-LTA)
    when a seal is configured."""
    city = city_of(version)
    key = seal.city_seal_key(city)
    data, where = render_unsealed_pdf(version, sealed=key is not None)
    if key is None:
        return data
    return seal.seal_pdf(data, key=key, where=where, signer_label=city.city_name, location=city.city_name)
