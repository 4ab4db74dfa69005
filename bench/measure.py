"""Timing pages through the full Django stack (middleware, sessions, templates) in-process."""

from __future__ import annotations

import signal
import statistics
import time
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from kyodo import pki
from kyodo.tenancy import current_city

from .pages import Page

SLOW_SECONDS = 2.0  # a page slower than this on warm-up is measured with fewer requests
# A request is cut short past these: a page that lists a whole table row by row (no pagination,
# an N+1) would otherwise take many minutes at the city's scale. It is reported as aborted.
MAX_QUERIES = 2000
MAX_SECONDS = 20.0


class Aborted(Exception):
    pass


class Guard:
    """A database execute wrapper that aborts a request past MAX_QUERIES or MAX_SECONDS."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.count, self.t0, self.tripped = 0, time.perf_counter(), ""

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        elapsed = time.perf_counter() - self.t0
        if self.count > MAX_QUERIES or elapsed > MAX_SECONDS:
            self.tripped = f"aborted after {self.count - 1} queries in {elapsed:.1f} s"
            raise Aborted(self.tripped)
        return execute(sql, params, many, context)


@contextmanager
def time_limit(seconds: float, guard: Guard):
    """Abort a request that renders for too long between queries (a huge unpaginated list)."""

    def expire(signum, frame):
        guard.tripped = guard.tripped or f"aborted after {time.perf_counter() - guard.t0:.1f} s ({guard.count} queries)"
        raise Aborted(guard.tripped)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds + 1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def measure_page(page: Page, people: dict[str, Any], ctx: dict[str, Any], warmup: int = 3) -> dict[str, Any]:
    result: dict[str, Any] = {"label": page.label, "url_name": page.url_name, "role": page.role, "group": page.group}
    try:
        kwargs = page.kwargs(ctx)
    except (KeyError, AttributeError) as exc:
        kwargs, result["note"] = None, f"no object: {exc}"
    if kwargs is None:
        result.update(skipped=True, note=result.get("note", "no object to show in the loaded city"))
        return result
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False, KYODO_REQUIRE_STAFF_2FA=False):
        try:
            url = reverse(page.url_name, kwargs=kwargs or None)
        except NoReverseMatch:
            result.update(skipped=True, note="URL name not in the project (yet)")
            return result
        if page.query:
            url += "?" + page.query
        # The request's city comes from its host (kyodo.cities.CityMiddleware): the active city's.
        client = Client(raise_request_exception=False, HTTP_HOST=current_city().hosts[0])
        user = people.get(page.role)
        if page.role != "anonymous":
            if user is None:
                result.update(skipped=True, note=f"no {page.role} in the loaded city")
                return result
            client.force_login(user)
        result["url"] = url
        guard = Guard()
        with connection.execute_wrapper(guard), time_limit(MAX_SECONDS, guard):
            t0 = time.perf_counter()
            response = client.get(url)
            first = time.perf_counter() - t0
        if guard.tripped:
            result.update(status=response.status_code, requests=1, median_ms=round(first * 1000, 1),
                          p95_ms=round(first * 1000, 1), queries=guard.count, queries_min=guard.count,
                          aborted=True, note=f"{guard.tripped} (no pagination or an N+1 at this scale)")
            return result
        # A slow page gets fewer requests: 3 between 2 and 5 s, only the first beyond.
        n = page.requests if first < SLOW_SECONDS else (3 if first < 5 else 0)
        for _ in range(warmup - 1 if first < SLOW_SECONDS else 0):
            client.get(url)
        times, queries = ([first * 1000], [guard.count]) if n == 0 else ([], [])
        for _ in range(n):
            with CaptureQueriesContext(connection) as captured:
                t0 = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            queries.append(len(captured.captured_queries))
    result.update(
        status=response.status_code, requests=max(n, 1), bytes=len(response.content),
        median_ms=round(statistics.median(times), 1), p95_ms=round(percentile(times, 0.95), 1),
        queries=max(queries), queries_min=min(queries),
    )
    if first >= SLOW_SECONDS:
        result["note"] = f"slow: first request took {first:.1f} s, measured {max(n, 1)} request(s) only"
    return result


def measure_pdf(requests: int = 5) -> dict[str, Any]:
    from django.apps import apps

    result: dict[str, Any] = {"label": "agreement PDF render and seal (plain function)", "group": "pdf"}
    try:
        from agreements.pdf import render_agreement_pdf

        Agreement = apps.get_model("agreements.Agreement")  # noqa: N806
    except (ImportError, LookupError) as exc:
        result.update(skipped=True, note=str(exc))
        return result
    agreement = Agreement.objects.filter(in_force_version__isnull=False).select_related("in_force_version").first()
    if agreement is None:
        result.update(skipped=True, note="no agreement in force")
        return result
    version = agreement.in_force_version
    times, size, queries = [], 0, []
    with pki.local_service():  # the seal's timestamps and OCSP over loopback HTTP
        render_agreement_pdf(version)  # warm-up: fonts, templates, the seal's key
        for _ in range(requests):
            with CaptureQueriesContext(connection) as captured:
                t0 = time.perf_counter()
                size = len(render_agreement_pdf(version))
                times.append((time.perf_counter() - t0) * 1000)
            queries.append(len(captured.captured_queries))
    result.update(requests=requests, median_ms=round(statistics.median(times), 1),
                  p95_ms=round(percentile(times, 0.95), 1), queries=max(queries), bytes=size, status=200)
    return result
