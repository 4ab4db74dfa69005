"""`python -m bench`: load the synthetic city (unless it is already loaded), measure, report.

    python -m bench                  # full city into kyodo_bench (recreated), then measure
    python -m bench --scale 0.1      # a tenth of the city
    python -m bench --skip-load      # measure the city already loaded
    python -m bench --no-loadtest    # without gunicorn
    python -m bench --cities 20      # one full-size city and 19 sharing one city's volume,
                                     # compared with the one-city run in var/bench/results.json

DATABASE_URL (or BENCH_DATABASE_URL) defaults to postgres://postgres@127.0.0.1:5432/kyodo_bench.
Results: a table on stdout and JSON in var/bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from .db import configure_environment, recreate

TARGET_P95_MS = 100
TARGET_QUERIES = 20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full city (default 1.0)")
    parser.add_argument("--skip-load", action="store_true", help="measure the database as it is")
    parser.add_argument("--no-loadtest", action="store_true", help="skip the gunicorn load test")
    parser.add_argument("--no-admin", action="store_true", help="skip the admin's change lists")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--cities", type=int, default=1,
                        help="load this many cities: one at --scale and the others sharing one city's volume; "
                             "pages are measured on the full-size city and a small one (default 1)")
    parser.add_argument("--baseline", default="var/bench/results.json",
                        help="the one-city run's JSON a run of several cities is compared with")
    parser.add_argument("--out", default=None, help="JSON results (default var/bench/results.json, "
                                                    "var/bench/results-<n>cities.json with --cities)")
    args = parser.parse_args(argv)
    args.out = args.out or ("var/bench/results.json" if args.cities == 1 else f"var/bench/results-{args.cities}cities.json")

    url = configure_environment()
    report: dict[str, Any] = {
        "database": url.rsplit("@", 1)[-1], "scale": args.scale, "machine": {
            "cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if not args.skip_load:
        print(f"Recreating {report['database']}", flush=True)
        recreate(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)  # also on --skip-load: the apps' schema may have moved on
    report["migrate_seconds"] = round(time.perf_counter() - t0, 1)
    if not args.skip_load:
        from .loader import load_cities

        print(f"Loading {args.cities} cities: one at scale {args.scale}"
              + (f", {args.cities - 1} at {args.scale / (args.cities - 1):.4g}" if args.cities > 1 else ""), flush=True)
        t0 = time.perf_counter()
        cities = load_cities(args.scale, args.cities)
        seconds = round(time.perf_counter() - t0, 1)
        report["load"] = {"seconds": seconds, "steps": cities[0].timer.steps,
                          "skipped": sorted({part for c in cities for part in c.skipped}),
                          "cities": [{"slug": c.slug, "scale": c.scale, "seconds": c.load_seconds} for c in cities]}
        print(f"Loaded in {seconds:.0f} s", flush=True)

    from kyodo.runtime import settle_gc
    from kyodo.tenancy import activate

    from . import loadtest
    from .tenants import measured_cities

    full, small = measured_cities()
    with activate(full):  # the ORM work outside requests reads the measured city
        report["rows"] = _row_counts()
        settle_gc()  # the garbage-collector settings the WSGI entry point gives gunicorn's workers
        results, people = _measure(full, args)
    report["pages"] = results
    if args.cities > 1 and small is not None:
        with activate(small):
            small_results, _people = _measure(small, args)
        report["cities"] = _cities_section(args, full, small, results, small_results)
    connection.close()

    if not args.no_loadtest:
        with activate(full):
            report["loadtest"] = _loadtest(loadtest, people, args)

    report["summary"] = _summary(results)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    print()
    print(render_table(report))
    if report.get("cities", {}).get("comparison"):
        from .tenants import render_comparison

        print()
        print(render_comparison(report["cities"]))
    print(f"\nJSON: {out}")
    return 0


def _measure(city, args) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every page on `city`'s host (the active city), then the PDF render."""
    from .measure import measure_page, measure_pdf
    from .pages import PAGES, actors, admin_pages, context

    people = actors()
    ctx = context(people)
    pages = list(PAGES) + ([] if args.no_admin else admin_pages())
    results = []
    print(f"Measuring {len(pages)} pages on {city.hosts[0]}", flush=True)
    for page in pages:
        result = measure_page(page, people, ctx)
        results.append(result)
        _print_row(result)
    pdf = measure_pdf()
    results.append(pdf)
    _print_row(pdf)
    return results, people


def _cities_section(args, full, small, results, small_results) -> dict[str, Any]:
    from .tenants import compare, load_baseline, summarise

    baseline = load_baseline(args.baseline)  # read now: a one-city run may have finished meanwhile
    if baseline is None:
        print(f"No one-city run in {args.baseline}: the cities are measured without a comparison", flush=True)
    small_scale = args.scale / (args.cities - 1)
    section: dict[str, Any] = {
        "count": args.cities, "baseline": args.baseline if baseline else None,
        "measured": [full.slug, small.slug], "hosts": {full.slug: full.hosts[0], small.slug: small.hosts[0]},
        "scales": {full.slug: args.scale, small.slug: small_scale}, "small_pages": small_results,
    }
    if baseline:
        if baseline.get("scale") != args.scale:
            print(f"! the one-city run was at scale {baseline.get('scale')}, this one at {args.scale}", flush=True)
        section["comparison"] = compare(baseline["pages"], {full.slug: results, small.slug: small_results})
        section["summary"] = summarise(section["comparison"])
    return section


def _row_counts() -> dict[str, int]:
    from django.apps import apps
    from django.db import connection

    counts = {}
    with connection.cursor() as cur:
        for label in ("partners.Organisation", "projects.Proposal", "projects.ProposalRevision", "projects.Score",
                      "agreements.Agreement", "agreements.AgreementVersion", "agreements.Signature",
                      "reviews.Review", "cases.Consultation"):
            try:
                model = apps.get_model(label)
                cur.execute('SELECT reltuples::bigint FROM pg_class WHERE relname = %s', [model._meta.db_table])
                row = cur.fetchone()
                counts[label] = int(row[0]) if row else 0
                if counts[label] < 1000:
                    counts[label] = model.objects.count()
            except Exception:  # noqa: BLE001 - a model not there yet
                continue
    return counts


def _loadtest(loadtest, people: dict[str, Any], args) -> list[dict[str, Any]]:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    out = []
    staff = people.get("staff")
    client = Client()
    cookie = ""
    if staff is not None:
        client.force_login(staff)  # the session row lands in the bench database gunicorn reads
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    # A visitor's public pages come from the shared cache (kyodo.publiccache); a request with a
    # session cookie (here one that names no session) is rendered, as for a signed-in user.
    uncached = f"{settings.SESSION_COOKIE_NAME}=bench-no-such-session"
    targets = [
        ("public register (visitor, cached)", reverse("projects:register_list"), ""),
        ("public register (uncached render)", reverse("projects:register_list"), uncached),
        ("agreements register (visitor, cached)", reverse("agreements:register"), ""),
        ("agreements register (uncached render)", reverse("agreements:register"), uncached),
    ]
    if cookie:
        targets.append(("staff proposal list (logged in)", reverse("projects:staff_proposal_list"), cookie))
        targets.append(("staff agreement list (logged in)", reverse("agreements:list"), cookie))
    from kyodo.tenancy import current_city

    host = current_city().hosts[0]  # the city's host: CityMiddleware routes by it
    print(f"Load test: wrk against gunicorn ({args.workers} workers) on {host}, {args.clients} connections × "
          f"{args.seconds:.0f} s", flush=True)
    with loadtest.gunicorn(workers=args.workers, env={"DB_POOL_MAX": "4"}) as (port, pid):
        for label, path, cookie_ in targets:
            result = loadtest.run(port, path, cookie_, clients=args.clients, seconds=args.seconds, server_pid=pid,
                                  host=host)
            result["label"] = label
            out.append(result)
            print(f"  {label:<40} {result['rps']:>7.1f} req/s  p99 {result['p99_ms']:>7.1f} ms  "
                  f"server {result.get('server_cpu_ms_per_request', 0):.2f} ms CPU/req (ceiling "
                  f"{result.get('ceiling_rps') or 0:.0f} req/s)  client CPU {result['client_cpu_share']:.0%}", flush=True)
    return out


def _summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    measured = [r for r in results if not r.get("skipped") and r.get("group") in {"page", "admin"}]
    return {
        "pages_measured": len(measured),
        "pages_skipped": [r["label"] for r in results if r.get("skipped")],
        "over_p95_target": [r["label"] for r in measured if r["p95_ms"] > TARGET_P95_MS],
        "over_query_target": [r["label"] for r in measured if r["queries"] > TARGET_QUERIES],
        "not_200": [f"{r['label']}: {r['status']}" for r in measured if r.get("status") != 200 and not r.get("aborted")],
        "aborted": [f"{r['label']}: {r['note']}" for r in measured if r.get("aborted")],
        "targets": {"p95_ms": TARGET_P95_MS, "queries": TARGET_QUERIES},
    }


def _print_row(r: dict[str, Any]) -> None:
    if r.get("skipped"):
        print(f"  {r['label']:<46} skipped: {r.get('note', '')}", flush=True)
    else:
        print(f"  {r['label']:<46} {r.get('status', ''):>3} {r['median_ms']:>8.1f} {r['p95_ms']:>8.1f} ms "
              f"{r['queries']:>4} q", flush=True)


def render_table(report: dict[str, Any]) -> str:
    lines = []
    if "load" in report:
        lines.append(f"Load: {report['load']['seconds']} s at scale {report['scale']} "
                     f"(migrate {report.get('migrate_seconds', '?')} s); skipped: {report['load']['skipped'] or 'none'}")
    lines.append("Rows: " + ", ".join(f"{k.split('.')[1]} {v:,}" for k, v in report.get("rows", {}).items()))
    lines.append("")
    header = f"{'page':<46} {'role':<12} {'st':>3} {'n':>3} {'median':>8} {'p95':>8} {'queries':>7}  flag"
    lines += [header, "-" * len(header)]
    for r in report["pages"]:
        if r.get("skipped"):
            lines.append(f"{r['label']:<46} {r.get('role', ''):<12} {'—':>3} {'':>3} {'':>8} {'':>8} {'':>7}  "
                         f"skipped ({r.get('note', '')})")
            continue
        flags = []
        if r.get("group") in {"page", "admin"}:
            if r["p95_ms"] > TARGET_P95_MS:
                flags.append("SLOW")
            if r["queries"] > TARGET_QUERIES:
                flags.append("QUERIES")
            if r.get("aborted"):
                flags.append(f"ABORTED: {r.get('note', '')}")
            elif r.get("status") != 200:
                flags.append(f"HTTP {r.get('status')}")
            if r.get("queries_min") is not None and r["queries_min"] != r["queries"]:
                flags.append("varies")
        lines.append(f"{r['label']:<46} {r.get('role', ''):<12} {r.get('status', ''):>3} {r.get('requests', ''):>3} "
                     f"{r['median_ms']:>6.1f}ms {r['p95_ms']:>6.1f}ms {r['queries']:>7}  {' '.join(flags)}")
    if report.get("loadtest"):
        header = (f"{'load test (wrk → gunicorn, loopback)':<42} {'conns':>5} {'req/s':>8} {'median':>8} {'p99':>8} "
                  f"{'srv CPU/req':>11} {'ceiling':>8} {'client CPU':>10}  errors")
        lines += ["", header, "-" * len(header)]
        for r in report["loadtest"]:
            errors = sum(r["errors"].values())
            lines.append(f"{r['label']:<42} {r['clients']:>5} {r['rps']:>8.1f} {r['median_ms']:>6.1f}ms "
                         f"{r['p99_ms']:>6.1f}ms {r.get('server_cpu_ms_per_request', 0):>9.2f}ms "
                         f"{r.get('ceiling_rps') or 0:>8.0f} {r['client_cpu_share']:>10.0%}  {errors}")
        lines.append(f"ceiling = cores ({os.cpu_count()}) / server CPU per request; client CPU = wrk's share "
                     "of all cores, which the server did not have.")
    s = report.get("summary", {})
    lines += ["", f"Targets: p95 ≤ {TARGET_P95_MS} ms, ≤ {TARGET_QUERIES} queries per page.",
              f"Over p95: {', '.join(s.get('over_p95_target', [])) or 'none'}",
              f"Over queries: {', '.join(s.get('over_query_target', [])) or 'none'}",
              f"Not 200: {', '.join(s.get('not_200', [])) or 'none'}",
              f"Aborted: {'; '.join(s.get('aborted', [])) or 'none'}"]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
