"""Demo step 3: FY2026 (令和8年度) calls, proposals in every state, a screening round with scores.

Content is drawn from the seeds' cases (港南台生き生きプレイパーク, 子どものワークショップ,
ふらっとステーション・ドリーム, 新羽駅周辺まちづくり). Idempotent: rows are found by natural keys."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import User
from partners.models import Department, FieldOfActivity, Organisation, Ward

from .models import (
    BudgetLine,
    Call,
    Origin,
    Proposal,
    ProposalEvent,
    ProposalMessage,
    ProposalRevision,
    ProposalRole,
    ProposalStatus,
    RoleParty,
    Score,
)
from .services import proposal_snapshot, screening_round_for_call

S = ProposalStatus
JST = ZoneInfo("Asia/Tokyo")
FY = 2026


def _department(bureau: str, section: str) -> Department | None:
    return Department.objects.filter(parent__name=bureau, name=section).first()


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _calls() -> dict[str, Call]:
    # The demo must stay usable whenever it is loaded: deadlines are at least a month ahead.
    soon = max(datetime(2027, 1, 29, 17, 0, tzinfo=JST), timezone.now() + timedelta(days=30))
    specs = {
        "citizen": dict(
            origin=Origin.CITIZEN, title="令和8年度 市民発意型 協働事業提案募集",
            department=_department("市民局", "市民協働推進課"),
            problem="地域の課題に取り組む市民活動団体・自治会町内会・企業などから、市と協働して行う事業の提案を募集します（条例第10条）。",
            expectations="団体の強みを活かし、市と対等な立場で課題解決に取り組む事業。提案前に市民協働推進センターへの相談をおすすめします。",
            budget_ceiling=1_000_000, period_start=date(2027, 4, 1), period_end=date(2028, 3, 31),
            contact="市民局 市民協働推進課（045-671-0000）／市民協働推進センター",
        ),
        "park": dict(
            origin=Origin.ADMINISTRATION, title="公園を活かした子どもの外遊び・自然体験の推進",
            department=_department("環境創造局", "公園緑地管理課"),
            problem="外で思い切り遊ぶ機会が減り、公園が子どもの居場所として十分に活かされていません。",
            expectations="プレイリーダーの配置や自然体験プログラムを、地域の団体が主体となって継続的に運営すること。公園の利用調整は市が担います。",
            budget_ceiling=800_000, period_start=date(2027, 4, 1), period_end=date(2028, 3, 31),
            contact="環境創造局 公園緑地管理課",
        ),
        "machi": dict(
            origin=Origin.ADMINISTRATION, title="駅周辺の地域まちづくり活動の推進",
            department=_department("都市整備局", "地域まちづくり課"),
            problem="駅周辺の土地利用が変わるなか、住民が主体となったまちづくりのルールや活動が求められています。",
            expectations="地域の協議会などが住民の意見をまとめ、まちづくりプランの作成と実践に取り組むこと。",
            budget_ceiling=600_000, period_start=date(2027, 4, 1), period_end=date(2028, 3, 31),
            contact="都市整備局 地域まちづくり課",
        ),
    }
    out = {}
    for key, spec in specs.items():
        if spec["department"] is None:
            continue
        out[key], _ = Call.objects.update_or_create(
            title=spec.pop("title"),
            defaults={**spec, "fiscal_year": FY, "deadline": soon, "is_published": True,
                      "opens_at": datetime(2026, 8, 1, 9, 0, tzinfo=JST)},
        )
    return out


PROPOSALS = [
    dict(
        org="港南台生き生きプレイパーク", call="citizen", status=S.ADOPTED, by="citizen@example.jp",
        title="港南台中央公園 プレイパーク事業", ward="港南区", fields=["childcare", "education"],
        departments=[("環境創造局", "公園緑地管理課"), ("港南区役所", "地域振興課")],
        local_problem="港南台では子どもが外で思い切り遊べる場所と時間が減り、禁止事項の多い公園では木登りや泥遊びもできません。",
        purpose="子どもが「自分の責任で自由に遊ぶ」ことのできる遊び場を地域の大人が見守り、子どもの生きる力と地域のつながりを育てる。",
        activities="港南台中央公園で毎月第2・第4土曜にプレイパークを開催。プレイリーダーを配置し、火や水、土、木を使った遊びを用意する。",
        beneficiaries="港南区内の子どもと保護者（年間延べ約2,000人）",
        why_collaboration="団体は遊び場運営のノウハウと地域の人材を、市は公園の利用調整と広報を担うことで、単独では難しい継続的な開催ができる。",
        collaboration_form="project-cooperation", start_type="D",
        schedule="4月 関係者会議・保険加入\n5月〜3月 月2回開催\n10月 中間振り返り\n3月 報告会・相互評価",
        roles=[("プレイパークの企画・運営、プレイリーダーの配置", RoleParty.GROUP),
               ("公園利用の調整、近隣への周知", RoleParty.CITY),
               ("広報紙・学校を通じたお知らせ", RoleParty.CITY)],
        budget=[("プレイリーダー謝礼", 360_000, 300_000), ("遊具・道具・消耗品", 150_000, 100_000),
                ("ボランティア保険", 40_000, 0), ("チラシ印刷", 50_000, 50_000)],
        reason="子どもの育ちと地域のつながりという公益性が高く、団体の実績から実現可能性も十分と評価しました。",
    ),
    dict(
        org="子どものワークショップ", call="park", status=S.BRUSHUP, by=None,
        title="寺家ふるさと村 子どもの自然体験ワークショップ", ward="青葉区", fields=["childcare", "environment"],
        departments=[("環境創造局", "北部農政事務所")],
        local_problem="里山が身近にあっても、子どもが自然の中で長い時間を過ごす機会はほとんどありません。",
        purpose="里山での遊びと農体験を通じて、子どもが自然と地域に愛着をもつきっかけをつくる。",
        activities="寺家ふるさと村で季節ごとのワークショップ（田植え、虫とり、竹細工、焚き火）を年8回開く。",
        beneficiaries="青葉区内の小学生と保護者（年間約400人）",
        why_collaboration="団体のプログラム作りと市の施設・農家とのつながりを合わせることで、安全で継続的な体験の場をつくれる。",
        collaboration_form="co-hosting", start_type="A",
        schedule="4月 準備\n5月〜2月 年8回開催\n3月 振り返り",
        roles=[("ワークショップの企画・運営", RoleParty.GROUP), ("施設利用と農家との調整", RoleParty.CITY),
               ("田んぼの指導", RoleParty.PARTNER)],
        budget=[("講師謝礼", 160_000, 120_000), ("材料費", 80_000, 40_000), ("保険料", 20_000, 0)],
    ),
    dict(
        org="ふらっとステーション・ドリーム", call="citizen", status=S.SUBMITTED, by="citizen2@example.jp",
        title="ドリームハイツ 多世代の居場所「ふらっとステーション」", ward="戸塚区", fields=["welfare", "elderly"],
        departments=[("健康福祉局", "地域福祉保健課")],
        local_problem="高齢化が進むドリームハイツでは、一人暮らしの高齢者や子育て中の親が気軽に集まれる場所が足りません。",
        purpose="商店街の空き店舗を、誰もがふらっと立ち寄れる多世代の居場所として運営し、見守りと支え合いを広げる。",
        activities="週5日の居場所運営、ランチの提供、子育てサロン、よろず相談。地域の団体（ふれあいドリーム、夢みん等）と連携する。",
        beneficiaries="ドリームハイツと周辺の住民（年間延べ約6,000人）",
        why_collaboration="住民の力で運営し、市は専門職による相談支援や関係機関とのつなぎを担うことで、地域包括ケアの一翼を担える。",
        collaboration_form="subsidy", start_type="D",
        schedule="4月〜3月 週5日運営\n9月 中間振り返り\n3月 報告会",
        roles=[("居場所の運営とランチ提供", RoleParty.GROUP), ("専門相談と関係機関へのつなぎ", RoleParty.CITY),
               ("配食の協力", RoleParty.PARTNER)],
        budget=[("家賃・光熱水費", 720_000, 360_000), ("食材費", 480_000, 0), ("備品費", 100_000, 80_000)],
    ),
    dict(
        org="新羽駅周辺まちづくり協議会", call="machi", status=S.SCREENING, by=None,
        title="新羽駅周辺まちづくりプランの作成と実践", ward="港北区", fields=["community"],
        departments=[("都市整備局", "地域まちづくり課"), ("港北区役所", "地域振興課")],
        local_problem="駅周辺で工場跡地の開発が進み、住環境や交通安全への不安が高まっています。",
        purpose="住民・事業者が話し合い、将来のまちの姿とルールを「まちづくりプラン」としてまとめ、実践につなげる。",
        activities="まち歩き、ワークショップ（年6回）、アンケート、プラン案の作成と地域説明会。",
        beneficiaries="新羽駅周辺の住民・事業者（約3,000世帯）",
        why_collaboration="住民の合意形成は協議会が、専門家派遣と制度面の助言は市が担うことで、実効性のあるプランにできる。",
        collaboration_form="planning-participation", start_type="A",
        schedule="4月 まち歩き\n6月〜11月 ワークショップ\n1月 プラン案説明会\n3月 プラン完成",
        roles=[("ワークショップの運営と住民意見のとりまとめ", RoleParty.GROUP),
               ("専門家派遣、制度の助言", RoleParty.CITY)],
        budget=[("会場費", 60_000, 30_000), ("資料印刷", 90_000, 60_000), ("専門家謝礼", 200_000, 200_000)],
        scores={"committee1@example.jp": [4, 4, 3, 3, 3, 4], "committee2@example.jp": [5, 4, 4, 3, 3, 3]},
    ),
    dict(
        org="港南台生き生きプレイパーク", call="citizen", status=S.DRAFT, by="citizen@example.jp",
        title="出張プレイパーク（港南区内の公園を巡回）", ward="港南区", fields=["childcare"],
        departments=[("港南区役所", "地域振興課")],
        local_problem="港南台以外の地域では、近くにプレイパークがありません。",
        purpose="", activities="", beneficiaries="", why_collaboration="", collaboration_form="", start_type="",
        schedule="", roles=[], budget=[],
    ),
]


def load(out: TextIO) -> None:
    calls = _calls()
    if not calls:
        out.write("Projects: departments missing (run partners.demo first); skipped.\n")
        return
    staff = _user("staff@example.jp")
    committee = [u for u in (_user(f"committee{i}@example.jp") for i in (1, 2, 3)) if u]
    for call in calls.values():
        round_ = screening_round_for_call(call=call, by=staff)
        round_.members.add(*committee)
    count = 0
    for spec in PROPOSALS:
        if _proposal(spec, calls, staff):
            count += 1
    out.write(f"Projects: {len(calls)} calls, {count} proposals\n")


def _proposal(spec: dict, calls: dict[str, Call], staff: User | None) -> Proposal | None:
    organisation = Organisation.objects.filter(name=spec["org"]).first()
    call = calls.get(spec["call"])
    if organisation is None or call is None:
        return None
    author = _user(spec["by"]) if spec["by"] else None
    if author is None:
        membership = organisation.memberships.select_related("user").first()
        author = membership.user if membership else None
    status = spec["status"]
    submitted_at = datetime(2026, 9, 20, 10, 0, tzinfo=JST) if status != S.DRAFT else None
    decided = status in {S.ADOPTED, S.NOT_ADOPTED}
    proposal, _ = Proposal.objects.update_or_create(
        organisation=organisation, title=spec["title"],
        defaults=dict(
            call=call, origin=call.origin, ward=Ward.objects.filter(name=spec["ward"]).first(),
            local_problem=spec["local_problem"], purpose=spec["purpose"], activities=spec["activities"],
            beneficiaries=spec["beneficiaries"], why_collaboration=spec["why_collaboration"],
            collaboration_form=spec["collaboration_form"], start_type=spec["start_type"], schedule=spec["schedule"],
            status=status, created_by=author, submitted_at=submitted_at,
            decision_reason=spec.get("reason", ""), decided_by=staff if decided else None,
            decided_at=datetime(2026, 12, 10, 15, 0, tzinfo=JST) if decided else None,
        ),
    )
    proposal.fields.set(FieldOfActivity.objects.filter(slug__in=spec["fields"]))
    proposal.departments.set(
        [d for d in (Department.objects.filter(parent__name=b, name=s).first() for b, s in spec["departments"]) if d]
    )
    proposal.roles.all().delete()
    ProposalRole.objects.bulk_create(
        ProposalRole(proposal=proposal, task=task, party=party, order=i,
                     partner_name="地域の農家" if party == RoleParty.PARTNER and "田んぼ" in task else
                     ("地域の協力団体" if party == RoleParty.PARTNER else ""))
        for i, (task, party) in enumerate(spec["roles"])
    )
    proposal.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(proposal=proposal, item=item, amount=amount, city_share=share, order=i)
        for i, (item, amount, share) in enumerate(spec["budget"])
    )
    _history(proposal, author, staff)
    _scores(proposal, spec.get("scores", {}))
    return proposal


PATHS = {
    S.DRAFT: [S.DRAFT],
    S.SUBMITTED: [S.DRAFT, S.SUBMITTED],
    S.BRUSHUP: [S.DRAFT, S.SUBMITTED, S.BRUSHUP],
    S.SCREENING: [S.DRAFT, S.SUBMITTED, S.SCREENING],
    S.ADOPTED: [S.DRAFT, S.SUBMITTED, S.SCREENING, S.ADOPTED],
}


def _history(proposal: Proposal, author: User | None, staff: User | None) -> None:
    if proposal.events.exists():
        return
    path = PATHS[proposal.status]
    at = datetime(2026, 9, 1, 10, 0, tzinfo=JST)
    previous = ""
    for step in path:
        actor = author if step in {S.DRAFT, S.SUBMITTED} else staff
        note = proposal.decision_reason if step == S.ADOPTED else ""
        ProposalEvent.objects.create(proposal=proposal, actor=actor, from_status=previous, to_status=step, at=at, note=note)
        if step == S.SUBMITTED:
            ProposalRevision.objects.get_or_create(
                proposal=proposal, number=1,
                defaults={"snapshot": proposal_snapshot(proposal), "created_by": author, "created_at": at},
            )
        previous = step
        at += timedelta(days=19)
    if proposal.status == S.BRUSHUP:
        coordinator = _user("coordinator@example.jp")
        ProposalMessage.objects.create(
            proposal=proposal, author=staff, created_at=at,
            body="安全管理の体制（焚き火の際の見守り人数など）と、雨天時の代替プログラムを追記してください。",
        )
        ProposalMessage.objects.create(
            proposal=proposal, author=coordinator, created_at=at + timedelta(days=1),
            body="近隣の農家さんとの役割分担も具体的に書くと、協働の姿が伝わりやすくなります。",
        )
        ProposalMessage.objects.create(
            proposal=proposal, author=staff, is_internal=True, created_at=at + timedelta(days=2),
            body="北部農政事務所と施設利用の日程を確認済み。予算は上限内。",
        )


def _scores(proposal: Proposal, by_member: dict[str, list[int]]) -> None:
    criteria = list(proposal.call.screening_round.criteria.all())
    for email, values in by_member.items():
        member = _user(email)
        if member is None:
            continue
        for criterion, value in zip(criteria, values, strict=False):
            Score.objects.update_or_create(
                member=member, proposal=proposal, criterion=criterion,
                defaults={"score": min(value, criterion.max_score), "comment": "地域の合意形成の進め方が具体的。" if value >= 4 else ""},
            )
