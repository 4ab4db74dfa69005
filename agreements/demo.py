"""Demo step: in each city, one agreement in force (both parties signed, PDF rendered here,
synchronously) and one being negotiated. Uses the projects demo's adopted proposals when present,
otherwise makes the minimal adopted proposals itself. Idempotent."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.utils import timezone

from accounts.models import User
from kyodo.democities import DemoCity, demo_city
from kyodo.tenancy import current_city
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


# Per city: the agreement in force and the one in negotiation. `staff` and `citizen` are role keys
# of the city's demo logins (kyodo.democities) acting for the city and for the group.
AGREEMENTS = {
    "yokohama": {
        "in_force": dict(
            org=PLAYPARK, department=("港南区役所", "地域振興課"), staff="ward_staff", citizen="citizen",
            problem="子どもが外で遊ぶ場所と機会が減っている。", title="港南台生き生きプレイパーク事業",
            purpose="港南台地区の子どもが外で思い切り遊べる場をつくり、地域ぐるみで子どもの育ちを見守る関係を育てる。",
            overview=PLAYPARK_OVERVIEW, form="project-cooperation", form_label="負担金による事業協力",
            template="contribution", roles=PLAYPARK_ROLES, costs=PLAYPARK_COSTS, schedule=PLAYPARK_SCHEDULE,
        ),
        "negotiating": dict(
            org=DREAM, department=("市民局", "市民協働推進課"), staff="staff", citizen="citizen2",
            problem="地域に多世代が気軽に立ち寄れる居場所が少ない。",
            title="ふらっとステーション・ドリーム 多世代の居場所づくり事業",
            purpose="団地の空き店舗を活用し、子どもから高齢者までが気軽に立ち寄り、支え合える居場所を運営する。",
            overview="週4日、団地商店街の空き店舗で居場所を開き、食事会・学習支援・健康講座を行う。",
            form="co-hosting",
            roles=[("居場所の運営とボランティアの調整", "乙"), ("関係機関との連絡調整と広報", "甲")],
            costs=[("会場使用料", 240000, "乙"), ("広報費", 50000, "甲")],
            comment="広報費の負担について、区の広報紙への掲載も含めてご相談させてください。",
        ),
    },
    "odawara": {
        "in_force": dict(
            org="早川地区まちづくり委員会", department=("市民部", "地域政策課"), staff="staff", citizen="citizen",
            problem="高齢の一人暮らし世帯が増え、自治会だけでは見守りが行き届かない。",
            title="早川地区 支え合いと見守りのモデル事業",
            purpose="地区の各種団体が連携して見守りと支え合いの仕組みをつくり、住み慣れた地区で安心して暮らし続けられるようにする。",
            overview=(
                "早川地区において、地区の各種団体が連携した早川地区まちづくり委員会と市が、令和8年4月から令和9年3月まで、"
                "高齢者の見守りと支え合いのモデル事業を行う。\n"
                "委員会は見守り訪問（月2回）と「早川お茶の間サロン」（週1回）を運営し、市は地域包括支援センターとの"
                "連携と担い手養成講座を担う。\n"
                "事業の効果は定期的に検証・評価し、継続の可否をともに検討する。"
            ),
            form="project-cooperation", form_label="事業協力", template="contribution",
            roles=[
                ("見守り訪問の実施（月2回）と記録", "乙"), ("お茶の間サロンの運営（週1回）", "乙"),
                ("買い物支援の送迎の調整", "乙"), ("地区の各種団体との連絡調整", "乙"),
                ("地域包括支援センターとの連携", "甲"), ("担い手養成講座の開催（年2回）", "甲"),
                ("広報おだわら・市ウェブサイトでの周知", "甲"), ("検証・評価の場の設定と記録の公開", "甲"),
            ],
            costs=[
                ("サロン運営費（茶菓・消耗品）", 120000, "乙"), ("送迎車両の保険・燃料", 60000, "乙"),
                ("担い手養成講座講師謝礼", 60000, "甲"), ("チラシ印刷費", 40000, "甲"),
            ],
            schedule=[
                ("導入時の振り返り（目標と指標の確認）", "2026-05-20", "review"),
                ("中間振り返り", "2026-10-15", "mid_term"),
                ("最終振り返り・地区報告会", "2027-03-10", "final"),
            ],
        ),
        "negotiating": dict(
            org="NPO法人 おだわら子育てネットワーク", department=("市民部", "地域政策課"), staff="staff",
            citizen="citizen2", problem="転入した子育て世帯が地域につながりにくい。",
            title="転入子育て世帯の地域案内事業",
            purpose="転入した子育て世帯に、地区の子育てひろばや自治会の活動を紹介し、地域とつなぐ。",
            overview="年6回、転入子育て世帯向けの地域案内会を開き、地区ごとの子育て情報をまとめた冊子をつくる。",
            form="co-hosting",
            roles=[("案内会の企画・運営", "乙"), ("転入者への案内の送付と会場の確保", "甲")],
            costs=[("冊子印刷費", 150000, "甲"), ("案内会の保育謝礼", 60000, "乙")],
            comment="冊子の印刷部数について、転入者数の見込みを教えていただけますか。",
        ),
    },
    "yoshikawa": {
        "in_force": dict(
            org="よしかわ市民活動フォーラム実行委員会", department=("市民生活部", "市民参加推進課"), staff="staff",
            citizen="citizen", problem="市民活動団体どうしのつながりが弱く、参加者が不足し固定化している。",
            title="よしかわNPOフォーラムの共催",
            purpose="団体の活動紹介と交流の場をつくり、新たな担い手の参加と団体どうしの連携を生む。",
            overview=(
                "市民活動団体の活動発表、団体ブース、交流会からなる「よしかわNPOフォーラム」を、実行委員会と市が"
                "共催で開く（類型A スタート時協力型・形態 共催）。\n"
                "目的と目標（来場者500人、新たに参加する団体5団体）を共有し、役割を分担して進める。\n"
                "終了後は、導入・過程・成果のそれぞれについて双方が評価し、結果を公開する。"
            ),
            form="co-hosting", form_label="共催", template="co_hosting",
            roles=[
                ("フォーラムの企画と出展団体の調整", "乙"), ("当日の運営と来場者アンケート", "乙"),
                ("団体向け発表講座の開催", "乙"), ("会場の確保と設営", "甲"),
                ("広報よしかわ・市ウェブサイトでの周知", "甲"), ("評価結果の公開", "甲"),
            ],
            costs=[
                ("会場設営費", 60000, "甲"), ("チラシ・ポスター印刷費", 80000, "甲"),
                ("発表講座講師謝礼", 30000, "乙"), ("交流会の消耗品費", 20000, "乙"),
            ],
            schedule=[
                ("導入の評価（目的・目標の共有）", "2026-05-20", "review"),
                ("中間振り返り", "2026-10-15", "mid_term"),
                ("成果の評価・報告", "2027-03-10", "final"),
            ],
        ),
        "negotiating": dict(
            org="NPO法人 よしかわ子ども理科クラブ", department=("市民生活部", "市民参加推進課"), staff="staff",
            citizen="citizen2", problem="学校の外で理科の実験や工作を体験できる場が少ない。",
            title="子ども理科教室の定期開催事業",
            purpose="団体の理科教室を市の公共施設で定期的に開き、子どもが科学を楽しむ機会を広げる。",
            overview="毎月1回、公民館で子ども理科教室を開く。市は会場の提供と学校への周知を行う。",
            form="project-cooperation",
            roles=[("理科教室の企画・運営", "乙"), ("会場の提供と学校への周知", "甲")],
            costs=[("実験材料費", 120000, "乙"), ("チラシ印刷費", 30000, "甲")],
            comment="会場の公民館の予約は、年度当初にまとめて行っていただけますでしょうか。",
        ),
    },
}


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
        title=f"令和8年度 {current_city().city_name}市民協働事業提案制度", origin=Origin.CITIZEN,
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
    city = demo_city()
    done = []
    for kind, make in (("in_force", _in_force), ("negotiating", _negotiating)):
        spec = AGREEMENTS[city.slug][kind]
        staff, citizen = _user(city.email(spec["staff"])), _user(city.email(spec["citizen"]))
        organisation = Organisation.objects.filter(name=spec["org"]).first()
        department = _department(*spec["department"])
        if not all([staff, citizen, organisation, department]):
            out.write("agreements: partners demo data missing, skipped\n")
            return
        done.append((make, city, spec, organisation, department, staff, citizen))
    for make, *args in done:
        make(*args)
    out.write("agreements: 1 agreement in force (PDF rendered), 1 in negotiation\n")


def _proposal_of(spec: dict, organisation: Organisation, department: Department) -> Proposal:
    return _proposal(
        spec["problem"], organisation, department, title=spec["title"], purpose=spec["purpose"],
        activities=spec["overview"], form=spec["form"],
    )


def _in_force(city: DemoCity, spec: dict, organisation: Organisation, department: Department, staff: User,
              citizen: User) -> Agreement:
    agreement = _create(_proposal_of(spec, organisation, department), staff)
    if agreement.status == Agreement.Status.DRAFT and agreement.current_version.number == 1:
        content = {k: v for k, v in agreement.current_version.content.items() if k != "parties"}
        content.update(
            overview=spec["overview"], collaboration_form=spec["form_label"], template_type=spec["template"],
            period_start="2026-04-01", period_end="2027-03-31",
            roles=[{"task": t, "party": p} for t, p in spec["roles"]],
            costs=[{"item": i, "amount": a, "party": p} for i, a, p in spec["costs"]],
            review_schedule=[{"title": t, "date": d, "kind": k} for t, d, k in spec["schedule"]],
        )
        name, title = city.signatory
        services.agreement_propose_edit(
            agreement=agreement, content=content, by=citizen, note="役割分担・経費分担・振り返り日程を追加",
            signatories={p.pk: (p.signatory_name or name, p.signatory_title or title) for p in agreement.parties.all()},
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


def _negotiating(city: DemoCity, spec: dict, organisation: Organisation, department: Department, staff: User,
                 citizen: User) -> Agreement:
    agreement = _create(_proposal_of(spec, organisation, department), staff)
    if agreement.status == Agreement.Status.DRAFT and agreement.current_version.number == 1:
        content = {k: v for k, v in agreement.current_version.content.items() if k != "parties"}
        content.update(
            roles=[{"task": t, "party": p} for t, p in spec["roles"]],
            costs=[{"item": i, "amount": a, "party": p} for i, a, p in spec["costs"]],
        )
        services.agreement_propose_edit(agreement=agreement, content=content, by=citizen, note="役割と経費を追加")
        agreement.refresh_from_db()
        group = agreement.parties.get(organisation=organisation)
        services.agreement_mark_agreed(agreement=agreement, party=group, version=agreement.current_version, by=citizen)
        services.agreement_comment(agreement=agreement, by=citizen, body=spec["comment"])
    return agreement
