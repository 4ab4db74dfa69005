"""Attachments: size limit, type by content, stored outside the web root, served only to those allowed."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import ProposalAttachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, proposal, name, content, content_type="application/octet-stream"):
    return client.post(
        reverse("projects:attachment_upload", args=[proposal.pk]),
        {"file": SimpleUploadedFile(name, content, content_type=content_type), "description": "資料"},
    )


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [("計画書.pdf", PDF, "application/pdf"), ("写真.png", PNG, "image/png"),
     ("計画.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")],
)
def test_accepted_types_are_stored_under_media_root_with_random_names(client, draft, citizen, name, content, mime):
    client.force_login(citizen)
    assert upload(client, draft, name, content).status_code == 302
    attachment = ProposalAttachment.objects.get()
    assert attachment.content_type == mime
    assert attachment.original_name == name
    path = attachment.file.path
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert name not in path


def test_type_is_checked_by_content_not_by_name(client, draft, citizen):
    client.force_login(citizen)
    response = upload(client, draft, "invoice.pdf", b"MZ\x90\x00 this is an executable", "application/pdf")
    assert response.status_code == 400
    assert not ProposalAttachment.objects.exists()


def test_html_disguised_as_image_is_refused(client, draft, citizen):
    client.force_login(citizen)
    assert upload(client, draft, "a.png", b"<html><script>alert(1)</script></html>", "image/png").status_code == 400


def test_size_limit(client, draft, citizen, settings):
    settings.KYODO_MAX_UPLOAD_BYTES = 100
    client.force_login(citizen)
    response = upload(client, draft, "big.pdf", PDF + b"0" * 200)
    assert response.status_code == 400
    assert not ProposalAttachment.objects.exists()


def test_download_is_an_attachment_for_those_allowed(client, draft, citizen, other_citizen, staff):
    client.force_login(citizen)
    upload(client, draft, "計画書.pdf", PDF)
    attachment = ProposalAttachment.objects.get()
    download = reverse("projects:attachment_download", args=[attachment.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    for user in (other_citizen, staff):  # staff do not see drafts
        client.force_login(user)
        assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302


def test_media_is_not_served_by_url(client):
    assert client.get("/media/anything.pdf").status_code == 404


def test_attachments_cannot_be_added_after_submission(client, submitted, citizen):
    client.force_login(citizen)
    assert upload(client, submitted, "a.pdf", PDF).status_code == 403


def test_remove_attachment_deletes_the_file_after_commit(client, draft, citizen, django_capture_on_commit_callbacks):
    client.force_login(citizen)
    upload(client, draft, "a.pdf", PDF)
    attachment = ProposalAttachment.objects.get()
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("projects:attachment_delete", args=[attachment.pk]))
    assert not ProposalAttachment.objects.exists()
    assert not os.path.exists(path)
