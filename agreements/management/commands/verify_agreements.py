"""Check every agreement in force against its own hashes: the version's content, each
signature's hash of what was signed, and the stored PDF's bytes. Run it after a restore."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement, AgreementRender, content_sha256
from kyodo.models import City
from kyodo.storage import sha256_of
from kyodo.tenancy import activate


def problems_of(agreement: Agreement, render: AgreementRender | None) -> list[str]:
    """What does not match its hash in `agreement`'s version in force and its `render`."""
    version = agreement.in_force_version
    found = []
    if content_sha256(version.content) != version.content_hash:
        found.append("the content does not match its hash")
    for signature in version.signatures.all():
        if signature.content_hash != version.content_hash:
            found.append(f"signature {signature.pk} is for other content")
    if render is not None:
        with render.file.open("rb") as stream:
            if sha256_of(stream) != render.sha256:
                found.append("the stored PDF does not match its hash")
    return found


class Command(BaseCommand):
    help = "Check every city's agreements in force: content hash, signatures, and the stored PDF's SHA-256."

    def handle(self, *args, **options) -> None:
        checked, pdfs, bad = 0, 0, []
        for city in City.objects.order_by("pk"):
            with activate(city):
                agreements = Agreement.objects.filter(in_force_version__isnull=False).select_related("in_force_version")
                for agreement in agreements.order_by("pk").iterator():
                    checked += 1
                    render = AgreementRender.objects.filter(
                        version_id=agreement.in_force_version_id, status=AgreementRender.Status.READY).first()
                    pdfs += render is not None
                    bad += [f"{city.slug} {agreement.number}: {problem}" for problem in problems_of(agreement, render)]
        if bad:
            raise CommandError("\n".join(bad))
        self.stdout.write(f"{checked} agreements in force intact ({pdfs} PDFs checked)")
