"""Serve the demo PKI (kyodo.pki): the TSA, OCSP responder, CRL and certificate repository the
demo's seals are made and checked with. `scripts/demo.sh` runs it in the background."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kyodo import pki


class Command(BaseCommand):
    help = "Serve the demo PKI's timestamping authority, OCSP responder and CRL over HTTP."

    def handle(self, *args, **options) -> None:
        from werkzeug.serving import run_simple

        if settings.KYODO_DEMO_PKI_DIR is None:
            raise CommandError("The demo PKI is not used in production: configure KYODO_SEAL_PKCS12 and KYODO_TSA_URL.")
        url = urlsplit(settings.KYODO_DEMO_PKI_URL)
        cfg = pki.ensure(Path(settings.KYODO_DEMO_PKI_DIR), settings.KYODO_DEMO_PKI_URL)
        self.stdout.write(f"Demo PKI at {settings.KYODO_DEMO_PKI_URL} (TSA {pki.tsa_url(settings.KYODO_DEMO_PKI_URL)})")
        run_simple(url.hostname or "127.0.0.1", url.port or 80, pki.wsgi_app(cfg), threaded=True)
