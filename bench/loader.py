"""A synthetic city, loaded with COPY through the apps' real models.

Each app's part is a separate function taking the `City` built so far; a part whose models do
not exist (an app still being written) is skipped with a warning. `scale=1.0` is the full city
(20,000 organisations, 100,000 proposals, 30,000 agreements, 100,000 reviews, 200,000
consultations); the quick test loads `scale=0.001`.

Every city is a tenant (`kyodo.tenancy`): `load_city` creates its `kyodo.City` row from a preset
and loads it with that city active, so each COPY row of a city-owned table gets the city's id
(the `city` field's default, which `copy_rows` fills in) and every lookup the loader makes reads
that city only. `load_cities` loads several: one at full size and the others sharing one city's
volume (issue 14: "20 cities, the synthetic city's volume split among them plus one at full size").
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from kyodo.cities import forget_hosts, set_up_city
from kyodo.tenancy import activate

from .copy import IdAllocator, Timer, copy_rows, reset_sequences

FULL = {
    "organisations": 20_000,
    "proposals": 100_000,
    "agreements": 30_000,
    "reviews": 100_000,
    "consultations": 200_000,
}

WARDS = [
    "鶴見区", "神奈川区", "西区", "中区", "南区", "港南区", "保土ケ谷区", "旭区", "磯子区",
    "金沢区", "港北区", "緑区", "青葉区", "都筑区", "戸塚区", "栄区", "泉区", "瀬谷区",
]
FIELDS = [
    ("保健・医療・福祉", "welfare"), ("子育て", "childcare"), ("教育", "education"), ("まちづくり", "town"),
    ("環境", "environment"), ("文化・芸術", "culture"), ("スポーツ", "sports"), ("国際協力", "international"),
    ("防災", "disaster"), ("地域安全", "safety"), ("男女共同参画", "gender"), ("情報化", "it"),
]
BUREAUS = ["市民局", "こども青少年局", "健康福祉局", "環境創造局", "都市整備局", "教育委員会事務局", "文化観光局",
           "経済局", "資源循環局", "消防局"]
SECTIONS = ["市民協働推進課", "地域支援課", "企画調整課"]
ORG_WORDS = ["港南台", "ふらっと", "ひだまり", "みなと", "さくら", "けやき", "青葉", "森の", "まちの", "たまり場"]
ORG_KINDS = ["生き生きプレイパーク", "子育てひろば", "ステーション", "まちづくり協議会", "見守り隊", "食堂",
             "環境クラブ", "文化サロン", "防災ネット", "学びの会"]
# What proposals are about: varied enough that a staff search for one word matches a tenth of them.
PROPOSAL_TOPICS = ["居場所づくり", "子育て支援", "見守り", "防災訓練", "公園の手入れ", "多文化交流", "学習支援",
                   "こども食堂", "空き家活用", "健康づくり"]
KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
PASSWORD = "kyodo-bench-2026"


@dataclass
class City:
    scale: float
    slug: str = "yokohama"
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    record: Any = None  # the `kyodo.City` row: the tenant every loaded row belongs to
    ids: IdAllocator = field(default_factory=IdAllocator)
    timer: Timer = field(default_factory=Timer)
    ward_ids: list[int] = field(default_factory=list)
    field_ids: list[int] = field(default_factory=list)
    department_ids: list[int] = field(default_factory=list)
    centre_ids: list[int] = field(default_factory=list)
    org_ids: list[int] = field(default_factory=list)
    org_ward: dict[int, int] = field(default_factory=dict)
    rep_of_org: dict[int, int] = field(default_factory=dict)
    staff_ids: list[int] = field(default_factory=list)
    coordinator_ids: dict[int, list[int]] = field(default_factory=dict)
    committee_ids: list[int] = field(default_factory=list)
    call_ids: list[int] = field(default_factory=list)
    open_call_ids: list[int] = field(default_factory=list)
    call_department: dict[int, int] = field(default_factory=dict)
    proposals: dict[str, list[int]] = field(default_factory=dict)
    proposal_org: dict[int, int] = field(default_factory=dict)
    proposal_call: dict[int, int] = field(default_factory=dict)
    agreement_ids: list[int] = field(default_factory=list)
    in_force_version_ids: list[int] = field(default_factory=list)
    users: dict[str, int] = field(default_factory=dict)  # named users for the measurements
    skipped: list[str] = field(default_factory=list)

    def n(self, what: str) -> int:
        return max(1, round(FULL[what] * self.scale))


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _kana(rng: random.Random, length: int = 8) -> str:
    return "".join(rng.choice(KANA) for _ in range(length))


def _past(rng: random.Random, days: int = 3650) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=rng.randint(1, days), minutes=rng.randint(0, 1440))


# --- Accounts and partners ------------------------------------------------------------------
def load_partners(city: City) -> None:
    User = _model("accounts.User")  # noqa: N806
    Ward, Field = _model("partners.Ward"), _model("partners.FieldOfActivity")  # noqa: N806
    Department, Centre = _model("partners.Department"), _model("partners.SupportCentre")  # noqa: N806
    Organisation, Membership = _model("partners.Organisation"), _model("partners.Membership")  # noqa: N806
    rng, now = city.rng, timezone.now()
    with city.timer.step("reference data (wards, fields, departments, centres)") as step:
        for order, name in enumerate(WARDS):
            city.ward_ids.append(Ward.objects.get_or_create(name=name, defaults={"order": order})[0].pk)
        for order, (name, slug) in enumerate(FIELDS):
            city.field_ids.append(Field.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})[0].pk)
        for order, name in enumerate(BUREAUS):
            bureau = Department.objects.get_or_create(name=name, parent=None, defaults={"kind": "bureau", "order": order})[0]
            for section in SECTIONS:
                dept = Department.objects.get_or_create(name=section, parent=bureau, defaults={"kind": "section"})[0]
                city.department_ids.append(dept.pk)
        for order, (ward_id, ward) in enumerate(zip(city.ward_ids, WARDS, strict=True)):
            centre = Centre.objects.get_or_create(
                name=f"{ward}市民活動支援センター", defaults={"kind": "ward", "ward_id": ward_id, "order": order}
            )[0]
            city.centre_ids.append(centre.pk)
        step.rows = len(city.ward_ids) + len(city.field_ids) + len(city.department_ids) + len(city.centre_ids)

    n_orgs = city.n("organisations")
    password = make_password(PASSWORD)
    with city.timer.step(f"users ({n_orgs:,} representatives + staff, coordinators, committee)") as step:
        user_ids = city.ids.take(User, n_orgs + 400)
        rows = []
        it = iter(user_ids)
        reps = [next(it) for _ in range(n_orgs)]
        for i, uid in enumerate(reps):
            rows.append({"id": uid, "email": f"rep{uid}@bench.example.jp", "display_name": f"代表者{i}",
                         "password": password, "is_active": True, "date_joined": now})
        staff = [next(it) for _ in range(200)]
        for uid in staff:
            rows.append({"id": uid, "email": f"staff{uid}@bench.example.jp", "display_name": f"職員{uid}",
                         "password": password, "is_staff": True, "date_joined": now})
        coordinators = [next(it) for _ in range(len(city.centre_ids) * 3)]
        for uid in coordinators:
            rows.append({"id": uid, "email": f"coord{uid}@bench.example.jp", "display_name": f"コーディネーター{uid}",
                         "password": password, "date_joined": now})
        committee = [next(it) for _ in range(30)]
        for uid in committee:
            rows.append({"id": uid, "email": f"committee{uid}@bench.example.jp", "display_name": f"委員{uid}",
                         "password": password, "date_joined": now})
        # Accounts are the platform's: each city's administrator needs an address of its own.
        admin_id = next(it)
        admin_email = "admin@bench.example.jp" if city.slug == "yokohama" else f"admin@{city.slug}.bench.example.jp"
        rows.append({"id": admin_id, "email": admin_email, "display_name": "管理者", "password": password,
                     "is_staff": True, "is_superuser": True, "date_joined": now})
        step.rows = copy_rows(User, rows)
        # Committee seats and administration are roles in this city (accounts.CityRole).
        CityRole = _model("accounts.CityRole")  # noqa: N806
        role_ids = iter(city.ids.take(CityRole, len(committee) + 1))
        step.rows += copy_rows(CityRole, [
            *({"id": next(role_ids), "user_id": uid, "role": "committee", "created_at": now} for uid in committee),
            {"id": next(role_ids), "user_id": admin_id, "role": "admin", "created_at": now},
        ])
        city.staff_ids, city.committee_ids = staff, committee
        city.users.update(admin=admin_id, staff=staff[0], committee=committee[0])

    with city.timer.step(f"organisations ({n_orgs:,}) and their fields") as step:
        org_ids = city.ids.take(Organisation, n_orgs)
        rows = []
        for i, oid in enumerate(org_ids):
            ward = rng.choice(city.ward_ids)
            verified = i == 0 or rng.random() < 0.85
            rows.append({
                "id": oid, "name": f"{rng.choice(ORG_WORDS)}{rng.choice(ORG_KINDS)}{i}", "name_kana": _kana(rng, 10),
                "kind": rng.choice(["civic", "npo", "neighbourhood", "company", "school"]),
                "representative_name": f"代表者{i}", "postal_code": f"{rng.randint(2200000, 2479999)}",
                "ward_id": ward, "address": f"横浜市{WARDS[city.ward_ids.index(ward)]}1-{i % 50 + 1}",
                "phone": "0456711111", "email": f"org{oid}@bench.example.jp",
                "founded_year": rng.randint(1980, 2025), "member_count": rng.randint(3, 300),
                "public_profile": "地域の子どもと高齢者が集う居場所を運営しています。" * 3,
                "is_public": True, "status": "verified" if verified else "pending",
                "verified_at": now if verified else None, "created_by_id": reps[i],
            })
            city.org_ward[oid] = ward
        step.rows = copy_rows(Organisation, rows)
        Through = Organisation.fields.through  # noqa: N806
        tids = city.ids.take(Through, n_orgs * 2)
        step.rows += copy_rows(Through, (
            {"id": tids[2 * i + k], "organisation_id": oid, "fieldofactivity_id": fid}
            for i, oid in enumerate(org_ids)
            for k, fid in enumerate(rng.sample(city.field_ids, 2))
        ))
        city.org_ids = list(org_ids)
        city.rep_of_org = dict(zip(org_ids, reps, strict=True))
        city.users["citizen"] = reps[0]

    with city.timer.step("memberships and postings") as step:
        mids = city.ids.take(Membership, n_orgs)
        step.rows = copy_rows(Membership, (
            {"id": mid, "user_id": city.rep_of_org[oid], "organisation_id": oid, "role": "representative",
             "is_active": True, "created_at": now}
            for mid, oid in zip(mids, city.org_ids, strict=True)
        ))
        Staff, Coord = _model("partners.StaffPosting"), _model("partners.CoordinatorPosting")  # noqa: N806
        sids = city.ids.take(Staff, len(staff))
        step.rows += copy_rows(Staff, (
            {"id": sid, "user_id": uid, "department_id": city.department_ids[i % len(city.department_ids)]}
            for i, (sid, uid) in enumerate(zip(sids, staff, strict=True))
        ))
        cids = city.ids.take(Coord, len(coordinators))
        rows = []
        for i, (cid, uid) in enumerate(zip(cids, coordinators, strict=True)):
            centre = city.centre_ids[i % len(city.centre_ids)]
            city.coordinator_ids.setdefault(centre, []).append(uid)
            rows.append({"id": cid, "user_id": uid, "centre_id": centre})
        step.rows += copy_rows(Coord, rows)
        city.users["coordinator"] = city.coordinator_ids[city.centre_ids[0]][0]
        _verified_email_addresses(city, [admin_id, staff[0], committee[0], reps[0], city.users["coordinator"]])


def _verified_email_addresses(city: City, user_ids: list[int]) -> None:
    """allauth wants a verified address to log in through the form (the load test logs in)."""
    try:
        from allauth.account.models import EmailAddress
    except ImportError:  # pragma: no cover
        return
    User = _model("accounts.User")  # noqa: N806
    for user in User.objects.filter(pk__in=user_ids):
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


# --- Projects -------------------------------------------------------------------------------
STATUS_MIX = [("draft", 0.08), ("submitted", 0.08), ("brushup", 0.05), ("screening", 0.09),
              ("adopted", 0.38), ("not_adopted", 0.27), ("withdrawn", 0.05)]


def load_projects(city: City) -> None:
    Call, Proposal = _model("projects.Call"), _model("projects.Proposal")  # noqa: N806
    Round, Criterion = _model("projects.ScreeningRound"), _model("projects.ScreeningCriterion")  # noqa: N806
    rng, now = city.rng, timezone.now()
    with city.timer.step("calls, screening rounds, criteria") as step:
        n_calls = max(4, round(500 * city.scale ** 0.5))
        call_ids = city.ids.take(Call, n_calls)
        rows = []
        for i, cid in enumerate(call_ids):
            is_open = i % 10 == 0
            fy = 2026 if is_open else 2016 + i % 10
            dept = city.department_ids[i % len(city.department_ids)]
            deadline = now + dt.timedelta(days=30) if is_open else timezone.make_aware(dt.datetime(fy, 6, 30))
            rows.append({
                "id": cid, "origin": "citizen" if i % 2 else "administration", "title": f"令和{fy - 2018}年度 協働事業提案 {i}",
                "department_id": dept, "fiscal_year": fy, "problem": "地域の担い手が不足している。",
                "expectations": "地域で活動する団体の知恵と経験。", "budget_ceiling": 1_000_000,
                "period_start": dt.date(fy, 4, 1), "period_end": dt.date(fy + 1, 3, 31),
                "opens_at": deadline - dt.timedelta(days=60), "deadline": deadline, "is_published": True,
                "created_at": now,
            })
            city.call_department[cid] = dept
            (city.open_call_ids if is_open else city.call_ids).append(cid)
        step.rows = copy_rows(Call, rows)
        round_ids = city.ids.take(Round, len(call_ids))
        step.rows += copy_rows(Round, (
            {"id": rid, "call_id": cid, "name": f"審査会 {cid}", "pass_mark_percent": 60, "created_at": now}
            for rid, cid in zip(round_ids, call_ids, strict=True)
        ))
        crit_ids = city.ids.take(Criterion, len(round_ids) * 3)
        city.criteria = {}  # type: ignore[attr-defined]
        rows = []
        for i, rid in enumerate(round_ids):
            ids = crit_ids[3 * i: 3 * i + 3]
            for k, (cid, name) in enumerate(zip(ids, ["公益性", "実現性", "協働の効果"], strict=True)):
                rows.append({"id": cid, "round_id": rid, "name": name, "weight": 1, "max_score": 5,
                             "is_public_benefit": k == 0, "order": k})
            city.criteria[call_ids[i]] = list(ids)  # type: ignore[attr-defined]
        step.rows += copy_rows(Criterion, rows)
        Members = Round.members.through  # noqa: N806
        mids = city.ids.take(Members, len(round_ids) * 2)
        city.round_members = {}  # type: ignore[attr-defined]
        rows = []
        for i, (rid, cid) in enumerate(zip(round_ids, call_ids, strict=True)):
            pair = [city.committee_ids[i % len(city.committee_ids)], city.committee_ids[(i + 1) % len(city.committee_ids)]]
            if i == 0:
                pair[0] = city.users["committee"]
            city.round_members[cid] = pair  # type: ignore[attr-defined]
            for k, uid in enumerate(pair):
                rows.append({"id": mids[2 * i + k], "screeninground_id": rid, "user_id": uid})
        step.rows += copy_rows(Members, rows)

    n = city.n("proposals")
    with city.timer.step(f"proposals ({n:,}) with departments, fields, roles, budgets") as step:
        ids = city.ids.take(Proposal, n)
        statuses = rng.choices([s for s, _w in STATUS_MIX], [w for _s, w in STATUS_MIX], k=n)
        # Enough adopted proposals for the agreements, at any scale.
        need = city.n("agreements")
        adopted = statuses.count("adopted")
        for i in range(n):
            if adopted >= need:
                break
            if statuses[i] != "adopted":
                statuses[i] = "adopted"
                adopted += 1
        rows = []
        for i, (pid, status) in enumerate(zip(ids, statuses, strict=True)):
            org = city.org_ids[0] if i < 5 else rng.choice(city.org_ids)
            early = status in {"draft", "submitted", "brushup"}
            call = rng.choice(city.open_call_ids if early else city.call_ids)
            submitted = None if status == "draft" else _past(rng, 3000)
            decided = submitted if status in {"adopted", "not_adopted"} else None
            rows.append({
                "id": pid, "call_id": call, "origin": "citizen", "organisation_id": org,
                "ward_id": city.org_ward[org], "title": f"{rng.choice(ORG_WORDS)}の{rng.choice(PROPOSAL_TOPICS)}事業 {i}",
                "local_problem": "子どもが外で思い切り遊べる場所が少ない。" * 4,
                "purpose": "地域の子どもが自由に遊べる場をつくる。" * 4,
                "activities": "毎月2回、公園でプレイパークを開く。" * 4,
                "beneficiaries": "子どもと保護者 年間1,000人", "why_collaboration": "公園の利用調整は市、運営は団体。",
                "collaboration_form": rng.choice(["contribution", "commission", "subsidy", "cohosting"]),
                "start_type": rng.choice("ABCD"), "status": status,
                "decision_reason": "公益性が高い。" if decided else "", "created_by_id": city.rep_of_org[org],
                "created_at": submitted or now, "updated_at": submitted or now,
                "submitted_at": submitted, "decided_at": decided,
            })
            city.proposals.setdefault(status, []).append(pid)
            city.proposal_org[pid] = org
            city.proposal_call[pid] = call
        step.rows = copy_rows(Proposal, rows)
        Depts, Fields = Proposal.departments.through, Proposal.fields.through  # noqa: N806
        dids, fids = city.ids.take(Depts, n), city.ids.take(Fields, n)
        step.rows += copy_rows(Depts, (
            {"id": did, "proposal_id": pid, "department_id": city.call_department[city.proposal_call[pid]]}
            for did, pid in zip(dids, ids, strict=True)
        ))
        step.rows += copy_rows(Fields, (
            {"id": fid, "proposal_id": pid, "fieldofactivity_id": city.field_ids[pid % len(city.field_ids)]}
            for fid, pid in zip(fids, ids, strict=True)
        ))
        Role, Budget = _model("projects.ProposalRole"), _model("projects.BudgetLine")  # noqa: N806
        rids = city.ids.take(Role, 2 * n)
        step.rows += copy_rows(Role, (
            {"id": rids[2 * i + k], "proposal_id": pid, "task": task, "party": party, "order": k}
            for i, pid in enumerate(ids)
            for k, (task, party) in enumerate([("プレイパークの運営", "group"), ("公園利用の調整", "city")])
        ))
        bids = city.ids.take(Budget, 2 * n)
        step.rows += copy_rows(Budget, (
            {"id": bids[2 * i + k], "proposal_id": pid, "item": item, "amount": amount, "city_share": share, "order": k}
            for i, pid in enumerate(ids)
            for k, (item, amount, share) in enumerate([("遊具・道具", 300_000, 200_000), ("保険料", 50_000, 0)])
        ))

    with city.timer.step("revisions and events") as step:
        Revision, Event = _model("projects.ProposalRevision"), _model("projects.ProposalEvent")  # noqa: N806
        sent = [pid for s, pids in city.proposals.items() if s != "draft" for pid in pids]
        twice = {pid for s in ("brushup", "screening", "adopted", "not_adopted") for pid in city.proposals.get(s, [])}
        rev_ids = iter(city.ids.take(Revision, len(sent) + len(twice)))
        step.rows = copy_rows(Revision, (
            {"id": next(rev_ids), "proposal_id": pid, "number": number,
             "snapshot": {"title": f"提案 {pid}", "purpose": "地域の子どもが自由に遊べる場をつくる。", "number": number},
             "created_by_id": city.rep_of_org[city.proposal_org[pid]], "created_at": now}
            for pid in sent for number in ((1, 2) if pid in twice else (1,))
        ))
        ev_ids = city.ids.take(Event, len(sent))
        step.rows += copy_rows(Event, (
            {"id": eid, "proposal_id": pid, "actor_id": city.rep_of_org[city.proposal_org[pid]],
             "from_status": "draft", "to_status": "submitted", "at": now}
            for eid, pid in zip(ev_ids, sent, strict=True)
        ))

    with city.timer.step("scores") as step:
        Score = _model("projects.Score")  # noqa: N806
        scored = [pid for s in ("screening", "adopted", "not_adopted") for pid in city.proposals.get(s, [])]
        sids = iter(city.ids.take(Score, len(scored) * 6))
        step.rows = copy_rows(Score, (
            {"id": next(sids), "member_id": member, "proposal_id": pid, "criterion_id": crit,
             "score": 1 + (pid + crit + member) % 5, "comment": "", "scored_at": now}
            for pid in scored
            for member in city.round_members[city.proposal_call[pid]]  # type: ignore[attr-defined]
            for crit in city.criteria[city.proposal_call[pid]]  # type: ignore[attr-defined]
        ))


# --- Agreements -----------------------------------------------------------------------------
def _agreement_content(title: str, org_name: str, dept_name: str) -> dict[str, Any]:
    try:
        from agreements.content import DEFAULT_CLAUSES
    except ImportError:  # pragma: no cover
        DEFAULT_CLAUSES = {}  # noqa: N806
    return {
        "title": title, "purpose": "地域の子どもが自由に遊べる場をつくる。", "overview": "毎月2回、公園でプレイパークを開く。",
        "collaboration_form": "contribution", "template_type": "contribution",
        "period_start": "2025-04-01", "period_end": "2026-03-31",
        "roles": [{"task": "プレイパークの運営", "party": "乙"}, {"task": "公園利用の調整", "party": "甲"}],
        "costs": [{"item": "遊具・道具", "amount": 200_000, "party": "甲"}, {"item": "保険料", "amount": 50_000, "party": "乙"}],
        "review_schedule": [{"date": "2025-09-30", "title": "中間振り返り"}, {"date": "2026-03-31", "title": "最終振り返り"}],
        "principles": "甲及び乙は、対等の原則、自主性尊重の原則、相互理解の原則、目的共有の原則、公開の原則に従う。",
        **DEFAULT_CLAUSES,
        "parties": [
            {"label": "甲", "name": dept_name, "kind": "department", "signatory_name": "横浜市長", "signatory_title": "市長"},
            {"label": "乙", "name": org_name, "kind": "organisation", "signatory_name": "代表者", "signatory_title": "代表"},
        ],
    }


def load_agreements(city: City) -> None:
    from agreements.models import content_sha256

    Agreement, Party = _model("agreements.Agreement"), _model("agreements.AgreementParty")  # noqa: N806
    Version, Signature = _model("agreements.AgreementVersion"), _model("agreements.Signature")  # noqa: N806
    PartyAgreement, Event = _model("agreements.PartyAgreement"), _model("agreements.AgreementEvent")  # noqa: N806
    Milestone = _model("agreements.AgreementMilestone")  # noqa: N806
    rng, now = city.rng, timezone.now()
    n = city.n("agreements")
    proposals = city.proposals.get("adopted", [])[:n]
    if len(proposals) < n:
        print(f"  ! only {len(proposals)} adopted proposals: loading that many agreements")
    org_names = dict(_model("partners.Organisation").objects.filter(pk__in=set(city.proposal_org[p] for p in proposals))
                     .values_list("pk", "name"))
    dept_names = {d.pk: str(d) for d in _model("partners.Department").objects.select_related("parent")}
    with city.timer.step(f"agreements ({len(proposals):,}) with parties, versions, signatures") as step:
        aids = city.ids.take(Agreement, len(proposals))
        step.rows = copy_rows(Agreement, (
            {"id": aid, "proposal_id": pid, "number": f"B{aid:07d}", "title": f"協働協定 {pid}",
             "status": "draft", "created_by_id": city.staff_ids[0], "created_at": now, "updated_at": now}
            for aid, pid in zip(aids, proposals, strict=True)
        ))
        party_ids = city.ids.take(Party, 2 * len(aids))
        parties: dict[int, tuple[int, int]] = {}
        rows = []
        for i, (aid, pid) in enumerate(zip(aids, proposals, strict=True)):
            city_party, group_party = party_ids[2 * i], party_ids[2 * i + 1]
            parties[aid] = (city_party, group_party)
            rows.append({"id": city_party, "agreement_id": aid, "order": 0,
                         "department_id": city.call_department[city.proposal_call[pid]]})
            rows.append({"id": group_party, "agreement_id": aid, "order": 1, "organisation_id": city.proposal_org[pid],
                         "signatory_name": "代表者", "signatory_title": "代表"})
        step.rows += copy_rows(Party, rows)

        # Status mix: most in force (v1 signed, some amended to a v2 in force), some negotiating.
        kinds = ["in_force"] * 7 + ["amended"] * 1 + ["draft"] * 1 + ["signing"] * 1
        plan = {aid: ("in_force" if i == 0 else rng.choice(kinds)) for i, aid in enumerate(aids)}
        n_versions = sum(2 if k == "amended" else 1 for k in plan.values())
        vids = iter(city.ids.take(Version, n_versions))
        versions, current, in_force = [], {}, {}
        for aid, pid in zip(aids, proposals, strict=True):
            content = _agreement_content(f"協働協定 {pid}", org_names.get(city.proposal_org[pid], ""),
                                         dept_names.get(city.call_department[city.proposal_call[pid]], ""))
            numbers = (1, 2) if plan[aid] == "amended" else (1,)
            for number in numbers:
                vid = next(vids)
                versions.append({"id": vid, "agreement_id": aid, "number": number, "content": content,
                                 "content_hash": content_sha256(content), "author_id": city.staff_ids[0],
                                 "note": "", "created_at": now})
                current[aid] = (vid, versions[-1]["content_hash"])
                if plan[aid] in {"in_force", "amended"}:
                    in_force[aid] = (vid, versions[-1]["content_hash"])
        step.rows += copy_rows(Version, versions)
        city.in_force_version_ids = [vid for vid, _h in in_force.values()]

        signed = [(aid, vid, h) for aid, (vid, h) in in_force.items()]
        signed += [(aid, *current[aid]) for aid, k in plan.items() if k == "signing"]
        pa_ids = iter(city.ids.take(PartyAgreement, 2 * len(signed)))
        rep = {aid: city.rep_of_org[city.proposal_org[pid]] for aid, pid in zip(aids, proposals, strict=True)}
        step.rows += copy_rows(PartyAgreement, (
            {"id": next(pa_ids), "version_id": vid, "party_id": party, "content_hash": h,
             "agreed_by_id": city.staff_ids[0] if k == 0 else rep[aid], "agreed_at": now}
            for aid, vid, h in signed for k, party in enumerate(parties[aid])
        ))
        sig_rows = []
        for aid, vid, h in signed:
            signers = parties[aid] if plan[aid] != "signing" else parties[aid][:1]
            for k, party in enumerate(signers):
                sig_rows.append({"version_id": vid, "party_id": party, "kind": "electronic",
                                 "signer_id": city.staff_ids[0] if k == 0 else rep[aid],
                                 "signer_name": "横浜市長" if k == 0 else "代表者", "signed_at": now,
                                 "ip_address": "192.0.2.10", "user_agent": "bench", "content_hash": h})
        sig_ids = city.ids.take(Signature, len(sig_rows))
        for sid, row in zip(sig_ids, sig_rows, strict=True):
            row["id"] = sid
        step.rows += copy_rows(Signature, sig_rows)
        ev_ids = iter(city.ids.take(Event, 3 * len(aids)))
        step.rows += copy_rows(Event, (
            {"id": next(ev_ids), "agreement_id": aid, "version_id": current[aid][0], "kind": kind,
             "actor_id": city.staff_ids[0], "detail": {}, "created_at": now}
            for aid in aids for kind in ("created", "agreed", "signed")
        ))
        # Enough milestones for one review each (a review belongs to one milestone).
        per = max(2, -(-city.n("reviews") // max(1, len(in_force))))
        ms_ids = iter(city.ids.take(Milestone, per * len(in_force)))
        rows = []
        city.milestones = []  # type: ignore[attr-defined]
        for aid, (vid, _h) in in_force.items():
            for k in range(per):
                mid, final = next(ms_ids), k == per - 1
                rows.append({"id": mid, "agreement_id": aid, "version_id": vid,
                             "title": "最終振り返り" if final else f"中間振り返り {k + 1}",
                             "due_date": dt.date(2025, 4, 30) + dt.timedelta(days=60 * k),
                             "kind": "final" if final else "mid_term"})
                city.milestones.append((mid, aid, final, parties[aid]))  # type: ignore[attr-defined]
        step.rows += copy_rows(Milestone, rows)
        with connection.cursor() as cur:
            status = {"in_force": "in_force", "amended": "in_force", "draft": "draft", "signing": "signing"}
            for target in ("in_force", "draft", "signing"):
                ids = [aid for aid, k in plan.items() if status[k] == target]
                if not ids:
                    continue
                cur.execute(
                    f'UPDATE "{Agreement._meta.db_table}" a SET status = %s, current_version_id = v.id, '
                    f'in_force_version_id = CASE WHEN %s THEN v.id END, in_force_at = CASE WHEN %s THEN now() END '
                    f'FROM (SELECT agreement_id, MAX(id) AS id FROM "{Version._meta.db_table}" GROUP BY agreement_id) v '
                    f"WHERE v.agreement_id = a.id AND a.id = ANY(%s)",
                    [target, target == "in_force", target == "in_force", ids],
                )
        city.agreement_ids = list(aids)


# --- Reviews --------------------------------------------------------------------------------
def load_reviews(city: City) -> None:
    """Joint reviews at the agreements' milestones, a quarter of them with both parties'
    responses and ratings; falls back to the generic filler if the models changed shape."""
    try:
        _load_reviews(city)
    except (LookupError, KeyError, TypeError, AttributeError) as exc:
        print(f"  ! reviews loader out of date ({type(exc).__name__}: {exc}); using the generic filler")
        _load_reviews_generic(city)


def _load_reviews(city: City) -> None:
    Review, Response = _model("reviews.Review"), _model("reviews.PartyReviewResponse")  # noqa: N806
    Rating, Event = _model("reviews.ItemRating"), _model("reviews.ReviewEvent")  # noqa: N806
    Item = _model("kyodo.EvaluationItem")  # noqa: N806
    rng, now = city.rng, timezone.now()
    items = list(Item.objects.values_list("pk", "name")[:4])
    if not items:
        items = [(Item.objects.create(name=name, order=i).pk, name) for i, name in enumerate(["相乗効果", "進捗"])]
    milestones = city.milestones[: city.n("reviews")]  # type: ignore[attr-defined]
    with city.timer.step(f"reviews ({len(milestones):,}) with responses, ratings, events") as step:
        rids = city.ids.take(Review, len(milestones))
        statuses = rng.choices(["open", "collecting", "compared", "decided", "published"], [1, 1, 1, 2, 5],
                               k=len(milestones))
        rows = []
        for rid, (mid, aid, final, _parties), status in zip(rids, milestones, statuses, strict=True):
            held = status in {"decided", "published"}
            sections = ["introduction", "process", "results"] if final else ["process"]
            rows.append({
                "id": rid, "milestone_id": mid, "agreement_id": aid, "stage": "final" if final else "mid_term",
                "status": status, "items": [{"id": i, "name": n} for i, n in items], "points": [],
                "sections": sections, "effect_vs_alone": "単独で行うより多くの子どもが参加した。" if held else "",
                "beneficiary_satisfaction": "参加者アンケートで9割が満足。" if held else "",
                "decision": "continue" if held else "", "decided_at": now if held else None,
                "decided_by_id": city.staff_ids[0] if held else None,
                "public_summary": "地域の子どもの遊び場として定着した。" if status == "published" else "",
                "published_at": now if status == "published" else None, "opened_by_id": city.staff_ids[0],
                "created_at": now,
            })
        step.rows = copy_rows(Review, rows)
        from reviews.services import recount_publication_summaries

        recount_publication_summaries()  # what publishing a review keeps on its agreement
        answered = [(rid, m) for rid, m, s in zip(rids, milestones, statuses, strict=True) if s != "open"][::4]
        resp_ids = iter(city.ids.take(Response, 2 * len(answered)))
        responses = []
        for rid, (_mid, _aid, _final, parties) in answered:
            for party in parties:
                responses.append({"id": next(resp_ids), "review_id": rid, "party_id": party,
                                  "overall_comment": "計画どおり進んだ。", "submitted_at": now,
                                  "submitted_by_id": city.staff_ids[0]})
        step.rows += copy_rows(Response, responses)
        rating_ids = iter(city.ids.take(Rating, len(responses) * len(items)))
        step.rows += copy_rows(Rating, (
            {"id": next(rating_ids), "response_id": r["id"], "section": "process", "item_id": item, "score": 1 + r["id"] % 5}
            for r in responses for item, _name in items
        ))
        ev_ids = city.ids.take(Event, len(rids))
        step.rows += copy_rows(Event, (
            {"id": eid, "review_id": rid, "kind": "opened", "actor_id": city.staff_ids[0], "to_status": "open", "at": now}
            for eid, rid in zip(ev_ids, rids, strict=True)
        ))


def _load_reviews_generic(city: City) -> None:
    config = apps.get_app_config("reviews")
    review_models = [m for m in config.get_models() if not m._meta.auto_created]
    if not review_models:
        raise LookupError("the reviews app has no models yet")
    n = city.n("reviews")
    for model in _dependency_order(review_models):
        count = n if model is review_models[0] or "review" == model._meta.model_name else max(1, n // 10)
        with city.timer.step(f"{model._meta.label} ({count:,}, generic filler)") as step:
            step.rows = _generic_fill(city, model, count)


def _dependency_order(models_: list[type[models.Model]]) -> list[type[models.Model]]:
    ordered: list[type[models.Model]] = []
    pending = list(models_)
    while pending:
        for model in pending:
            deps = {f.related_model for f in model._meta.concrete_fields if f.is_relation} & set(pending)
            if not (deps - {model}):
                ordered.append(model)
                pending.remove(model)
                break
        else:
            ordered.extend(pending)
            break
    return ordered


def _generic_fill(city: City, model: type[models.Model], count: int) -> int:
    """Rows for a model this loader does not know: each field gets a plausible value of its type."""
    rng, now = city.rng, timezone.now()
    pools: dict[Any, list[int]] = {}

    def pool(related: type[models.Model]) -> list[int]:
        if related not in pools:
            pools[related] = list(related.objects.order_by("?").values_list("pk", flat=True)[:5000])
        return pools[related]

    ids = city.ids.take(model, count)
    unique_fks = {f.attname for f in model._meta.concrete_fields if f.is_relation and f.unique}
    rows = []
    for i, pk in enumerate(ids):
        row: dict[str, Any] = {"id": pk}
        for f in model._meta.concrete_fields:
            if f.primary_key or f.has_default() and not f.is_relation:
                continue
            if f.is_relation:
                values = pool(f.related_model)
                if not values:
                    if f.null:
                        continue
                    raise LookupError(f"{model._meta.label}.{f.name} needs {f.related_model._meta.label} rows")
                row[f.attname] = values[i % len(values)] if f.attname in unique_fks else rng.choice(values)
            elif f.choices:
                row[f.attname] = rng.choice([c for c, _l in f.flatchoices])
            elif isinstance(f, models.DateTimeField):
                row[f.attname] = now
            elif isinstance(f, models.DateField):
                row[f.attname] = now.date()
            elif isinstance(f, models.BooleanField):
                row[f.attname] = False
            elif isinstance(f, models.IntegerField | models.DecimalField | models.FloatField):
                row[f.attname] = 3
            elif isinstance(f, models.JSONField):
                row[f.attname] = {}
            elif isinstance(f, models.CharField | models.TextField):
                row[f.attname] = "振り返りのコメント"[: f.max_length or 200]
        rows.append(row)
    return copy_rows(model, rows)


# --- Cases ----------------------------------------------------------------------------------
def load_cases(city: City) -> None:
    Consultation, Topic = _model("cases.Consultation"), _model("cases.ConsultationTopic")  # noqa: N806
    Contact, Event = _model("cases.ConsultationContact"), _model("cases.ConsultationEvent")  # noqa: N806
    rng, now = city.rng, timezone.now()
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    if not topic_ids:
        topic_ids = [Topic.objects.create(name=f"話題{i}", slug=f"bench-topic-{i}", order=i).pk for i in range(8)]
    n = city.n("consultations")
    with city.timer.step(f"consultations ({n:,}) with topics, contacts, events") as step:
        ids = city.ids.take(Consultation, n)
        statuses = rng.choices(["open", "following", "led_to_proposal", "closed"], [0.1, 0.15, 0.1, 0.65], k=n)
        rows = []
        for i, (cid, status) in enumerate(zip(ids, statuses, strict=True)):
            centre = city.centre_ids[0] if i < 40 else rng.choice(city.centre_ids)
            org = rng.choice(city.org_ids) if rng.random() < 0.6 else None
            rows.append({
                "id": cid, "centre_id": centre, "coordinator_id": rng.choice(city.coordinator_ids[centre]),
                "opened_at": _past(rng), "channel": rng.choice(["visit", "phone", "email", "outreach", "online"]),
                "organisation_id": org, "group_name": "" if org else f"準備会{i}",
                "person_name": "" if org else f"相談者{i}", "person_contact": "" if org else "045-000-0000",
                "visitor_kind": "civic" if org else "individual",
                "ward_id": city.org_ward[org] if org else rng.choice(city.ward_ids),
                "summary": f"活動場所と助成金の相談 {i}", "question": "活動場所を探している。" * 3,
                "response": "地区センターと助成制度を紹介した。" * 2, "status": status,
                "next_follow_up": (now + dt.timedelta(days=rng.randint(-20, 40))).date()
                if status in {"open", "following"} else None,
                "closed_reason": "他の支援につないだ。" if status == "closed" else "",
                "created_by_id": city.coordinator_ids[centre][0], "created_at": now, "updated_at": now,
            })
        step.rows = copy_rows(Consultation, rows)
        Topics = Consultation.topics.through  # noqa: N806
        tids = city.ids.take(Topics, n)
        step.rows += copy_rows(Topics, (
            {"id": tid, "consultation_id": cid, "consultationtopic_id": topic_ids[cid % len(topic_ids)]}
            for tid, cid in zip(tids, ids, strict=True)
        ))
        with_contact = ids[::2]
        step.rows += copy_rows(Contact, (
            {"id": kid, "consultation_id": cid, "contacted_on": now.date(), "channel": "phone",
             "note": "電話で状況を確認した。", "created_at": now}
            for kid, cid in zip(city.ids.take(Contact, len(with_contact)), with_contact, strict=True)
        ))
        step.rows += copy_rows(Event, (
            {"id": eid, "consultation_id": cid, "kind": "recorded", "to_status": "open", "at": now}
            for eid, cid in zip(city.ids.take(Event, len(with_contact)), with_contact, strict=True)
        ))


PARTS: list[tuple[str, Callable[[City], None]]] = [
    ("partners", load_partners),
    ("projects", load_projects),
    ("agreements", load_agreements),
    ("reviews", load_reviews),
    ("cases", load_cases),
]


def load_city(scale: float = 1.0, verbose: bool = True, *, slug: str = "yokohama", city_name: str = "横浜市",
              preset: str = "yokohama", seed: int = 2026, vacuum: bool = True) -> City:
    """Create the city `slug` from `preset` and load its synthetic records into the current
    database, with the city active. Each part commits on its own."""
    CityRecord = _model("kyodo.City")  # noqa: N806
    city = City(scale=scale, slug=slug, rng=random.Random(seed))
    t0 = time.perf_counter()
    city.record, created = CityRecord.objects.get_or_create(
        slug=slug, defaults={"city_name": city_name, "preset": preset})
    forget_hosts()  # the new host is served at once
    with activate(city.record):
        if created:
            with transaction.atomic():
                set_up_city(preset)  # the preset's rules, as `manage.py create_city` gives a city
        for name, part in PARTS:
            if name != "partners" and not city.org_ids:
                city.skipped.append(name)
                continue
            if verbose:
                print(f"- {name} ({slug})", flush=True)
            allocated = dict(city.ids.next)
            try:
                with transaction.atomic():
                    part(city)
            except (LookupError, ImportError, AttributeError, KeyError, DatabaseError, psycopg.Error) as exc:
                print(f"  ! skipped {name}: {type(exc).__name__}: {str(exc).splitlines()[0]}", flush=True)
                city.skipped.append(name)
                city.ids.next = allocated
        reset_sequences(list(city.ids.next))
    if vacuum:
        _vacuum()
    city.load_seconds = round(time.perf_counter() - t0, 1)  # type: ignore[attr-defined]
    return city


def load_cities(scale: float = 1.0, count: int = 20, verbose: bool = True) -> list[City]:
    """`count` cities: the first (yokohama) at `scale`, loaded first with the one-city run's seed
    so that its records are the one-city run's, then `count - 1` small cities that share one
    city's volume (each `scale / (count - 1)`; calls, wards, departments, centres and the 400
    staff, coordinators and committee members are per city, as in a real one)."""
    if count < 2:
        return [load_city(scale, verbose)]
    cities = [load_city(scale, verbose, vacuum=False)]
    small = scale / (count - 1)
    for i in range(1, count):
        cities.append(load_city(small, verbose, slug=f"city{i:02d}", city_name=f"ベンチ市{i:02d}", seed=2026 + i,
                                vacuum=False))
    _vacuum()
    return cities


def _vacuum() -> None:
    with connection.cursor() as cur:
        # VACUUM too: a city that has been running has been vacuumed by autovacuum, so its
        # visibility maps let covering indexes answer without reading the table.
        cur.execute("VACUUM ANALYZE")
