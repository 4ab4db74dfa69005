"""Benchmark of the yearly report over a large synthetic data set.

    DATABASE_URL=postgres://…/kyodo_bench_report manage.py bench_report --rows 1000000

Migrates the database, empties the tables the report reads, bulk-creates about `--rows` rows
across them (consultations, proposals and their fields and departments, agreements with
versions, parties and milestones, reviews) in batches, then times `yearly_report`. It refuses
to run on a database whose name does not contain "bench", so it cannot wipe real data.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable, Iterator

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from agreements.models import Agreement, AgreementMilestone, AgreementParty, AgreementVersion
from cases.models import Consultation
from partners.models import Department, FieldOfActivity, Organisation, SupportCentre, Ward
from projects.models import Call, Origin, Proposal, ProposalStatus
from reviews.models import Review, ReviewDecision, ReviewStage, ReviewStatus
from reviews.report import fiscal_bounds, yearly_report

TABLES = [
    Review, AgreementMilestone, AgreementParty, AgreementVersion, Agreement, Proposal.fields.through,
    Proposal.departments.through, Proposal.co_proposers.through, Consultation.fields.through,
    Consultation.topics.through, Consultation, Proposal, Call,
]


class Command(BaseCommand):
    help = "Bulk-create a large synthetic data set and time the yearly report on it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=1_000_000, help="rows to create in all (about)")
        parser.add_argument("--batch", type=int, default=5_000, help="rows per bulk_create batch")
        parser.add_argument("--fiscal-year", type=int, default=2026)
        parser.add_argument("--repeat", type=int, default=3, help="times the report is computed")
        parser.add_argument("--seed", type=int, default=20260401)
        parser.add_argument("--skip-migrate", action="store_true", help="the schema is already up to date")
        parser.add_argument("--allow-any-database", action="store_true",
                            help="run even if the database name does not contain 'bench' (tests only)")

    def handle(self, *args, **opts) -> None:
        name = connection.settings_dict["NAME"] or ""
        if "bench" not in name and not opts["allow_any_database"]:
            raise CommandError(f"Refusing to fill “{name}”: point DATABASE_URL at a database named *bench*.")
        self.rng = random.Random(opts["seed"])
        self.batch = opts["batch"]
        fy = opts["fiscal_year"]
        if not opts["skip_migrate"]:
            call_command("migrate", verbosity=0)
        started = time.perf_counter()
        created = self.fill(opts["rows"], fy)
        self.stdout.write(f"created {created:,} rows in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            for model in (Consultation, Proposal, Agreement, Review):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        timings = []
        for _ in range(opts["repeat"]):
            t0 = time.perf_counter()
            report = yearly_report(fy)
            timings.append(time.perf_counter() - t0)
        funnel = ", ".join(f"{r['key']}={r['current']:,} ({r['previous']:,})" for r in report["funnel"])
        self.stdout.write(f"funnel {report['label']} (previous): {funnel}")
        self.stdout.write(
            f"yearly report: best {min(timings) * 1000:.0f} ms, median {statistics.median(timings) * 1000:.0f} ms "
            f"over {len(timings)} runs"
        )

    # --- data ----------------------------------------------------------------------------------
    def when(self, fy: int) -> dt.datetime:
        """A random moment in fiscal years fy-1 … fy (and a few in the year after)."""
        start, _ = fiscal_bounds(fy - 1)
        span = 2 * 365 * 86400 + 60 * 86400
        return start + dt.timedelta(seconds=self.rng.randrange(span))

    def bulk(self, model, rows: Iterator) -> int:
        n = 0
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= self.batch:
                model.objects.bulk_create(chunk, batch_size=self.batch)
                n += len(chunk)
                chunk = []
        if chunk:
            model.objects.bulk_create(chunk, batch_size=self.batch)
            n += len(chunk)
        return n

    def ids(self, model, since: int = 0) -> list[int]:
        return list(model.objects.filter(pk__gt=since).order_by("pk").values_list("pk", flat=True))

    def fill(self, rows: int, fy: int) -> int:
        rng = self.rng
        with connection.cursor() as cursor:
            tables = ", ".join(m._meta.db_table for m in TABLES)
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        wards = [Ward.objects.get_or_create(name=f"区{i:02d}", defaults={"order": i})[0].pk for i in range(18)]
        fields = [FieldOfActivity.objects.get_or_create(name=f"分野{i}", slug=f"bench-field-{i}")[0].pk
                  for i in range(10)]
        departments = [Department.objects.get_or_create(name=f"ベンチ課{i:02d}", parent=None,
                                                        defaults={"kind": "bureau"})[0].pk for i in range(20)]
        centres = [SupportCentre.objects.get_or_create(name=f"ベンチセンター{i}", defaults={"kind": "ward"})[0].pk
                   for i in range(5)]
        orgs = self.ids(Organisation)
        if len(orgs) < 1000:
            self.bulk(Organisation, (
                Organisation(name=f"ベンチ団体{i}", name_kana="ベンチダンタイ", kind="civic", representative_name="代表",
                             postal_code="2310017", address="横浜市", phone="045-000-0000",
                             email=f"bench{i}@example.jp", status="verified")
                for i in range(1000 - len(orgs))
            ))
            orgs = self.ids(Organisation)
        now = timezone.now()
        calls = []
        for i in range(60):
            calls.append(Call(origin=rng.choice(Origin.values), title=f"ベンチ募集{i}", department_id=rng.choice(departments),
                              fiscal_year=fy - 1 + i % 2, deadline=now))
        Call.objects.bulk_create(calls)
        call_ids = self.ids(Call)
        total = 0
        step = self._progress(rows)

        n_cons = int(rows * 0.30)
        total += self.bulk(Consultation, (
            Consultation(centre_id=rng.choice(centres), opened_at=self.when(fy), channel="visit", visitor_kind="npo",
                         summary="相談", group_name="ベンチ", ward_id=rng.choice(wards + [None]))
            for _ in range(n_cons)
        ))
        step(total)
        cons = self.ids(Consultation)
        through = Consultation.fields.through
        total += self.bulk(through, (
            through(consultation_id=c, fieldofactivity_id=rng.choice(fields))
            for c in rng.sample(cons, min(len(cons), int(rows * 0.10)))
        ))
        step(total)

        n_prop = int(rows * 0.25)
        statuses = [ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.SCREENING,
                    ProposalStatus.ADOPTED, ProposalStatus.NOT_ADOPTED, ProposalStatus.NOT_ADOPTED]

        def proposal(i: int) -> Proposal:
            status = rng.choice(statuses)
            submitted = None if status == ProposalStatus.DRAFT else self.when(fy)
            decided = submitted + dt.timedelta(days=rng.randrange(30, 120)) if status in (
                ProposalStatus.ADOPTED, ProposalStatus.NOT_ADOPTED) else None
            return Proposal(call_id=rng.choice(call_ids), origin=rng.choice(Origin.values), organisation_id=rng.choice(orgs),
                            ward_id=rng.choice(wards + [None]), title=f"ベンチ提案{i}", status=status,
                            submitted_at=submitted, decided_at=decided)

        total += self.bulk(Proposal, (proposal(i) for i in range(n_prop)))
        step(total)
        props = list(Proposal.objects.order_by("pk").values_list("pk", "status", "decided_at"))
        pf = Proposal.fields.through
        total += self.bulk(pf, (pf(proposal_id=p, fieldofactivity_id=f)
                                for p, _s, _d in props[: int(rows * 0.15)] for f in [rng.choice(fields)]))
        pd = Proposal.departments.through
        total += self.bulk(pd, (pd(proposal_id=p, department_id=rng.choice(departments))
                                for p, _s, _d in props[: int(rows * 0.10)]))
        step(total)

        adopted = [(p, d) for p, s, d in props if s == ProposalStatus.ADOPTED]
        n_agr = min(len(adopted), int(rows * 0.03))
        total += self.bulk(Agreement, (
            Agreement(proposal_id=p, number=f"B-{i:07d}", title=f"ベンチ協定{i}", status=Agreement.Status.IN_FORCE,
                      in_force_at=d + dt.timedelta(days=rng.randrange(10, 120)))
            for i, (p, d) in enumerate(adopted[:n_agr])
        ))
        agreements = list(Agreement.objects.order_by("pk").values_list("pk", "in_force_at", "proposal__organisation_id"))
        total += self.bulk(AgreementVersion, (
            AgreementVersion(agreement_id=a, number=1, content={"n": a}, content_hash=f"{a:064d}")
            for a, _t, _o in agreements
        ))
        versions = dict(AgreementVersion.objects.values_list("agreement_id", "pk"))
        total += self.bulk(AgreementParty, (
            party for a, _t, org in agreements for party in (
                AgreementParty(agreement_id=a, order=0, department_id=rng.choice(departments)),
                AgreementParty(agreement_id=a, order=1, organisation_id=org),
            )
        ))
        total += self.bulk(AgreementMilestone, (
            AgreementMilestone(agreement_id=a, version_id=versions[a], title="中間振り返り",
                               due_date=(t + dt.timedelta(days=180)).date(), kind="mid_term")
            for a, t, _o in agreements
        ))
        step(total)
        milestones = AgreementMilestone.objects.order_by("pk").values_list("pk", "agreement_id", "due_date")
        total += self.bulk(Review, (
            Review(milestone_id=m, agreement_id=a, stage=ReviewStage.MID_TERM, status=ReviewStatus.DECIDED,
                   decision=rng.choice(ReviewDecision.values),
                   decided_at=timezone.make_aware(dt.datetime.combine(due, dt.time(10))))
            for m, a, due in milestones.iterator()
        ))
        step(total)
        return total

    def _progress(self, rows: int) -> Callable[[int], None]:
        def step(done: int) -> None:
            self.stdout.write(f"  … {done:,} / ~{rows:,} rows")

        return step


