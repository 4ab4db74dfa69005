"""The PDF itself, checked with poppler's pdffonts and pdftotext."""

from __future__ import annotations

import re
import subprocess

import pytest

from agreements import services
from agreements.pdf import render_agreement_pdf
from tests.agreements import factories as af

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf_file(in_force, tmp_path):
    path = tmp_path / "agreement.pdf"
    path.write_bytes(render_agreement_pdf(in_force.in_force_version))
    return path


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_japanese_font_is_embedded_and_subset(pdf_file):
    out = subprocess.run(["pdffonts", str(pdf_file)], capture_output=True, text=True, check=True).stdout
    rows = [line for line in out.splitlines()[2:] if line.strip()]
    cjk = [r for r in rows if "IPAex" in r or "CJK" in r]
    assert cjk, out
    for row in cjk:
        # columns: name type encoding emb sub uni object
        assert re.search(r"\byes\s+yes\s+yes\b", row), row
        assert re.match(r"^[A-Z]{6}\+", row), row  # subset prefix


def test_text_has_purpose_parties_hash_and_article_numbers(pdf_file, in_force, department, organisation):
    text = re.sub(r"\s+", "", _text(pdf_file))
    version = in_force.in_force_version
    assert af.PURPOSE in text
    assert department.name in text and organisation.name in text
    assert version.content_hash in text
    assert "第1条" in text and "第14条" in text
    assert "令和8年4月1日(2026年4月1日)" in text or "令和8年4月1日（2026年4月1日）" in text


def test_page_numbers_and_signature_records(pdf_file, in_force):
    raw = _text(pdf_file)
    pages = raw.count("\f")
    assert pages >= 3
    assert re.search(rf"\b1\s*/\s*{pages}\b", raw) and re.search(rf"\b{pages}\s*/\s*{pages}\b", raw)
    assert raw.count("署名者") == 2
    # The PDF is published: it shows the network a signature came from, the address itself
    # stays in the portal's audit record.
    assert "192.0.2.10" not in raw and "192.0.2.0/24" in raw


def test_is_tagged_pdf_a_3a(pdf_file):
    from pypdf import PdfReader

    root = PdfReader(pdf_file).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[^0-9]{0,3}3", xmp) and re.search(r"pdfaid:conformance[^A-Z]{0,3}A", xmp), xmp
    assert root["/OutputIntents"] and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "ja"
    out = subprocess.run(["pdfinfo", str(pdf_file)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", out, re.M), out


def test_role_table_header_repeats_across_pages(agreement, staff, tmp_path):
    rows = [{"task": f"プレーリーダーの配置と安全管理 その{i}", "party": "乙"} for i in range(80)]
    content = af.edit_content(agreement.current_version, roles=rows)
    version = services.agreement_propose_edit(agreement=agreement, content=content, by=staff)
    path = tmp_path / "long.pdf"
    path.write_bytes(render_agreement_pdf(version))
    pages = _text(path).split("\f")
    pages_with_rows = [p for p in pages if "プレーリーダーの配置" in p]
    assert len(pages_with_rows) >= 2
    assert all("役割" in p and "担当" in p for p in pages_with_rows)


def test_amounts_read_as_on_the_page(in_force, tmp_path):
    """One yen formatter (kyodo.text.yen) for pages, clauses and the PDF: 80,000円, never 80000円."""
    from agreements.content import clauses

    version = in_force.in_force_version
    version.content["costs"] = [{"item": "会場費", "amount": 80000, "party": "甲"}]
    path = tmp_path / "agreement.pdf"
    path.write_bytes(render_agreement_pdf(version))
    text = re.sub(r"\s+", "", _text(path))
    assert "80,000円" in text and "80000円" not in text
    costs = next(c for c in clauses(version.content) if c.key == "costs")
    assert "会場費：80,000円" in costs.text


def test_form_and_template_of_collaboration_are_labelled(in_force):
    from agreements.content import clauses

    form = next(c for c in clauses(in_force.in_force_version.content) if c.key == "collaboration_form")
    assert form.text.splitlines()[0].startswith("協働の形態：")
    assert form.text.splitlines()[1].startswith("協定の類型：")
