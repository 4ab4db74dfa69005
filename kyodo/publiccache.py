"""Anonymous public pages served from the shared cache (Redis; the file cache on the embedded default).

A public view declares what it shows with `@public_page(CALLS, PROJECTS, ...)`. For a visitor
who is not signed in (no session cookie, no pending messages) `PublicPageMiddleware` answers
from the cache when an entry for `page_key(request)` exists and none of its topics changed
since it was rendered; otherwise the view renders and the response is stored.

Invalidation is by topic: a service that changes what a public page shows (adoption,
signature, verification, review publication, a PDF made ready, an admin edit) calls
`changed(topic, ...)`, which after commit stamps the topic's generation with the time. An
entry remembers the generations it was rendered under (read *before* rendering, so a change
that commits during a render invalidates it), and one round trip (`get_many`) fetches the
entry with every generation.

Nothing personal is stored: a request with a session or messages cookie never reads or
writes the cache, a response that sets a cookie, adds a message or touches the session is
not stored, and the one per-visitor value on every page, the CSRF token, is replaced by a
placeholder in the stored body and by the visitor's own token when served. Every public
response says `Cache-Control: private, no-cache` with an `ETag` (per visitor's CSRF secret,
since the body carries its token) and `Last-Modified`, and a matching conditional request
gets 304.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

# Topics: what a public page shows. A page lists each topic whose change must refresh it.
SITE = "site"  # the city's rules and anything else edited in the admin
CALLS = "calls"
PROJECTS = "projects"  # the register of adopted proposals
AGREEMENTS = "agreements"  # agreements in force, their PDFs
ORGANISATIONS = "organisations"
REVIEWS = "reviews"
TOPICS = (SITE, CALLS, PROJECTS, AGREEMENTS, ORGANISATIONS, REVIEWS)

#: Backstop only (entries are invalidated by topic): what no service reports, such as a
#: management command loading data, shows within this time.
TIMEOUT = 600
#: Query strings longer than this are served uncached, so junk parameters cannot fill the cache.
MAX_QUERY = 200
CSRF_PLACEHOLDER = b"@@kyodo-csrf-token@@"
_TOKEN = re.compile(rb"\b[A-Za-z0-9]{64}\b")
_GEN_KEYS = {topic: f"publicpage:gen:{topic}" for topic in TOPICS}
_STORED_HEADERS = ("Content-Type", "Content-Disposition")


def page_key(request: HttpRequest) -> str:
    """The one place a public page's cache key is made: host (the city), language, the local
    date (pages count days left), the release of the static files the page links to and the path
    with its query."""
    parts = "|".join((
        request.get_host(), request.LANGUAGE_CODE, timezone.localdate().isoformat(), static_release(),
        request.get_full_path(),
    ))
    return "publicpage:" + hashlib.sha256(parts.encode()).hexdigest()


@functools.cache
def static_release() -> str:
    """The hash of the static files' manifest where their names are fingerprinted (production,
    the demo): a page stored before a deploy links to the CSS and JS of the release before, which
    the new one no longer serves, so a deploy starts every page afresh. Read once per process
    (a deploy starts new ones). Without fingerprints (the tests) there is no release to name."""
    return staticfiles_storage.manifest_hash if isinstance(staticfiles_storage, ManifestFilesMixin) else ""


def changed(*topics: str) -> None:
    """Refresh every public page showing `topics` once the current transaction commits."""
    unknown = set(topics) - set(TOPICS)
    if unknown:
        raise ValueError(f"unknown public page topics: {sorted(unknown)}")
    transaction.on_commit(lambda: _bump(topics))


def changed_everything() -> None:
    changed(*TOPICS)


def forget_all() -> None:
    """Invalidate every stored page now, outside any transaction (tests start with this)."""
    _bump(TOPICS)


def admin_changed(sender: type, **kwargs: Any) -> None:
    """Receiver of the admin's log entries: an edit there (a call published, the city's rules,
    a correction to any row) may show on any public page."""
    changed_everything()


def _bump(topics: tuple[str, ...] | list[str]) -> None:
    stamp = time.time_ns()
    cache.set_many({_GEN_KEYS[topic]: stamp for topic in topics}, timeout=None)


def public_page(*topics: str) -> Callable:
    """Mark a view as a public page showing `topics`; the middleware caches it for visitors."""
    unknown = set(topics) - set(TOPICS)
    if unknown:
        raise ValueError(f"unknown public page topics: {sorted(unknown)}")
    shown = (SITE, *topics)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            response.public_topics = shown
            return response

        return wrapper

    return decorator


def _visitor(request: HttpRequest) -> bool:
    """A request that may read the cache: GET from someone not signed in with nothing pending,
    for a city's page (the machine's own endpoints, such as /health/, must answer when the cache
    is down)."""
    return (
        request.method == "GET"
        and getattr(request, "city", None) is not None
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HX-Request" not in request.headers
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    messages = getattr(request, "_messages", None)
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (messages is not None and messages.added_new)
        and not (session is not None and session.modified)
        and not (getattr(request, "user", None) is not None and request.user.is_authenticated)
    )


def _strip_token(request: HttpRequest, body: bytes) -> bytes:
    """The body with this visitor's CSRF tokens (masked, so each differs) as the placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return body

    def swap(match: re.Match) -> bytes:
        token = match.group(0)
        return CSRF_PLACEHOLDER if _unmask_cipher_token(token.decode()) == secret else token

    return _TOKEN.sub(swap, body)


def _etag(request: HttpRequest, body_etag: str) -> str:
    # The served body carries the visitor's CSRF token: its validator is per CSRF secret.
    secret = request.META.get("CSRF_COOKIE", "")
    return '"' + hashlib.sha256(f"{body_etag}:{secret}".encode()).hexdigest()[:32] + '"'


def _finish(request: HttpRequest, response: HttpResponse, body_etag: str, stored_at: float) -> HttpResponse:
    if CSRF_PLACEHOLDER in response.content:
        response.content = response.content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    etag = _etag(request, body_etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stored_at)
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return get_conditional_response(request, etag=etag, last_modified=int(stored_at), response=response)


class PublicPageMiddleware:
    """Serves and stores public pages for visitors (see the module's docstring). Placed after
    the CSRF middleware (its cookie is set on the way out) and the security headers' middleware
    (CSP, X-Frame-Options), so a cached answer carries everything a rendered one does."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _visitor(request):
            response = self.get_response(request)
            if getattr(response, "public_topics", None):
                response["Cache-Control"] = "private, no-cache"
                patch_vary_headers(response, ("Cookie",))
            return response
        key = page_key(request)
        found = cache.get_many([key, *_GEN_KEYS.values()])
        gens = {topic: found.get(gen_key, 0) for topic, gen_key in _GEN_KEYS.items()}
        entry = found.get(key)
        if entry and all(gens[topic] == gen for topic, gen in entry["gens"].items()):
            response = HttpResponse(entry["body"], status=200)
            for name, value in entry["headers"]:
                response[name] = value
            response.public_topics = entry["topics"]
            return _finish(request, response, entry["etag"], entry["stored_at"])
        response = self.get_response(request)
        topics = getattr(response, "public_topics", None)
        if not topics or not _storable(request, response):
            return response
        body = _strip_token(request, response.content)
        stored_at = time.time()
        entry = {
            "body": body, "topics": topics, "gens": {topic: gens[topic] for topic in topics},
            "headers": [(name, response[name]) for name in _STORED_HEADERS if response.has_header(name)],
            "etag": hashlib.sha256(body).hexdigest(), "stored_at": stored_at,
        }
        cache.set(key, entry, TIMEOUT)
        response.content = body
        return _finish(request, response, entry["etag"], stored_at)
