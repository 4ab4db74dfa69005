"""The demo PKI (kyodo.pki) for the tests: its TSA, OCSP responder, CRL and certificate
repository served over real HTTP on a free port for the whole session, so that every seal the
tests make travels through real RFC 3161 and OCSP requests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def demo_pki(tmp_path_factory) -> Iterator[str]:
    from django.test import override_settings

    from kyodo import pki

    directory = tmp_path_factory.mktemp("pki")
    with pki.serving(directory) as url:
        with override_settings(
            KYODO_SEAL_PKCS12="", KYODO_TSA_URL="", KYODO_SEAL_TRUST_ROOTS=[],
            KYODO_DEMO_PKI_DIR=directory, KYODO_DEMO_PKI_URL=url,
        ):
            yield url
