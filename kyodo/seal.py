"""The city's electronic seal on the PDFs the portal issues, and the check of a sealed PDF.

`seal_pdf` signs with pyHanko as the platform (立会人): a PAdES B-LTA signature — the city's
document-signing certificate, an RFC 3161 signature timestamp, the certificates, OCSP responses
and CRLs embedded (DSS) and a document timestamp over them — so that the file validates by
itself, offline, for years. `check_seal` validates such a file against the city's trust roots
without touching the network.

Which key seals a city's documents is decided in ONE place, `city_seal_key`.
"""

from __future__ import annotations

import asyncio
import functools
import io
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FIELD_NAME = "KyodoSeal"


class SealedCity(Protocol):
    """What the seal needs of a city (a `kyodo.models.City`)."""

    city_name: str
    preset: str


@dataclass(frozen=True)
class SealKey:
    """Where a city's seal comes from: its certificate and key (a PKCS#12 file), the TSA that
    timestamps it and the roots its chain (and the TSA's) must lead to."""

    pkcs12: Path
    passphrase: bytes
    tsa_url: str
    trust_roots: tuple[Path, ...]


@dataclass(frozen=True)
class SealBox:
    """Where the visible signature block goes: a page (0-based) and a rectangle in PDF points
    (x1, y1, x2, y2 from the bottom-left corner)."""

    page: int
    box: tuple[int, int, int, int]


def city_seal_key(city: SealedCity) -> SealKey | None:
    """The key that seals `city`'s documents, or None when sealing is not configured (only in
    production without KYODO_SEAL_PKCS12).

    The only place that decides it. Configured (KYODO_SEAL_PKCS12 and friends), every city of the
    deployment is sealed with that one certificate; without it, outside production, each city
    with its own certificate from the demo PKI (by preset). A certificate per city in production
    is this function reading the city's row (its PKCS#12 path, or its HSM key label) instead."""
    if settings.KYODO_SEAL_PKCS12:
        return SealKey(
            pkcs12=Path(settings.KYODO_SEAL_PKCS12),
            passphrase=settings.KYODO_SEAL_PASSPHRASE.encode(),
            tsa_url=settings.KYODO_TSA_URL,
            trust_roots=tuple(Path(p) for p in settings.KYODO_SEAL_TRUST_ROOTS),
        )
    if settings.KYODO_DEMO_PKI_DIR is None:
        return None
    from kyodo import pki

    directory = Path(settings.KYODO_DEMO_PKI_DIR)
    pki.ensure(directory, settings.KYODO_DEMO_PKI_URL)
    preset = city.preset if city.preset in pki.CITIES else "custom"
    return SealKey(
        pkcs12=directory / f"{pki.city_label(preset)}.p12",
        passphrase=pki.DEMO_PASSPHRASE.encode(),
        tsa_url=settings.KYODO_TSA_URL or pki.tsa_url(settings.KYODO_DEMO_PKI_URL),
        trust_roots=(directory / "root.pem", *(Path(p) for p in settings.KYODO_SEAL_TRUST_ROOTS)),
    )


def _signer(key: SealKey):
    """The signer of the PKCS#12, read once per process (and again when the file changes)."""
    return _load_signer(key.pkcs12, key.pkcs12.stat().st_mtime_ns, key.passphrase)


@functools.lru_cache(maxsize=8)
def _load_signer(path: Path, mtime_ns: int, passphrase: bytes):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash

    loaded = signers.SimpleSigner.load_pkcs12(str(path), passphrase=passphrase or None)
    if loaded is None:
        raise ImproperlyConfigured(f"Cannot read the seal's PKCS#12 {path} with the passphrase given.")
    # pyHanko's SimpleSigner parses its key again for every signature it makes, and parsing an
    # RSA key checks it: 40 ms a signature. This signer keeps the key parsed once.
    private_key = serialization.load_der_private_key(loaded.signing_key.dump(), password=None)
    if not isinstance(private_key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ImproperlyConfigured(f"The seal's key in {path} must be RSA or ECDSA.")

    class ParsedKeySigner(signers.Signer):
        """Signs as pyHanko's default mechanism for the certificate's key says: RSA PKCS#1 v1.5
        or ECDSA, with the digest asked for."""

        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
            digest = get_pyca_cryptography_hash(digest_algorithm)
            if isinstance(private_key, rsa.RSAPrivateKey):
                return private_key.sign(data, padding.PKCS1v15(), digest)
            return private_key.sign(data, ec.ECDSA(digest))

    return ParsedKeySigner(signing_cert=loaded.signing_cert, cert_registry=loaded.cert_registry)


def _trust_roots(key: SealKey) -> list:
    from pyhanko.keys import load_certs_from_pemder

    if not key.trust_roots:
        raise ImproperlyConfigured("KYODO_SEAL_TRUST_ROOTS must name the root certificate(s) of the seal's chain.")
    return list(load_certs_from_pemder([str(p) for p in key.trust_roots]))


def seal_pdf(data: bytes, *, key: SealKey, where: SealBox, signer_label: str, location: str) -> bytes:
    """`data` sealed (PAdES B-LTA) with `key`, the visible block drawn in `where`."""
    return _run(_seal(data, key, where, signer_label, location))


async def _seal(data: bytes, key: SealKey, where: SealBox, signer_label: str, location: str) -> bytes:
    import aiohttp
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko.stamp import TextStampStyle
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

    signer = _signer(key)
    text = "電子シール：%(signer)s\n封印日時：%(ts)s"
    style = TextStampStyle(
        stamp_text=text,
        timestamp_format="%Y-%m-%d %H:%M:%S %z",
        text_box_style=TextBoxStyle(font=_font_factory().of(text + _common_name(signer.signing_cert)), font_size=8),
        border_width=1,
    )
    out = io.BytesIO()
    # One HTTP session for all the seal's requests (timestamps, OCSP), closed with it. Left to
    # themselves, pyHanko's timestamper opens a session per request (each reading the CA bundle
    # into a new TLS context, 25 ms) and the validation context's fetchers one it never closes.
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=_tls())) as session,
        AIOHttpFetcherBackend(session) as fetchers,
    ):
        context = ValidationContext(
            trust_roots=_trust_roots(key), allow_fetching=True, fetchers=fetchers, revocation_mode="require",
        )
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            subfilter=fields.SigSeedSubFilter.PADES,
            embed_validation_info=True,
            use_pades_lta=True,
            validation_context=context,
            md_algorithm="sha256",
            location=location,
            reason="協定書の内容を確定し封印する",
            name=signer_label,
        )
        pdf_signer = signers.PdfSigner(
            meta, signer=signer, stamp_style=style,
            timestamper=HTTPTimeStamper(key.tsa_url, timeout=10, session=session),
            new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=where.page, box=where.box),
        )
        await pdf_signer.async_sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), output=out)
    return out.getvalue()


@functools.cache
def _tls():
    """The TLS context of the seal's HTTPS requests, made once: the CA bundle pyHanko trusts."""
    import ssl

    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _run(coro):
    """Run pyHanko's asynchronous work to completion from synchronous code, also in a thread
    that already runs an event loop (there `asyncio.run` refuses: Playwright's, in the browser
    tests' processes, or an ASGI server's), by giving it a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, coro).result()
    # Outside the `except` block, so that the errors pyHanko logs while it runs are not chained to
    # that RuntimeError ("During handling of the above exception, another exception occurred").
    return asyncio.run(coro)


def _common_name(cert) -> str:
    return cert.subject.native.get("common_name", "")


def _font_factory():
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    @dataclass(frozen=True)
    class SubsetFont(GlyphAccumulatorFactory):
        """The seal's font cut down (by HarfBuzz, in a millisecond) to the characters the block
        can show, so that pyHanko's own font handling reads a few kilobytes instead of the
        whole Japanese font, at every seal."""

        font_bytes: bytes = b""

        @classmethod
        def of(cls, characters: str) -> SubsetFont:
            import uharfbuzz as hb

            face = hb.Face(hb.Blob.from_file_path(settings.KYODO_SEAL_FONT))
            wanted = hb.SubsetInput()
            wanted.unicode_set.update(ord(ch) for ch in set(characters + "0123456789-:+ "))
            return cls(font_file=settings.KYODO_SEAL_FONT, font_bytes=hb.subset(face, wanted).blob.data)

        def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(self.font_bytes),
                                    font_size=self.font_size, obj_stream=obj_stream)

    return SubsetFont


# --- checking a sealed PDF -------------------------------------------------------------------
@dataclass(frozen=True)
class SealCheck:
    """What `check_seal` found. `sealed` False: no seal at all (or not a readable PDF)."""

    readable: bool
    sealed: bool
    intact: bool = False  # the sealed bytes are unchanged and the signature verifies
    trusted: bool = False  # the certificate chains to one of the city's trust roots
    by_city: bool = False  # ... and names the city (the subject of the city's own certificate)
    signer: str = ""  # the signing certificate's subject, as it reads
    timestamped_at: datetime | None = None  # the TSA's time on the signature
    timestamp_valid: bool = False
    ltv: bool = False  # validation data embedded: the whole check ran with no network
    changed_after: bool = False  # something other than validation data was added after sealing
    document_timestamps: int = 0

    @property
    def valid(self) -> bool:
        return self.intact and self.by_city and self.timestamp_valid and not self.changed_after


def _damaged() -> tuple[type[Exception], ...]:
    from pyhanko.pdf_utils.misc import PdfError

    # What pyHanko's parser raises on a file that is not (or no longer) a well-formed PDF; the
    # check is offered to anyone, so a broken upload is an answer, not a fault.
    return (PdfError, ValueError, KeyError, TypeError, IndexError, zlib.error)


def check_seal(data: bytes, *, key: SealKey) -> SealCheck:
    """Validate the seal of `data` offline: only what the file embeds and `key`'s trust roots."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    DAMAGED = _damaged()  # noqa: N806

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_regular_signatures
        timestamps = reader.embedded_timestamp_signatures
    except DAMAGED:
        return SealCheck(readable=False, sealed=False)
    if not signatures:
        return SealCheck(readable=True, sealed=False)
    try:
        return _run(_check(signatures[0], len(timestamps), key))
    except DAMAGED:
        # The seal is there but the sealed revision no longer parses: changed after sealing.
        return SealCheck(readable=True, sealed=True)


async def _check(embedded, doc_timestamps: int, key: SealKey) -> SealCheck:
    from asn1crypto import x509
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import ades
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.policy_decl import (
        PdfSignatureValidationSpec,
        RevinfoOnlineFetchingRule,
        RevocationInfoGatheringSpec,
        SignatureValidationSpec,
    )
    from pyhanko_certvalidator.context import CertValidationPolicySpec
    from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
    from pyhanko_certvalidator.registry import SimpleTrustManager

    roots = _trust_roots(key)
    spec = PdfSignatureValidationSpec(SignatureValidationSpec(
        cert_validation_policy=CertValidationPolicySpec(
            trust_manager=SimpleTrustManager.build(trust_roots=roots),
            revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO),
        ),
        revinfo_gathering_policy=RevocationInfoGatheringSpec(online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY),
    ))
    cert: x509.Certificate = embedded.signer_cert
    signer = cert.subject.human_friendly
    try:
        result = await ades.ades_lta_validation(embedded, spec)
    except SignatureValidationError:
        return SealCheck(readable=True, sealed=True, signer=signer)
    status = result.api_status
    ts = result.signature_timestamp_status
    ts_ok = bool(ts and ts.api_status and ts.api_status.valid and ts.api_status.trusted)
    own = _own_subject(key)
    mod = status.modification_level if status else None
    return SealCheck(
        readable=True, sealed=True, signer=signer,
        intact=bool(status and status.intact and status.valid),
        trusted=bool(status and status.trusted),
        by_city=bool(status and status.trusted and own is not None and cert.subject == own),
        timestamped_at=ts.api_status.timestamp if ts_ok else None,
        timestamp_valid=ts_ok,
        ltv=bool(status and status.trusted and ts_ok),
        changed_after=mod is None or mod not in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES),
        document_timestamps=doc_timestamps,
    )


def _own_subject(key: SealKey):
    return _signer(key).signing_cert.subject
