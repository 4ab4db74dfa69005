"""Demo step 3: each city's FY2026 (令和8年度) calls, proposals in every state, a screening round
with scores.

Yokohama's content is drawn from the seeds' cases (港南台生き生きプレイパーク, 子どものワークショップ,
ふらっとステーション・ドリーム, 新羽駅周辺まちづくり); Odawara's follows seed 003 (市民部 地域政策課's
行政提案型協働事業 and 市民活動応援補助金, its seven forms); Yoshikawa's seed 004 (start types A–D with
the seed's examples: NPOフォーラム, 道路里親制度, 総合振興計画, 団体主催理科教室). Idempotent: rows are
found by natural keys."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import User
from kyodo.democities import DemoCity, demo_city
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


CALLS = {
    "yokohama": {
            "citizen": dict(
                origin=Origin.CITIZEN, title="令和8年度 市民発意型 協働事業提案募集",
                department=("市民局", "市民協働推進課"),
                problem="地域の課題に取り組む市民活動団体・自治会町内会・企業などから、市と協働して行う事業の提案を募集します（条例第10条）。",
                expectations="団体の強みを活かし、市と対等な立場で課題解決に取り組む事業。提案前に市民協働推進センターへの相談をおすすめします。",
                budget_ceiling=1_000_000, period_start=date(2027, 4, 1), period_end=date(2028, 3, 31),
                contact="市民局 市民協働推進課（045-671-0000）／市民協働推進センター",
            ),
            "park": dict(
                origin=Origin.ADMINISTRATION, title="公園を活かした子どもの外遊び・自然体験の推進",
                department=("環境創造局", "公園緑地管理課"),
                problem="外で思い切り遊ぶ機会が減り、公園が子どもの居場所として十分に活かされていません。",
                expectations="プレイリーダーの配置や自然体験プログラムを、地域の団体が主体となって継続的に運営すること。公園の利用調整は市が担います。",
                budget_ceiling=800_000, period_start=date(2027, 4, 1), period_end=date(2028, 3, 31),
                contact="環境創造局 公園緑地管理課",
            ),
            "machi": dict(
                origin=Origin.ADMINISTRATION, title="駅周辺の地域まちづくり活動の推進",
                department=("都市整備局", "地域まちづくり課"),
                problem="駅周辺の土地利用が変わるなか、住民が主体となったまちづくりのルールや活動が求められています。",
                expectations="地域の協議会などが住民の意見をまとめ、まちづくりプランの作成と実践に取り組むこと。",
                budget_ceiling=600_000, period_start=date(2027, 4, 1), period_end=date(2028, 3, 31),
                contact="都市整備局 地域まちづくり課",
            ),
    },
    "odawara": {
        "citizen": dict(
            origin=Origin.CITIZEN, title="令和8年度 市民活動応援補助金（協働事業部門）",
            department=("市民部", "地域政策課"),
            problem="地域活動団体や市民活動団体が、地域の課題の解決に向けて市と協働して行う公益性の高い事業を募集します。",
            expectations="団体の特性を活かし、市と目的を共有して取り組む事業。応募前に市民活動サポートセンターでの相談をおすすめします。",
            budget_ceiling=500_000, period_start=date(2027, 4, 1), period_end=date(2028, 3, 31),
            contact="市民部 地域政策課／小田原市市民活動サポートセンター",
        ),
        "bosai": dict(
            origin=Origin.ADMINISTRATION, title="行政提案型協働事業「海沿いの地区の津波避難の備え」",
            department=("防災部", "防災対策課"),
            problem="海沿いの地区では、高齢の方を含めた避難の手順や避難路が住民に十分知られていません。",
            expectations="地区の団体が主体となって避難訓練と避難路の点検を行い、地区ごとの避難マップをつくること。",
            budget_ceiling=400_000, period_start=date(2027, 4, 1), period_end=date(2028, 3, 31),
            contact="防災部 防災対策課",
        ),
        "river": dict(
            origin=Origin.ADMINISTRATION, title="行政提案型協働事業「酒匂川の水辺の環境保全」",
            department=("環境部", "環境政策課"),
            problem="河川敷へのごみの投棄が続き、水辺の生きものにふれる機会も減っています。",
            expectations="清掃活動と観察会を、団体と市が共催で継続的に開くこと。",
            budget_ceiling=300_000, period_start=date(2027, 4, 1), period_end=date(2028, 3, 31),
            contact="環境部 環境政策課",
        ),
    },
    "yoshikawa": {
        "citizen": dict(
            origin=Origin.CITIZEN, title="令和8年度 よしかわ協働事業提案（市民提案）",
            department=("市民生活部", "市民参加推進課"),
            problem="市民の皆さんの発想と行政の力を合わせて取り組む、まちづくりの事業を募集します。",
            expectations="よしかわ協働ルール（目的共有・役割分担・公開・評価）を守り、スタート時の類型を明らかにした提案。",
            budget_ceiling=300_000, period_start=date(2027, 4, 1), period_end=date(2028, 3, 31),
            contact="市民生活部 市民参加推進課（048-982-5111 代表）",
        ),
        "road": dict(
            origin=Origin.ADMINISTRATION, title="道路里親制度（アダプト）による市道の美化",
            department=("都市整備部", "道路公園課"),
            problem="市道沿いの花壇や歩道の清掃が行き届かない区間があります。",
            expectations="地域の団体が道路の里親となって清掃・美化を行い、市は用具の支給と安全の周知を担うこと。",
            budget_ceiling=100_000, period_start=date(2027, 4, 1), period_end=date(2028, 3, 31),
            contact="都市整備部 道路公園課",
        ),
        "plan": dict(
            origin=Origin.ADMINISTRATION, title="総合振興計画 地区別ワークショップへの参加",
            department=("政策室", "企画課"),
            problem="次期総合振興計画に、地区ごとの課題と将来像を市民と一緒に盛り込みたいと考えています。",
            expectations="地区の団体が住民の意見を集め、市とともに地区別の計画案を立案すること（類型C・企画立案への参加）。",
            budget_ceiling=200_000, period_start=date(2027, 4, 1), period_end=date(2028, 3, 31),
            contact="政策室 企画課",
        ),
    },
}

def _calls(city: DemoCity) -> dict[str, Call]:
    # The demo must stay usable whenever it is loaded: deadlines are at least a month ahead.
    soon = max(datetime(2027, 1, 29, 17, 0, tzinfo=JST), timezone.now() + timedelta(days=30))
    out = {}
    for key, spec in CALLS[city.slug].items():
        spec = dict(spec)
        department = _department(*spec.pop("department"))
        if department is None:
            continue
        out[key], _ = Call.objects.update_or_create(
            title=spec.pop("title"),
            defaults={**spec, "department": department, "fiscal_year": FY, "deadline": soon, "is_published": True,
                      "opens_at": datetime(2026, 8, 1, 9, 0, tzinfo=JST)},
        )
    return out


PROPOSALS = {
"yokohama": [
    dict(
        org="港南台生き生きプレイパーク", call="citizen", status=S.ADOPTED, by="citizen",
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
        messages=[
            ("staff", False, "安全管理の体制（焚き火の際の見守り人数など）と、雨天時の代替プログラムを追記してください。"),
            ("coordinator", False, "近隣の農家さんとの役割分担も具体的に書くと、協働の姿が伝わりやすくなります。"),
            ("staff", True, "北部農政事務所と施設利用の日程を確認済み。予算は上限内。"),
        ],
    ),
    dict(
        org="ふらっとステーション・ドリーム", call="citizen", status=S.SUBMITTED, by="citizen2",
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
        scores=[[4, 4, 3, 3, 3, 4], [5, 4, 4, 3, 3, 3]],
    ),
    dict(
        org="港南台生き生きプレイパーク", call="citizen", status=S.DRAFT, by="citizen",
        title="出張プレイパーク（港南区内の公園を巡回）", ward="港南区", fields=["childcare"],
        departments=[("港南区役所", "地域振興課")],
        local_problem="港南台以外の地域では、近くにプレイパークがありません。",
        purpose="", activities="", beneficiaries="", why_collaboration="", collaboration_form="", start_type="",
        schedule="", roles=[], budget=[],
    ),
],
"odawara": [
    dict(
        org="早川地区まちづくり委員会", call="citizen", status=S.ADOPTED, by="citizen",
        title="早川地区 支え合いと見守りのモデル事業", ward="早川地区", fields=["community", "welfare", "elderly"],
        departments=[("市民部", "地域政策課"), ("福祉健康部", "高齢介護課")],
        local_problem="早川地区では高齢の一人暮らし世帯が増え、自治会だけでは見守りや買い物の手助けが行き届きません。",
        purpose="地区の各種団体が連携して見守りと支え合いの仕組みをつくり、住み慣れた地区で安心して暮らし続けられるようにする。",
        activities="見守り訪問（月2回）、地区公民館での「早川お茶の間サロン」（週1回）、買い物支援の送迎、担い手の養成講座。",
        beneficiaries="早川地区の高齢者世帯（約450世帯）と地区の住民",
        why_collaboration="委員会は地区の人材とつながりを、市は地域包括支援センターとの連携と担い手の養成を担うことで、"
        "地区の課題を地区自らが解決する仕組みを育てられる。",
        collaboration_form="project-cooperation", start_type="A",
        schedule="4月 協定締結・担い手会議\n5月〜3月 見守り訪問・サロン\n10月 中間振り返り\n3月 地区報告会",
        roles=[("見守り訪問とサロンの運営", RoleParty.GROUP), ("地域包括支援センターとの連携", RoleParty.CITY),
               ("担い手養成講座の開催", RoleParty.CITY)],
        budget=[("サロン運営費", 180_000, 120_000), ("送迎車両の保険・燃料", 120_000, 60_000),
                ("養成講座講師謝礼", 60_000, 60_000)],
        reason="地区の各種団体の新たな連携による取り組みで、地域コミュニティのモデルとして公益性と継続性が高いと評価しました。",
    ),
    dict(
        org="酒匂川をきれいにする会", call="river", status=S.BRUSHUP, by=None,
        title="酒匂川 水辺の清掃と生きもの観察会", ward="酒匂・小八幡地区", fields=["environment", "education"],
        departments=[("環境部", "環境政策課")],
        local_problem="河川敷へのごみの投棄が続き、子どもが水辺の生きものにふれる機会も減っています。",
        purpose="清掃と観察会を共催し、川を大切にする市民を増やす。",
        activities="毎月第1日曜の河川敷清掃、夏休みの生きもの観察会（年3回）、観察記録の展示。",
        beneficiaries="酒匂川流域の住民と小学生（年間約600人）",
        why_collaboration="団体の観察の知識と人手、市の河川管理者との調整と広報を合わせ、安全で続けられる活動にする。",
        collaboration_form="co-hosting", start_type="",
        schedule="4月 準備\n5月〜3月 毎月清掃\n7月・8月 観察会\n3月 展示・振り返り",
        roles=[("清掃と観察会の企画・運営", RoleParty.GROUP), ("河川管理者との調整・ごみの収集", RoleParty.CITY)],
        budget=[("ごみ袋・軍手等", 60_000, 60_000), ("観察会講師謝礼", 45_000, 30_000), ("保険料", 25_000, 0)],
        messages=[
            ("staff", False, "増水時の中止の基準と、観察会での子どもの見守り体制を追記してください。"),
            ("coordinator", False, "市の後援だけでなく共催にする理由（役割分担）を書くと伝わりやすくなります。"),
            ("staff", True, "河川管理者（県）との調整は環境政策課で引き受ける方向。"),
        ],
    ),
    dict(
        org="NPO法人 おだわら子育てネットワーク", call="citizen", status=S.SUBMITTED, by="citizen2",
        title="まちなか子育てひろばの運営", ward="緑地区", fields=["childcare"],
        departments=[("子ども青少年部", "子育て政策課")],
        local_problem="転入した子育て世帯が、身近に相談できる相手や集まれる場所を見つけにくい状況です。",
        purpose="駅に近い商店街の空き店舗で子育てひろばを開き、孤立しがちな親子を地域につなぐ。",
        activities="週3日のひろば開設、子育て経験者による相談、転入者向けの地域案内会。",
        beneficiaries="市内の乳幼児と保護者（年間延べ約3,000人）",
        why_collaboration="団体の当事者性と、市の子育て支援制度や関係機関とのつなぎを合わせることで、切れ目のない支援ができる。",
        collaboration_form="subsidy", start_type="",
        schedule="4月〜3月 週3日開設\n9月 中間振り返り\n3月 報告会",
        roles=[("ひろばの運営と相談", RoleParty.GROUP), ("関係機関へのつなぎと広報", RoleParty.CITY)],
        budget=[("家賃", 360_000, 180_000), ("相談員謝礼", 240_000, 120_000), ("消耗品", 40_000, 20_000)],
    ),
    dict(
        org="国府津地区自治会連合会", call="bosai", status=S.SCREENING, by=None,
        title="国府津地区 津波避難訓練と避難路マップづくり", ward="国府津地区", fields=["safety", "community"],
        departments=[("防災部", "防災対策課")],
        local_problem="海沿いの国府津地区では、避難路の坂道や階段が高齢者には負担で、避難の手順も十分知られていません。",
        purpose="住民と市が実行委員会をつくり、避難訓練と避難路の点検を通じて地区の避難マップを完成させる。",
        activities="避難路の点検まち歩き（年2回）、津波避難訓練（年1回）、避難マップの作成と全戸配布。",
        beneficiaries="国府津地区の住民（約2,800世帯）",
        why_collaboration="地区の実情を知る住民と、防災の専門知識をもつ市が実行委員会で対等に話し合うことで、使われるマップになる。",
        collaboration_form="executive-committee", start_type="",
        schedule="5月 実行委員会\n6月・11月 点検まち歩き\n9月 避難訓練\n2月 マップ配布",
        roles=[("まち歩きと訓練の運営、住民への周知", RoleParty.GROUP), ("防災の専門的助言、マップの印刷", RoleParty.CITY)],
        budget=[("マップ印刷", 180_000, 180_000), ("訓練用品", 60_000, 30_000), ("会場費", 20_000, 0)],
        scores=[[4, 5, 4, 3, 4, 4], [5, 4, 4, 4, 3, 4]],
    ),
    dict(
        org="早川地区まちづくり委員会", call="citizen", status=S.DRAFT, by="citizen",
        title="早川漁港 朝市の再開", ward="早川地区", fields=["revitalisation"],
        departments=[("経済部", "観光課")],
        local_problem="以前あった漁港の朝市がなくなり、地区の人が集まる機会が減りました。",
        purpose="", activities="", beneficiaries="", why_collaboration="", collaboration_form="", start_type="",
        schedule="", roles=[], budget=[],
    ),
],
"yoshikawa": [
    dict(
        org="よしかわ市民活動フォーラム実行委員会", call="citizen", status=S.ADOPTED, by="citizen",
        title="よしかわNPOフォーラム2027", ward="吉川地区", fields=["community", "education"],
        departments=[("市民生活部", "市民参加推進課")],
        local_problem="市民活動団体どうしのつながりが弱く、活動に参加したい市民に情報が届いていません（参加者の不足と固定化）。",
        purpose="団体の活動紹介と交流の場をつくり、新たな担い手の参加と団体どうしの連携を生む。",
        activities="市民交流センターでのフォーラム（活動発表、団体ブース、交流会）と、事前の団体向け発表講座。",
        beneficiaries="市内の市民活動団体（約40団体）と来場する市民（約500人）",
        why_collaboration="スタート時から目的を共有し（類型A）、団体は企画と出展者の調整を、市は会場と広報を担う共催とする。",
        collaboration_form="co-hosting", start_type="A",
        schedule="5月 実行委員会\n7月 発表講座\n11月 フォーラム開催\n1月 振り返り（導入・過程・成果）",
        roles=[("フォーラムの企画と出展団体の調整", RoleParty.GROUP), ("会場の確保と広報紙での周知", RoleParty.CITY)],
        budget=[("会場設営費", 120_000, 60_000), ("チラシ・ポスター印刷", 80_000, 80_000), ("講師謝礼", 30_000, 0)],
        reason="目的と目標が共有され、役割分担も明確で、市民活動の活性化という課題に直結すると評価しました。",
    ),
    dict(
        org="三輪野江道路里親の会", call="road", status=S.BRUSHUP, by=None,
        title="三輪野江地区 市道の道路里親活動", ward="三輪野江地区", fields=["environment", "community"],
        departments=[("都市整備部", "道路公園課")],
        local_problem="通学路になっている市道の歩道に雑草が伸び、花壇も手入れされていません。",
        purpose="会が道路の里親となって清掃と花壇の手入れを続け、安全で気持ちのよい通学路にする。",
        activities="月1回の清掃、花壇の植え替え（年2回）、子どもと一緒の花植え。",
        beneficiaries="三輪野江地区の住民と通学する児童",
        why_collaboration="それぞれ単独で続けてきた清掃と道路管理を、目的を共有して進める（類型B）。",
        collaboration_form="adopt", start_type="B",
        schedule="4月 合意書\n5月〜3月 月1回清掃\n6月・11月 花植え",
        roles=[("清掃と花壇の手入れ", RoleParty.GROUP), ("用具・花苗の支給、ごみの回収", RoleParty.CITY)],
        budget=[("花苗", 40_000, 40_000), ("清掃用具", 20_000, 20_000)],
        messages=[
            ("staff", False, "作業区間の地図と、交通量の多い区間での安全対策を追記してください。"),
            ("coordinator", False, "地区の小学校やPTAにも声をかけると、参加者の固定化を防げます。"),
            ("staff", True, "道路公園課と花苗の支給量を確認済み。"),
        ],
    ),
    dict(
        org="NPO法人 よしかわ子ども理科クラブ", call="citizen", status=S.SUBMITTED, by="citizen2",
        title="夏休み 子ども理科教室", ward="美南地区", fields=["education", "childcare"],
        departments=[("教育部", "生涯学習課")],
        local_problem="理科の実験や工作を体験できる場が学校の外に少なく、夏休みの子どもの居場所も足りません。",
        purpose="団体主催の理科教室に市が協力し（類型D）、子どもが科学を楽しむ機会を広げる。",
        activities="夏休みの理科教室（5日間、各回30人）、地域の技術者による工作講座。",
        beneficiaries="市内の小学生（約150人）",
        why_collaboration="団体の専門性と、市の公共施設と学校への周知を合わせることで、多くの子どもに届けられる。",
        collaboration_form="endorsement", start_type="D",
        schedule="6月 募集\n8月 理科教室\n9月 振り返り",
        roles=[("理科教室の企画・運営", RoleParty.GROUP), ("会場の提供と学校への周知", RoleParty.CITY)],
        budget=[("実験材料費", 90_000, 0), ("保険料", 15_000, 0)],
    ),
    dict(
        org="旭地区自治会連合会", call="plan", status=S.SCREENING, by=None,
        title="旭地区 地区別計画づくりワークショップ", ward="旭地区", fields=["community", "safety"],
        departments=[("政策室", "企画課")],
        local_problem="水害への備えや公共交通など、旭地区の課題が計画に十分反映されていません。",
        purpose="住民がワークショップで地区の課題と将来像を話し合い、総合振興計画の地区別計画案をまとめる。",
        activities="ワークショップ（年5回）、住民アンケート、地区別計画案の報告会。",
        beneficiaries="旭地区の住民（約2,000世帯）",
        why_collaboration="行政が概要を決め市民に呼びかける類型Cとして、住民の声を計画立案に直接生かせる。",
        collaboration_form="planning-participation", start_type="C",
        schedule="6月〜12月 ワークショップ\n1月 報告会",
        roles=[("ワークショップの参加者集めと意見のとりまとめ", RoleParty.GROUP), ("資料づくりと計画への反映", RoleParty.CITY)],
        budget=[("会場費", 25_000, 25_000), ("資料印刷", 40_000, 40_000)],
        scores=[[4, 4, 4, 3, 3, 4], [4, 5, 3, 3, 4, 4]],
    ),
    dict(
        org="よしかわ市民活動フォーラム実行委員会", call="citizen", status=S.DRAFT, by="citizen",
        title="市民活動団体の交流サロン", ward="吉川地区", fields=["community"],
        departments=[("市民生活部", "市民参加推進課")],
        local_problem="活動の拠点・情報交換の場が足りません。",
        purpose="", activities="", beneficiaries="", why_collaboration="", collaboration_form="", start_type="",
        schedule="", roles=[], budget=[],
    ),
],
}


def load(out: TextIO) -> None:
    city = demo_city()
    calls = _calls(city)
    if not calls:
        out.write("Projects: departments missing (run partners.demo first); skipped.\n")
        return
    staff = _user(city.email("staff"))
    committee = [u for u in (_user(email) for email in city.emails("committee")) if u]
    for call in calls.values():
        round_ = screening_round_for_call(call=call, by=staff)
        round_.members.add(*committee)
    count = 0
    for spec in PROPOSALS[city.slug]:
        if _proposal(city, spec, calls, staff):
            count += 1
    out.write(f"Projects: {len(calls)} calls, {count} proposals\n")


def _proposal(city: DemoCity, spec: dict, calls: dict[str, Call], staff: User | None) -> Proposal | None:
    organisation = Organisation.objects.filter(name=spec["org"]).first()
    call = calls.get(spec["call"])
    if organisation is None or call is None:
        return None
    author = _user(city.email(spec["by"])) if spec["by"] else None
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
    _history(city, proposal, spec.get("messages", []), author, staff)
    _scores(proposal, dict(zip(city.emails("committee"), spec.get("scores", []), strict=False)))
    return proposal


PATHS = {
    S.DRAFT: [S.DRAFT],
    S.SUBMITTED: [S.DRAFT, S.SUBMITTED],
    S.BRUSHUP: [S.DRAFT, S.SUBMITTED, S.BRUSHUP],
    S.SCREENING: [S.DRAFT, S.SUBMITTED, S.SCREENING],
    S.ADOPTED: [S.DRAFT, S.SUBMITTED, S.SCREENING, S.ADOPTED],
}


def _history(city: DemoCity, proposal: Proposal, messages: list[tuple[str, bool, str]], author: User | None,
             staff: User | None) -> None:
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
    for offset, (role, internal, body) in enumerate(messages):
        ProposalMessage.objects.create(
            proposal=proposal, author=_user(city.email(role)), is_internal=internal,
            created_at=at + timedelta(days=offset), body=body,
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
