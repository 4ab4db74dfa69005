"""Many cities on one deployment (issue 14): which loaded cities are measured, and each page's
query count and p95 on them against a one-city run's.

`python -m bench --cities 20` loads one city at full size (`--scale`) and 19 that share one
city's volume, then measures every page on the full-size city's host and on a small city's host.
The full-size city is loaded first with the one-city run's seed, so its records are the one-city
run's: a page whose query count or p95 moves is paying for the other cities' rows (an index that
no longer leads with the city, a query that forgot its filter)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# A p95 within max(NOISE_MS, NOISE_SHARE × the one-city p95) of the one-city run's is "unchanged":
# on a 2-core machine shared with other work, two runs of the same page differ by that much.
NOISE_MS = 5.0
NOISE_SHARE = 0.30


def measured_cities() -> tuple[Any, Any | None]:
    """The full-size city (the first loaded) and a small one (the second), if several are loaded."""
    from kyodo.models import City

    cities = list(City.objects.active().order_by("pk")[:2])
    if not cities:
        raise SystemExit("No city in the bench database: run without --skip-load first")
    return cities[0], (cities[1] if len(cities) > 1 else None)


def load_baseline(path: str) -> dict[str, Any] | None:
    p = Path(path)
    if not p.is_file():
        return None
    report = json.loads(p.read_text())
    if report.get("cities", {}).get("count", 1) != 1:
        raise SystemExit(f"{path} is a run of several cities, not the one-city baseline")
    return report


def _within_noise(base: float, other: float) -> bool:
    return abs(other - base) <= max(NOISE_MS, NOISE_SHARE * base)


def compare(baseline: list[dict[str, Any]], runs: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One row per page measured in the one-city run: its queries and p95 there and on each city
    of `runs` (name → that city's page results), and whether they are unchanged."""
    by_label = {name: {r["label"]: r for r in results} for name, results in runs.items()}
    rows = []
    for base in baseline:
        if base.get("skipped") or base.get("group") not in {"page", "admin", "baseline"}:
            continue
        if any(base["label"] not in results for results in by_label.values()):
            continue  # not measured in this run (e.g. --no-admin)
        row: dict[str, Any] = {"label": base["label"], "queries": {"one city": base["queries"]},
                               "p95_ms": {"one city": base["p95_ms"]}, "same_queries": True, "p95_in_noise": True}
        for name, results in by_label.items():
            r = results[base["label"]]
            if r.get("skipped"):
                row["queries"][name] = row["p95_ms"][name] = None
                row["same_queries"] = False
                continue
            row["queries"][name], row["p95_ms"][name] = r["queries"], r["p95_ms"]
            row["same_queries"] &= r["queries"] == base["queries"]
            row["p95_in_noise"] &= _within_noise(base["p95_ms"], r["p95_ms"])
        rows.append(row)
    return rows


def render_comparison(section: dict[str, Any]) -> str:
    names = section["measured"]
    head = f"{'page':<46} {'queries':>7}" + "".join(f" {n[:9]:>9}" for n in names) + \
        f" {'p95 1 city':>10}" + "".join(f" {n[:9]:>9}" for n in names) + "  flag"
    lines = [f"{section['count']} cities against one city ({section['baseline']}): measured on "
             + ", ".join(f"{n} ({section['hosts'][n]}, scale {section['scales'][n]:g})" for n in names),
             "", head, "-" * len(head)]
    for row in section["comparison"]:
        q, p = row["queries"], row["p95_ms"]
        flags = ([] if row["same_queries"] else ["QUERIES CHANGED"]) + ([] if row["p95_in_noise"] else ["SLOWER"
                 if any((p[n] or 0) > p["one city"] for n in names) else "FASTER"])
        lines.append(f"{row['label'][:46]:<46} {q['one city']:>7}" + "".join(f" {_v(q[n]):>9}" for n in names)
                     + f" {p['one city']:>8.1f}ms" + "".join(f" {_ms(p[n]):>9}" for n in names) + "  " + " ".join(flags))
    s = section["summary"]
    lines += ["", f"Same query count on every page: {'yes' if not s['queries_changed'] else 'no — ' + ', '.join(s['queries_changed'])}",
              f"p95 within noise (±max({NOISE_MS:g} ms, {NOISE_SHARE:.0%})): "
              f"{'yes' if not s['p95_outside_noise'] else 'no — ' + ', '.join(s['p95_outside_noise'])}"]
    return "\n".join(lines)


def summarise(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {"queries_changed": [r["label"] for r in rows if not r["same_queries"]],
            "p95_outside_noise": [r["label"] for r in rows if not r["p95_in_noise"]]}


def _v(value: Any) -> str:
    return "—" if value is None else str(value)


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}ms"
