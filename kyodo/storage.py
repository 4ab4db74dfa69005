"""Where each kind of stored file lives, in one place: one function per kind.

Files go through Django's storage API (`STORAGES["default"]`): the file system under
`MEDIA_ROOT` on the embedded default, an S3-compatible object store in production
(`AWS_STORAGE_BUCKET_NAME`, see the README). Either way a name is a key inside that store,
never a URL: files are served only by the views that check permission.

Names never contain what a user typed (an uploaded file's own name is kept as data), and
every name starts with its city's folder (`cities/<slug>/`): a city's files are its own.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from agreements.models import AgreementVersion, Signature
    from projects.models import ProposalAttachment


def sha256_of(stream) -> str:
    """The SHA-256 of a stored file's bytes, read a megabyte at a time (a backup's copy, a
    render's PDF)."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _suffix(filename: str) -> str:
    return PurePosixPath(filename).suffix.lower()[:10]


def _city(row) -> str:
    return f"cities/{row.city.slug}"


def attachment_path(attachment: ProposalAttachment, filename: str) -> str:
    """A file attached to a proposal."""
    return f"{_city(attachment)}/proposals/{attachment.proposal_id}/{uuid.uuid4().hex}{_suffix(filename)}"


def scan_path(signature: Signature, filename: str) -> str:
    """The scan of a paper copy sealed by a party."""
    return f"{_city(signature)}/agreements/scans/{timezone.localdate():%Y}/{uuid.uuid4().hex}{_suffix(filename)}"


def agreement_pdf_path(version: AgreementVersion, sha256: str) -> str:
    """An agreement version's PDF, by content address: the same bytes land in the same file."""
    return f"{_city(version)}/agreements/pdf/{version.agreement.number}-v{version.number}-{sha256}.pdf"
