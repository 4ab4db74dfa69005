"""The demo PKI: a local root CA, a document-signing certificate per city, a timestamping
authority (RFC 3161), an OCSP responder and a CRL, described for certomancer and served over
real HTTP by `manage.py serve_pki` (the demo) or a test fixture (on a free port).

Only the demo and the tests use it. A city in production brings its own PKCS#12 and TSA URL
(see `kyodo.seal`); nothing here runs then.

The keys are made once. The root's and the cities' are RSA, so that every process that loads
the configuration derives the very same certificates (RSA PKCS#1 v1.5 signatures are
deterministic). The TSA's and the OCSP responder's are P-256: they sign only their answers, and
certomancer parses the key again for every answer it signs — with RSA that parse checks the key,
40 ms of the service's CPU per request, with ECDSA a tenth of a millisecond. The portal reads
only files — the root certificate and each city's PKCS#12 — exactly as it would read a city's own.
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

ARCH = "kyodo"
ROOT = "root"
TSA = "tsa"
OCSP = "ocsp"
# The demo's passphrase for every PKCS#12 it writes (the demo PKI is public by design).
DEMO_PASSPHRASE = "kyodo-demo-pki"
# One document-signing certificate per city the presets know (kyodo.models.City.Preset).
CITIES = {
    "yokohama": "横浜市",
    "odawara": "小田原市",
    "yoshikawa": "吉川市",
    "custom": "Kyodo デモ市",
}
VALIDITY = {"valid-from": "2024-01-01T00:00:00+0000", "valid-to": "2045-01-01T00:00:00+0000"}
# The services' own keys (P-256, see above). Their files are named for it, so that a demo PKI made
# when they were RSA gets new ones while its root and the cities' keys stay: PDFs sealed before
# still validate.
RESPONDERS = (TSA, OCSP)


def city_label(preset: str) -> str:
    return f"city-{preset}"


def tsa_url(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/{ARCH}/tsa/{TSA}"


def crl_url(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/{ARCH}/crls/{ROOT}/latest.crl"


def _extension(kind: str, params) -> dict:
    schemas = {"crl": "crl-dist-url", "aia": "aia-urls", "usage": "key-usage"}
    ids = {"crl": "crl_distribution_points", "aia": "authority_information_access", "usage": "key_usage"}
    ext = {"id": ids[kind], "smart-value": {"schema": schemas[kind], "params": params}}
    if kind == "usage":
        ext["critical"] = True
    return ext


def config(base_url: str) -> dict:
    """The certomancer configuration of the demo PKI, with its URLs under `base_url`."""
    revocation = [
        _extension("crl", {"crl-repo-names": [ROOT]}),
        _extension("aia", {"ocsp-responder-names": [ROOT]}),
    ]
    entities = {
        ROOT: {"common-name": "Kyodo Demo Root CA"},
        TSA: {"common-name": "Kyodo Demo Time Stamping Authority"},
        OCSP: {"common-name": "Kyodo Demo OCSP Responder"},
    }
    certs: dict = {
        ROOT: {
            "subject": ROOT, "issuer": ROOT, "authority-key": ROOT,
            "validity": {"valid-from": "2024-01-01T00:00:00+0000", "valid-to": "2060-01-01T00:00:00+0000"},
            "extensions": [
                {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
                _extension("usage", ["digital_signature", "key_cert_sign", "crl_sign"]),
            ],
        },
        TSA: {
            "issuer": ROOT, "validity": VALIDITY,
            "extensions": [
                _extension("usage", ["digital_signature"]),
                {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
                *revocation,
            ],
        },
        OCSP: {
            "issuer": ROOT, "validity": VALIDITY,
            "extensions": [
                _extension("usage", ["digital_signature"]),
                {"id": "extended_key_usage", "critical": True, "value": ["ocsp_signing"]},
                {"id": "ocsp_no_check"},
            ],
        },
    }
    for preset, name in CITIES.items():
        label = city_label(preset)
        entities[label] = {"organization-name": name, "common-name": f"{name} 文書署名用（デモ）"}
        certs[label] = {
            "issuer": ROOT, "validity": VALIDITY,
            "extensions": [_extension("usage", ["digital_signature", "non_repudiation"]), *revocation],
        }
    keys = {label: {"path": f"{label}.ec.key.pem" if label in RESPONDERS else f"{label}.key.pem"} for label in entities}
    return {
        "external-url-prefix": base_url.rstrip("/"),
        "keysets": {ARCH: {"path-prefix": "keys", "keys": keys}},
        "pki-architectures": {ARCH: {
            "keyset": ARCH,
            "entity-defaults": {"country-name": "JP", "organization-name": "Kyodo Demo PKI"},
            "entities": entities,
            "certs": certs,
            "services": {
                "ocsp": {ROOT: {"for-issuer": ROOT, "responder-cert": OCSP, "signing-key": OCSP}},
                "crl-repo": {ROOT: {"for-issuer": ROOT, "signing-key": ROOT, "simulated-update-schedule": "P7D"}},
                "time-stamping": {TSA: {"signing-key": TSA, "signing-cert": TSA}},
            },
        }},
    }


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_private(path: Path, data: bytes) -> None:
    path.touch(mode=0o600, exist_ok=True)
    path.write_bytes(data)


def ensure(directory: Path, base_url: str) -> Path:
    """Create (once) the keys, the configuration and the exported files of the demo PKI in
    `directory`; rewrite the configuration and exports when `base_url` changed. Returns the
    configuration file. Safe to call from several processes at once."""
    cfg_file = directory / "certomancer.yml"
    stamp = directory / "exported.json"
    cfg = config(base_url)
    with _locked(directory):
        keys = directory / "keys"
        keys.mkdir(exist_ok=True)
        for label, entry in cfg["keysets"][ARCH]["keys"].items():
            path = keys / entry["path"]
            if not path.exists():
                key = (ec.generate_private_key(ec.SECP256R1()) if label in RESPONDERS
                       else rsa.generate_private_key(public_exponent=65537, key_size=2048))
                _write_private(path, key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption(),
                ))
        if stamp.exists() and json.loads(stamp.read_text()) == cfg and cfg_file.exists():
            return cfg_file
        cfg_file.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
        arch = load(cfg_file)
        (directory / "root.pem").write_bytes(_pem(arch.get_cert(ROOT).dump()))
        for preset in CITIES:
            _write_private(directory / f"{city_label(preset)}.p12",
                           arch.package_pkcs12(city_label(preset), password=DEMO_PASSPHRASE.encode()))
        stamp.write_text(json.dumps(cfg))
    return cfg_file


def _pem(der: bytes) -> bytes:
    from asn1crypto import pem

    return pem.armor("CERTIFICATE", der)


def load(cfg_file: Path):
    """The certomancer PKI architecture described by `cfg_file`."""
    from certomancer.registry import CertomancerConfig

    cfg = CertomancerConfig.from_file(str(cfg_file), key_search_dir=str(cfg_file.parent))
    return cfg.pki_archs[ARCH]


@contextmanager
def serving(directory: Path) -> Iterator[str]:
    """The demo PKI of `directory` served over HTTP by a process of its own, on a free port of
    the loopback, while the block runs; yields its base URL. For the tests and the benchmark,
    which must not depend on a service started beside them. A process, as a real TSA is another
    machine: its signing does not compete with the portal's work for this interpreter."""
    import subprocess
    import sys

    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; from kyodo.pki import serve_child; serve_child(sys.argv[1])", str(directory)],
        cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.PIPE, text=True,
    )
    try:
        url = child.stdout.readline().strip()
        if not url:
            raise RuntimeError(f"The demo PKI did not start (exit code {child.wait()}).")
        yield url
    finally:
        child.terminate()
        child.wait(timeout=5)
        child.stdout.close()


def serve_child(directory: str) -> None:
    """`serving`'s process: the port first (the certificates name it), its URL on the standard
    output, then the PKI until terminated."""
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per timestamp
    server = make_server("127.0.0.1", 0, app=None, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    server.app = wsgi_app(ensure(Path(directory), url))
    print(url, flush=True)
    server.serve_forever()


@contextmanager
def local_service() -> Iterator[None]:
    """While the block runs, seal through a demo PKI served by this process (the benchmark's
    renders), unless the city's own key is configured or the demo PKI is off (production)."""
    from django.conf import settings
    from django.test import override_settings

    if settings.KYODO_SEAL_PKCS12 or settings.KYODO_DEMO_PKI_DIR is None:
        yield
        return
    directory = Path(settings.KYODO_DEMO_PKI_DIR) / "local"
    with serving(directory) as url, override_settings(KYODO_DEMO_PKI_DIR=directory, KYODO_DEMO_PKI_URL=url):
        yield


def wsgi_app(cfg_file: Path):
    """The TSA, OCSP responder, CRL and certificate repository as one WSGI application."""
    from certomancer.integrations.animator import Animator, AnimatorArchStore

    return Animator(AnimatorArchStore({ARCH: load(cfg_file)}), with_web_ui=False, allow_time_override=False)
