"""Benchmark: render and seal the demo agreement N times and print the median time and the file size.

Target on the project's machines: median ≤ 0.5 s, size ≤ 300 KB, 3–5 pages. Without demo data
the demo is loaded inside a transaction that is rolled back afterwards."""

from __future__ import annotations

import statistics
import time
from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agreements.demo import PLAYPARK
from agreements.models import Agreement
from agreements.pdf import render_agreement_pdf
from kyodo import pki
from kyodo.management.commands.load_demo import CITIES, demo_city
from kyodo.tenancy import activate

TARGET_SECONDS = 0.5
TARGET_BYTES = 300 * 1024


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Render the demo agreement PDF N times; print the median time and the size."

    def add_arguments(self, parser) -> None:
        parser.add_argument("-n", "--runs", type=int, default=10)

    def handle(self, *args, runs: int, **options) -> None:
        try:
            with pki.local_service(), transaction.atomic(), activate(demo_city(*CITIES[0])):
                agreement = self._demo_agreement()
                self._bench(agreement, runs)
                raise _Rollback
        except _Rollback:
            pass

    def _demo_agreement(self) -> Agreement:
        agreement = Agreement.objects.filter(proposal__organisation__name=PLAYPARK, in_force_version__isnull=False).first()
        if agreement is None:
            self.stdout.write("demo agreement not found: loading the demo in a transaction (rolled back)")
            for path in ("kyodo.demo", "partners.demo", "projects.demo", "agreements.demo"):
                import_module(path).load(self.stdout)
            agreement = Agreement.objects.filter(
                proposal__organisation__name=PLAYPARK, in_force_version__isnull=False
            ).first()
        if agreement is None:
            raise CommandError("Could not find or build the demo agreement.")
        return agreement

    def _bench(self, agreement: Agreement, runs: int) -> None:
        import io

        from pypdf import PdfReader

        version = agreement.in_force_version
        render_agreement_pdf(version)  # warm-up: fonts and templates loaded once per process
        times, cpu, data = [], [], b""
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            data = render_agreement_pdf(version)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        median = statistics.median(times)
        pages = len(PdfReader(io.BytesIO(data)).pages)
        self.stdout.write(
            f"{agreement.number} v{version.number}: {runs} runs, median {median:.3f} s "
            f"(min {min(times):.3f}, max {max(times):.3f}; CPU median {statistics.median(cpu):.3f} s), "
            f"{len(data) / 1024:.1f} KB, {pages} pages"
        )
        ok = median <= TARGET_SECONDS and len(data) <= TARGET_BYTES
        self.stdout.write(f"target median ≤ {TARGET_SECONDS} s and ≤ {TARGET_BYTES // 1024} KB: "
                          + ("met" if ok else "NOT met"))
