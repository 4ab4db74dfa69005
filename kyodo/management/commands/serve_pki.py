"""Serve the demo PKI (kyodo.pki): the TSA, OCSP responder, CRL and certificate repository the
demo's seals are made with. `scripts/demo.sh` runs it in the background; `--ready` waits until
it answers (the demo data's agreement is sealed while loading)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kyodo import pki


class Command(BaseCommand):
    help = "Serve the demo PKI's timestamping authority, OCSP responder and CRL over HTTP."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--ready", action="store_true", help="Wait (up to 60 s) until the demo PKI answers.")

    def handle(self, *args, ready: bool, **options) -> None:
        if settings.KYODO_DEMO_PKI_DIR is None:
            raise CommandError("The demo PKI is not used in production: configure KYODO_SEAL_PKCS12 and KYODO_TSA_URL.")
        if ready:
            return self._wait()
        from werkzeug.serving import run_simple

        url = urlsplit(settings.KYODO_DEMO_PKI_URL)
        cfg = pki.ensure(Path(settings.KYODO_DEMO_PKI_DIR), settings.KYODO_DEMO_PKI_URL)
        self.stdout.write(f"Demo PKI at {settings.KYODO_DEMO_PKI_URL} (TSA {pki.tsa_url(settings.KYODO_DEMO_PKI_URL)})")
        run_simple(url.hostname or "127.0.0.1", url.port or 80, pki.wsgi_app(cfg), threaded=True)

    def _wait(self) -> None:
        crl = pki.crl_url(settings.KYODO_DEMO_PKI_URL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(crl, timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise CommandError(f"The demo PKI does not answer at {crl}.")
