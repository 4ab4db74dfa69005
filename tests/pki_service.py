"""The demo PKI (kyodo.pki) for the tests: its TSA, OCSP responder, CRL and certificate
repository served over real HTTP on a free port for the whole session, so that every seal the
tests make travels through real RFC 3161 and OCSP requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class DemoPki:
    directory: Path
    url: str


@pytest.fixture(scope="session", autouse=True)
def demo_pki(tmp_path_factory) -> Iterator[DemoPki]:
    from django.test import override_settings
    from werkzeug.serving import make_server

    from kyodo import pki

    directory = tmp_path_factory.mktemp("pki")
    server = make_server("127.0.0.1", 0, app=None, threaded=True)  # the port first: it is in the certificates
    url = f"http://127.0.0.1:{server.server_port}"
    server.app = pki.wsgi_app(pki.ensure(directory, url))
    thread = threading.Thread(target=server.serve_forever, name="demo-pki", daemon=True)
    thread.start()
    overrides = override_settings(
        KYODO_SEAL_PKCS12="", KYODO_TSA_URL="", KYODO_SEAL_TRUST_ROOTS=[],
        KYODO_DEMO_PKI_DIR=directory, KYODO_DEMO_PKI_URL=url,
    )
    overrides.enable()
    try:
        yield DemoPki(directory=directory, url=url)
    finally:
        overrides.disable()
        server.shutdown()
        thread.join(timeout=5)
