"""Demo step: one agreement in force (both parties signed, PDF rendered here, synchronously) and
one being negotiated. Uses the projects demo's adopted proposals when present, otherwise makes
the minimal adopted proposals itself. Idempotent."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.utils import timezone

from accounts.models import User
from partners.models import Department, Organisation
from projects.models import Call, Origin, Proposal

from . import services
from .models import Agreement, AgreementRender

PLAYPARK = "港南台生き生きプレイパーク"
DREAM = "ふらっとステーション・ドリーム"

PLAYPARK_ROLES = [
    ("プレイパークの企画・運営（月2回の定例開催）", "乙"),
    ("プレーリーダーの配置と育成研修の実施", "乙"),
    ("遊具・道具の管理と日常の安全点検", "乙"),
    ("参加者の受付と保険加入の手続", "乙"),
    ("地域住民・自治会町内会への周知と説明", "乙"),
    ("活動記録の作成と参加者アンケートの実施", "乙"),
    ("公園使用に関する関係課（土木事務所）との調整", "甲"),
    ("区の広報紙・ウェブサイトでの広報", "甲"),
    ("学校・保育園・地域ケアプラザへの情報提供", "甲"),
    ("区内の子育て支援団体とのつなぎ", "甲"),
    ("事故発生時の関係機関への連絡支援", "甲"),
    ("振り返りの場の設定と記録の公開", "甲"),
]
PLAYPARK_COSTS = [
    ("プレーリーダー謝金（年24回×2名）", 384000, "甲"),
    ("ボランティア保険料", 36000, "乙"),
    ("遊び道具・工具の購入費", 120000, "乙"),
    ("消耗品費（木材・ロープ等）", 90000, "乙"),
    ("チラシ印刷費", 60000, "甲"),
    ("研修会講師謝金", 50000, "甲"),
    ("救急用品費", 15000, "乙"),
    ("活動報告書印刷費", 45000, "甲"),
]
PLAYPARK_SCHEDULE = [
    ("導入時の振り返り（目標と指標の確認）", "2026-05-20", "review"),
    ("中間振り返り", "2026-10-15", "mid_term"),
    ("最終振り返り・成果報告会", "2027-03-10", "final"),
]
PLAYPARK_OVERVIEW = (
    "港南台中央公園において、子どもが「自分の責任で自由に遊ぶ」ことのできる冒険遊び場（プレイパーク）を、"
    "令和8年4月から令和9年3月まで月2回開催する。\n"
    "地域の大人がプレーリーダーとして見守り、子ども同士・子どもと地域の大人が出会う場とする。\n"
    "あわせて、地域の担い手を増やすため、プレーリーダー育成研修を年2回実施する。\n"
    "活動の様子は記録し、参加者アンケートとともに振り返りの場で共有する。"
)


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _actor(party, fallback: User) -> User:
    """Someone who may act (agree, sign) for `party`: staff posted to the department, or the
    organisation's representative."""
    from partners.models import Membership, StaffPosting

    if party.is_city:
        posting = StaffPosting.objects.filter(department=party.department).select_related("user").first()
    else:
        posting = Membership.objects.filter(
            organisation=party.organisation, role=Membership.Role.REPRESENTATIVE, is_active=True
        ).select_related("user").first()
    return posting.user if posting else fallback


def _create(proposal: Proposal, fallback: User) -> Agreement:
    """The demo agreement of `proposal`, its city parties being the departments that have staff."""
    from partners.models import StaffPosting

    staffed = [d for d in proposal.departments.all() if StaffPosting.objects.filter(department=d).exists()]
    creator = (
        StaffPosting.objects.filter(department__in=staffed).select_related("user").first().user if staffed
        else User.objects.filter(is_superuser=True).order_by("pk").first() or fallback
    )
    return services.agreement_create_from_proposal(proposal=proposal, by=creator, departments=staffed or None)


def _department(parent: str, name: str) -> Department | None:
    return Department.objects.filter(parent__name=parent, name=name).first()


def _proposal(title_hint: str, organisation: Organisation, department: Department, *, title: str,
              purpose: str, activities: str, form: str) -> Proposal:
    existing = Proposal.objects.filter(organisation=organisation, status="adopted").order_by("pk").first()
    if existing:
        return existing
    call, _created = Call.objects.get_or_create(
        title="令和8年度 横浜市市民協働事業提案制度", origin=Origin.CITIZEN,
        defaults={
            "department": department, "fiscal_year": 2026, "is_published": True,
            "deadline": timezone.make_aware(datetime.datetime(2025, 9, 30, 17, 0)),
            "period_start": datetime.date(2026, 4, 1), "period_end": datetime.date(2027, 3, 31),
        },
    )
    proposal, _created = Proposal.objects.update_or_create(
        title=title, organisation=organisation,
        defaults={
            "call": call, "origin": Origin.CITIZEN, "purpose": purpose, "activities": activities,
            "collaboration_form": form, "status": "adopted", "decided_at": timezone.now(),
            "local_problem": title_hint,
        },
    )
    proposal.departments.add(department)
    return proposal


def load(out: TextIO) -> None:
    ward_staff, staff = _user("ward-staff@example.jp"), _user("staff@example.jp")
    citizen, citizen2 = _user("citizen@example.jp"), _user("citizen2@example.jp")
    playpark = Organisation.objects.filter(name=PLAYPARK).first()
    dream = Organisation.objects.filter(name=DREAM).first()
    konan = _department("港南区役所", "地域振興課")
    shimin = _department("市民局", "市民協働推進課")
    if not all([ward_staff, staff, citizen, citizen2, playpark, dream, konan, shimin]):
        out.write("agreements: partners demo data missing, skipped\n")
        return
    _in_force(playpark, konan, ward_staff, citizen)
    _negotiating(dream, shimin, staff, citizen2)
    out.write("agreements: 1 agreement in force (PDF rendered), 1 in negotiation\n")


def _in_force(organisation: Organisation, department: Department, staff: User, citizen: User) -> Agreement:
    proposal = _proposal(
        "子どもが外で遊ぶ場所と機会が減っている。", organisation, department, title="港南台生き生きプレイパーク事業",
        purpose="港南台地区の子どもが外で思い切り遊べる場をつくり、地域ぐるみで子どもの育ちを見守る関係を育てる。",
        activities=PLAYPARK_OVERVIEW, form="project-cooperation",
    )
    agreement = _create(proposal, staff)
    if agreement.status == Agreement.Status.DRAFT and agreement.current_version.number == 1:
        content = {k: v for k, v in agreement.current_version.content.items() if k != "parties"}
        content.update(
            overview=PLAYPARK_OVERVIEW, collaboration_form="負担金による事業協力", template_type="contribution",
            period_start="2026-04-01", period_end="2027-03-31",
            roles=[{"task": t, "party": p} for t, p in PLAYPARK_ROLES],
            costs=[{"item": i, "amount": a, "party": p} for i, a, p in PLAYPARK_COSTS],
            review_schedule=[{"title": t, "date": d, "kind": k} for t, d, k in PLAYPARK_SCHEDULE],
        )
        services.agreement_propose_edit(
            agreement=agreement, content=content, by=citizen, note="役割分担・経費分担・振り返り日程を追加",
            signatories={p.pk: (p.signatory_name or "港南 一太", p.signatory_title or "港南区長")
                         for p in agreement.parties.all()},
        )
    agreement.refresh_from_db()
    if agreement.status == Agreement.Status.DRAFT:
        for party in agreement.parties.all():
            by = _actor(party, staff if party.is_city else citizen)
            services.agreement_mark_agreed(agreement=agreement, party=party, version=agreement.current_version, by=by)
        agreement.refresh_from_db()
    if agreement.status in {Agreement.Status.FROZEN, Agreement.Status.SIGNING}:
        version = agreement.current_version
        for party in agreement.parties.all():
            services.agreement_sign_electronic(
                agreement=agreement, party=party, version=version, content_hash=version.content_hash,
                by=_actor(party, staff if party.is_city else citizen), reauthenticated=True, ip_address="127.0.0.1",
                user_agent="demo loader",
            )
        agreement.refresh_from_db()
    render = AgreementRender.objects.filter(version=agreement.in_force_version).first()
    if agreement.in_force_version_id and (render is None or render.status != AgreementRender.Status.READY):
        # Synchronously, with the plain render function: the demo must not wait for a worker.
        services.render_run(version_id=agreement.in_force_version_id, force=True)
    return agreement


def _negotiating(organisation: Organisation, department: Department, staff: User, citizen: User) -> Agreement:
    proposal = _proposal(
        "地域に多世代が気軽に立ち寄れる居場所が少ない。", organisation, department,
        title="ふらっとステーション・ドリーム 多世代の居場所づくり事業",
        purpose="団地の空き店舗を活用し、子どもから高齢者までが気軽に立ち寄り、支え合える居場所を運営する。",
        activities="週4日、団地商店街の空き店舗で居場所を開き、食事会・学習支援・健康講座を行う。",
        form="co-hosting",
    )
    agreement = _create(proposal, staff)
    if agreement.status == Agreement.Status.DRAFT and agreement.current_version.number == 1:
        content = {k: v for k, v in agreement.current_version.content.items() if k != "parties"}
        content.update(
            roles=[{"task": "居場所の運営とボランティアの調整", "party": "乙"},
                   {"task": "関係機関との連絡調整と広報", "party": "甲"}],
            costs=[{"item": "会場使用料", "amount": 240000, "party": "乙"},
                   {"item": "広報費", "amount": 50000, "party": "甲"}],
        )
        services.agreement_propose_edit(agreement=agreement, content=content, by=citizen, note="役割と経費を追加")
        agreement.refresh_from_db()
        group = agreement.parties.get(organisation=organisation)
        services.agreement_mark_agreed(agreement=agreement, party=group, version=agreement.current_version, by=citizen)
        services.agreement_comment(
            agreement=agreement, by=citizen,
            body="広報費の負担について、区の広報紙への掲載も含めてご相談させてください。",
        )
    return agreement
