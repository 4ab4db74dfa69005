"""Rendering an agreement version to PDF/A-3b with WeasyPrint. A plain function: tests and the
demo call it directly, the Celery task stores its result."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import content as c
from .models import AgreementVersion, Signature
from .wareki import wareki


def pdf_context(version: AgreementVersion) -> dict:
    data = version.content
    start, end = c.parse_date(data.get("period_start")), c.parse_date(data.get("period_end"))
    names = c.party_names(data)
    signatures = [
        {
            "party": s.party.label, "party_name": names.get(s.party.label, s.party.name),
            "kind": s.get_kind_display(), "name": s.signer_name, "title": s.signer_title,
            "at": wareki(timezone.localtime(s.signed_at)), "time": timezone.localtime(s.signed_at).strftime("%H:%M:%S"),
            "ip": s.ip_address or "", "hash": s.content_hash, "scan_sha256": s.scan_sha256,
        }
        for s in Signature.objects.filter(version=version).select_related("party").order_by("party__order")
    ]
    return {
        "version": version,
        "agreement": version.agreement,
        "c": data,
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
        "agreed_on": wareki(timezone.localtime(version.agreement.in_force_at)) if version.agreement.in_force_at
        and version.agreement.in_force_version_id == version.pk else "",
    }


def render_agreement_html(version: AgreementVersion) -> str:
    with translation.override("ja"):
        return render_to_string("pdf/agreement.html", pdf_context(version))


def render_agreement_pdf(version: AgreementVersion) -> bytes:
    """A4, Japanese fonts embedded and subset, PDF/A-3b."""
    from weasyprint import HTML

    html = render_agreement_html(version)
    return HTML(string=html, base_url=None).write_pdf(
        pdf_variant="pdf/a-3b", uncompressed_pdf=False, optimize_images=True,
    )
