"""The demo PKI (kyodo.pki) for the tests: its TSA, OCSP responder, CRL and certificate
repository served over real HTTP on a free port for the whole session, so that every seal the
tests make travels through real RFC 3161 and OCSP requests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

ENVIRONMENT = ("KYODO_DEMO_PKI_DIR", "KYODO_DEMO_PKI_URL", "KYODO_SEAL_PKCS12", "KYODO_TSA_URL", "KYODO_SEAL_TRUST_ROOTS")


@pytest.fixture(scope="session", autouse=True)
def demo_pki(tmp_path_factory) -> Iterator[str]:
    from django.test import override_settings

    from kyodo import pki

    directory = tmp_path_factory.mktemp("pki")
    with pki.serving(directory) as url:
        # Processes the tests start (a Celery worker, the demo scripts) seal through it as well.
        saved = {name: os.environ.get(name) for name in ENVIRONMENT}
        os.environ.update(KYODO_DEMO_PKI_DIR=str(directory), KYODO_DEMO_PKI_URL=url)
        for name in ("KYODO_SEAL_PKCS12", "KYODO_TSA_URL", "KYODO_SEAL_TRUST_ROOTS"):
            os.environ.pop(name, None)
        try:
            with override_settings(
                KYODO_SEAL_PKCS12="", KYODO_TSA_URL="", KYODO_SEAL_TRUST_ROOTS=[],
                KYODO_DEMO_PKI_DIR=directory, KYODO_DEMO_PKI_URL=url,
            ):
                yield url
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
