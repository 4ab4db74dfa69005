"""Files through the storage API: on an S3-compatible object store (moto's S3 in process) the
attachments, seal scans and agreement PDFs land under the paths kyodo.storage gives, in a
private bucket, and are served only through the permission-checking views."""

from __future__ import annotations

import datetime
import hashlib

import boto3
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws

from agreements import services as agreement_services
from agreements.models import AgreementRender
from kyodo import storage
from projects.models import ProposalAttachment
from tests.agreements import factories as af
from tests.projects.factories import CallFactory, ProposalFactory

BUCKET = "kyodo-test"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def s3(settings):
    with mock_aws():
        client = boto3.client("s3", region_name="ap-northeast-1")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
                "bucket_name": BUCKET, "region_name": "ap-northeast-1", "default_acl": None,
                "querystring_auth": True, "querystring_expire": 60, "file_overwrite": False,
            }},
        }
        storages._storages = {}  # the storage handler caches backends by alias
        try:
            yield client
        finally:
            storages._storages = {}


def keys(client) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_attachment_goes_to_the_bucket_and_only_its_readers_download_it(s3, client, department, organisation,
                                                                        citizen, other_citizen):
    draft = ProposalFactory(call=CallFactory(department=department), organisation=organisation, created_by=citizen)
    client.force_login(citizen)
    response = client.post(reverse("projects:attachment_upload", args=[draft.pk]),
                           {"file": SimpleUploadedFile("計画書.pdf", PDF, "application/pdf"), "description": "資料"})
    assert response.status_code == 302
    attachment = ProposalAttachment.objects.get()
    assert keys(s3) == [attachment.file.name]
    assert attachment.file.name.startswith(f"cities/yokohama/proposals/{draft.pk}/") and "計画書" not in attachment.file.name
    url = reverse("projects:attachment_download", args=[attachment.pk])
    assert b"".join(client.get(url).streaming_content) == PDF
    client.force_login(other_citizen)
    assert client.get(url).status_code == 404
    # The bucket itself is private: no anonymous read.
    acl = s3.get_object_acl(Bucket=BUCKET, Key=attachment.file.name)
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith("AllUsers")]


def test_agreement_pdf_and_seal_scan_go_to_the_bucket(s3, client, department, organisation, staff, citizen,
                                                      django_capture_on_commit_callbacks):
    agreement = af.draft(af.make_adopted_proposal(organisation, department), staff)
    af.agree_all(agreement, staff, citizen)
    version = agreement.current_version
    scan = SimpleUploadedFile("押印済み.pdf", PDF, "application/pdf")
    with django_capture_on_commit_callbacks(execute=False):
        signature = agreement_services.agreement_record_paper_signature(
            agreement=agreement, party=af.group_party(agreement), version=version, scan=scan,
            signer_name="代表 山田", signer_title="代表", signed_on=datetime.date(2026, 5, 1), by=staff,
        )
        af.sign_all(agreement, staff, citizen)
    assert signature.scan.name.startswith("cities/yokohama/agreements/scans/") and "押印" not in signature.scan.name
    assert s3.get_object(Bucket=BUCKET, Key=signature.scan.name)["Body"].read() == PDF
    render = agreement_services.render_run(version_id=version.pk)
    assert render.status == AgreementRender.Status.READY
    assert render.file.name == storage.agreement_pdf_path(version, render.sha256)
    stored = s3.get_object(Bucket=BUCKET, Key=render.file.name)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == render.sha256
    downloaded = client.get(reverse("agreements:register_pdf", args=[agreement.pk]))
    assert hashlib.sha256(b"".join(downloaded.streaming_content)).hexdigest() == render.sha256
