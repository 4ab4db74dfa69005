"""Demo consultations at each city's support centres (Yokohama's drawn from the seeds' cases).
Idempotent: a case is found by its centre and summary; dates are relative to today so that some
follow-ups are always overdue. Runs after partners.demo and projects.demo."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.utils import timezone

from accounts.models import User
from kyodo.democities import demo_city
from partners.models import CoordinatorPosting, Department, FieldOfActivity, Organisation, SupportCentre

from .models import (
    Channel,
    Consultation,
    ConsultationContact,
    ConsultationEvent,
    ConsultationStatus,
    ConsultationTopic,
    Referral,
    VisitorKind,
)

S = ConsultationStatus

# summary, centre (None: the demo coordinator's centre), days ago, channel, who, topics (slugs),
# fields (slugs), question, response, follow-up (days from today), status, closed reason,
# referrals [(kind, name)], contacts [(days ago, channel, note)]; requested_by and in_charge are
# role keys of the city's demo logins (kyodo.democities); link_proposal: a word of the proposal's title.
CASES = {
"yokohama": [
    dict(
        summary="子どもが自由に遊べる公園をつくりたい（プレイパーク）", days_ago=420, channel=Channel.VISIT,
        organisation="港南台生き生きプレイパーク", person_name="港南 さとみ", person_contact="090-0000-1111",
        visitor_kind=VisitorKind.CIVIC, topics=["proposal", "venue", "networking"], fields=["childcare", "environment"],
        question="近所の公園は禁止事項が多く、子どもが思いきり遊べない。港南台中央公園で、火や泥も使える"
        "冒険遊び場を開けないか。保護者仲間と始めたいが、どこに相談すればよいか分からない。",
        response="冒険遊び場（プレイパーク）の事例を紹介。公園を管理する港南区役所と、同じ思いで活動する"
        "「こどもの生き生きスペースづくり塾」を紹介し、協働事業提案制度を説明した。",
        status=S.LED_TO_PROPOSAL, referrals=[("department", "港南区役所 地域振興課"), ("organisation", "こどもの生き生きスペースづくり塾")],
        contacts=[(400, Channel.PHONE, "区役所との打合せ日程を調整。"), (380, Channel.VISIT, "提案書の書き方を一緒に確認。")],
        link_proposal="プレイパーク",
    ),
    dict(
        summary="NPO法人を設立したい", days_ago=40, channel=Channel.VISIT,
        organisation="こどもの生き生きスペースづくり塾", visitor_kind=VisitorKind.CIVIC,
        topics=["incorporation", "management"], fields=["childcare"],
        question="活動が10年を超え、会計や契約のために法人化を考えている。NPO法人の設立手続きと、任意団体のままとの違いを知りたい。",
        response="NPO法人の設立手続き（所轄庁への申請、縦覧期間）と設立後の事務を説明。次回、定款の案を持ってきてもらう。",
        status=S.FOLLOWING, follow_up=-4,
        contacts=[(20, Channel.EMAIL, "定款の例と設立認証申請の手引きを送付。")],
    ),
    dict(
        summary="自治会で防災訓練を地域ぐるみで行いたい", days_ago=12, channel=Channel.OUTREACH,
        group_name="港南台三丁目自治会", visitor_kind=VisitorKind.NEIGHBOURHOOD,
        topics=["networking", "proposal"], fields=["safety", "community"],
        question="高齢の世帯が増え、災害時の安否確認が心配。近くの学校や福祉施設とも一緒に訓練できないか。",
        response="地域防災拠点の運営委員会の仕組みを説明し、区役所の担当課を紹介。",
        status=S.FOLLOWING, follow_up=0, referrals=[("department", "港南区役所 地域振興課")],
    ),
    dict(
        summary="カフェの開業資金に使える補助金を知りたい", days_ago=60, channel=Channel.PHONE,
        person_name="上大岡 たろう", person_contact="045-000-2222", visitor_kind=VisitorKind.INDIVIDUAL,
        topics=["funding"], fields=["revitalisation"],
        question="空き店舗でカフェを開きたい。市の補助金を使えないか。",
        response="市民活動への助成と創業支援の違いを説明。",
        status=S.CLOSED,
        closed_reason="営利事業の開業資金の相談で、協働事業の対象ではなかった。創業支援の窓口を案内した。"
        "地域の居場所づくりとして取り組む場合は改めて相談してもらうことにした。",
    ),
    dict(
        summary="プレイパークのボランティアを増やしたい", days_ago=2, channel=Channel.PORTAL,
        organisation="港南台生き生きプレイパーク", visitor_kind=VisitorKind.CIVIC, topics=["volunteers", "publicity"],
        fields=["childcare"], question="土日の見守りをしてくれる大人が足りません。募集の仕方を相談したいです。",
        status=S.OPEN, requested_by="citizen", unassigned=True,
    ),
    dict(
        summary="定年後に地域でボランティアを始めたい", days_ago=9, channel=Channel.PHONE,
        person_name="日野 まさる", person_contact="045-000-3333", visitor_kind=VisitorKind.INDIVIDUAL,
        topics=["volunteers"], fields=["elderly", "welfare"],
        question="定年退職したので、週に1、2回地域の役に立つことをしたい。",
        response="見守りや配食のボランティア募集を紹介。見学の日程を調整中。",
        status=S.FOLLOWING, follow_up=5, in_charge="coordinator2",
    ),
    dict(
        summary="活動の広報をもっと広げたい", days_ago=25, channel=Channel.VISIT, centre="とつか区民活動センター",
        organisation="ふらっとステーション・ドリーム", visitor_kind=VisitorKind.CIVIC, topics=["publicity"],
        fields=["welfare", "elderly"],
        question="サロンやカレッジの案内が、団地の外の人に届いていない。",
        response="区の広報紙、地域情報サイト、掲示板の使い方を説明。",
        status=S.FOLLOWING, follow_up=-1,
    ),
    dict(
        summary="まち普請事業の整備費について", days_ago=70, channel=Channel.ONLINE, centre="港北区区民活動支援センター",
        organisation="新羽駅周辺まちづくり協議会", visitor_kind=VisitorKind.NEIGHBOURHOOD, topics=["funding", "proposal"],
        fields=["community", "safety"],
        question="通学路のアートウォークとポケットパークを整備したい。まち普請事業の応募の流れを知りたい。",
        response="制度の概要と公開コンテストの流れを説明し、担当課を紹介した。",
        status=S.FOLLOWING, follow_up=10, referrals=[("department", "都市整備局 地域まちづくり課")],
    ),
    dict(
        summary="寺家ふるさと村で子ども向けプログラムの場所を探している", days_ago=15, channel=Channel.EMAIL,
        centre="青葉区区民活動支援センター", organisation="子どものワークショップ", visitor_kind=VisitorKind.CIVIC,
        topics=["venue"], fields=["childcare", "education", "environment"],
        question="自然の中で創造力を育てるプログラムを開きたい。使える場所と手続きを知りたい。",
        status=S.OPEN,
    ),
    dict(
        summary="見守り活動と囲炉裏端会議を一緒にできないか", days_ago=200, channel=Channel.VISIT,
        centre="瀬谷区民活動センター", organisation="おやじの広場", visitor_kind=VisitorKind.CIVIC,
        topics=["networking"], fields=["culture", "welfare"],
        question="長屋門公園の活動に、地域の見守りネットワークの人たちにも来てもらいたい。",
        response="阿久和北部見守りネットワーク実行委員会を紹介した。",
        status=S.CLOSED, referrals=[("organisation", "阿久和北部見守りネットワーク実行委員会")],
        closed_reason="団体同士で直接連携して活動することになり、市との協働事業にする必要がなくなった。",
    ),
    dict(
        summary="社員のボランティア活動で地域に貢献したい", days_ago=5, channel=Channel.ONLINE, centre="市民協働推進センター",
        group_name="株式会社みなとテック", person_name="桜木 ひかり", person_contact="hikari@example.jp",
        visitor_kind=VisitorKind.COMPANY, topics=["networking", "volunteers"], fields=["environment"],
        question="CSRとして社員が参加できる地域活動を探している。環境分野に関心がある。",
        status=S.OPEN,
    ),
],
"odawara": [
    dict(
        summary="地区の見守りを自治会だけでなく地区全体で進めたい", days_ago=300, channel=Channel.VISIT,
        organisation="早川地区まちづくり委員会", visitor_kind=VisitorKind.NEIGHBOURHOOD,
        topics=["proposal", "networking"], fields=["community", "welfare", "elderly"],
        question="一人暮らしの高齢者が増え、自治会の役員だけでは見守りが続かない。地区の団体が一緒に取り組む方法はないか。",
        response="地区の各種団体による連携組織と市が協定を結ぶモデル事業を説明し、地域政策課と市民活動応援補助金を紹介した。",
        status=S.LED_TO_PROPOSAL, referrals=[("department", "市民部 地域政策課")],
        contacts=[(280, Channel.PHONE, "地域政策課との打合せ日程を調整。"), (260, Channel.VISIT, "申請書の書き方を一緒に確認。")],
        link_proposal="見守り",
    ),
    dict(
        summary="子育てひろばのボランティアを募集したい", days_ago=30, channel=Channel.VISIT,
        organisation="NPO法人 おだわら子育てネットワーク", visitor_kind=VisitorKind.CIVIC,
        topics=["volunteers", "publicity"], fields=["childcare"],
        question="ひろばの相談員が足りない。子育てを終えた世代に声をかけたい。",
        response="ボランティア募集の掲示と、サポートセンターの情報誌への掲載を案内した。",
        status=S.FOLLOWING, follow_up=-3,
    ),
    dict(
        summary="川の清掃を市と共催にするには", days_ago=14, channel=Channel.PHONE,
        organisation="酒匂川をきれいにする会", visitor_kind=VisitorKind.CIVIC, topics=["proposal"], fields=["environment"],
        question="これまでは市の後援で清掃をしてきた。共催にすると何が変わるのか。",
        response="共催・後援・事業協力の違い（協働の形態）を説明し、環境政策課を紹介した。",
        status=S.FOLLOWING, follow_up=0, referrals=[("department", "環境部 環境政策課")], in_charge="coordinator2",
    ),
    dict(
        summary="お茶の間サロンの担い手を増やしたい", days_ago=3, channel=Channel.PORTAL,
        organisation="早川地区まちづくり委員会", visitor_kind=VisitorKind.NEIGHBOURHOOD,
        topics=["volunteers"], fields=["welfare", "elderly"],
        question="サロンの運営がいつも同じ数人に頼っています。若い世代にも加わってもらう方法を相談したいです。",
        status=S.OPEN, requested_by="citizen", unassigned=True,
    ),
    dict(
        summary="城下町ガイドの会場として施設を借りたい", days_ago=90, channel=Channel.VISIT,
        organisation="小田原城下町ガイドの会", visitor_kind=VisitorKind.CIVIC, topics=["venue"], fields=["culture"],
        question="ガイドの研修会に使える会場を探している。",
        response="市民交流センターの会議室の予約方法を案内した。",
        status=S.CLOSED, closed_reason="会場の予約ができ、相談は解決した。協働事業の提案には至らなかった。",
    ),
    dict(
        summary="企業として地域の防災訓練に協力したい", days_ago=8, channel=Channel.ONLINE,
        group_name="株式会社さがみ物流", person_name="国府津 ひろみ", person_contact="hiromi@odawara.example.jp",
        visitor_kind=VisitorKind.COMPANY, topics=["networking"], fields=["safety"],
        question="社有地を津波の一時避難場所として使ってもらえないか、地区と話したい。",
        status=S.OPEN,
    ),
],
"yoshikawa": [
    dict(
        summary="市民活動団体が集まるフォーラムを市と一緒に開きたい", days_ago=320, channel=Channel.VISIT,
        organisation="よしかわ市民活動フォーラム実行委員会", visitor_kind=VisitorKind.CIVIC,
        topics=["proposal", "networking"], fields=["community"],
        question="団体どうしが知り合う場がない。NPOフォーラムを市と共催できないか。",
        response="協働の類型（スタート時協力型）と形態（共催）を説明し、市民参加推進課を紹介した。",
        status=S.LED_TO_PROPOSAL, referrals=[("department", "市民生活部 市民参加推進課")],
        contacts=[(300, Channel.PHONE, "実行委員会の立ち上げを相談。")],
        link_proposal="フォーラム",
    ),
    dict(
        summary="理科教室の会場と保険について", days_ago=45, channel=Channel.VISIT,
        organisation="NPO法人 よしかわ子ども理科クラブ", visitor_kind=VisitorKind.CIVIC,
        topics=["venue", "management"], fields=["education"],
        question="夏休みの理科教室に使える会場と、子ども向け行事の保険を知りたい。",
        response="公民館の予約方法と、市民活動団体向けの保険を説明。",
        status=S.FOLLOWING, follow_up=-2,
    ),
    dict(
        summary="道路里親の参加者が固定化している", days_ago=10, channel=Channel.PHONE,
        organisation="三輪野江道路里親の会", visitor_kind=VisitorKind.CIVIC, topics=["volunteers"],
        fields=["environment"],
        question="いつも同じ顔ぶれで、高齢化している。若い人に参加してもらうには。",
        response="学校・PTAへの声かけと、サポートセンターの情報コーナーでの募集を提案した。",
        status=S.FOLLOWING, follow_up=0, in_charge="coordinator2",
    ),
    dict(
        summary="フォーラムの出展団体を増やしたい", days_ago=2, channel=Channel.PORTAL,
        organisation="よしかわ市民活動フォーラム実行委員会", visitor_kind=VisitorKind.CIVIC,
        topics=["networking", "publicity"], fields=["community"],
        question="フォーラムに出展する団体がいつも同じです。新しい団体に声をかける方法を相談したいです。",
        status=S.OPEN, requested_by="citizen", unassigned=True,
    ),
    dict(
        summary="個人で始められるボランティアを知りたい", days_ago=120, channel=Channel.VISIT,
        person_name="木売 けいこ", person_contact="048-000-4444", visitor_kind=VisitorKind.INDIVIDUAL,
        topics=["volunteers"], fields=["welfare"],
        question="子育てが一段落したので、地域の役に立ちたい。",
        response="サポートセンターのボランティア登録を案内し、登録が済んだ。",
        status=S.CLOSED, closed_reason="ボランティア登録が済み、団体の紹介で活動を始めたため。",
    ),
],
}


def load(out: TextIO) -> None:
    city = demo_city()
    coordinator = User.objects.filter(email=city.email("coordinator")).first()
    posting = CoordinatorPosting.objects.filter(user=coordinator).select_related("centre").first()
    if coordinator is None or posting is None:
        out.write(f"cases: skipped (partners demo not loaded: no {city.email('coordinator')})\n")
        return
    topics = {t.slug: t for t in ConsultationTopic.objects.all()}
    fields = {f.slug: f for f in FieldOfActivity.objects.all()}
    now, today = timezone.now(), timezone.localdate()
    count = 0
    for spec in CASES[city.slug]:
        centre = SupportCentre.objects.filter(name=spec["centre"]).first() if spec.get("centre") else posting.centre
        organisation = Organisation.objects.filter(name=spec["organisation"]).first() if spec.get("organisation") else None
        if centre is None or (spec.get("organisation") and organisation is None):
            continue
        follow_up = spec.get("follow_up")
        in_charge = None if spec.get("unassigned") or centre != posting.centre else (
            User.objects.get(email=city.email(spec["in_charge"])) if spec.get("in_charge") else coordinator
        )
        case, created = Consultation.objects.update_or_create(
            centre=centre, summary=spec["summary"],
            defaults={
                "coordinator": in_charge,
                "opened_at": timezone.localtime(now - dt.timedelta(days=spec["days_ago"])).replace(
                    hour=10, minute=30, second=0, microsecond=0
                ),
                "channel": spec["channel"],
                "organisation": organisation,
                "group_name": spec.get("group_name", ""),
                "person_name": spec.get("person_name", ""),
                "person_contact": spec.get("person_contact", ""),
                "visitor_kind": spec["visitor_kind"],
                "ward": organisation.ward if organisation else centre.ward,
                "question": spec.get("question", ""),
                "response": spec.get("response", ""),
                "next_follow_up": today + dt.timedelta(days=follow_up) if follow_up is not None else None,
                "status": spec["status"],
                "closed_reason": spec.get("closed_reason", ""),
                "requested_by": (
                    User.objects.filter(email=city.email(spec["requested_by"])).first() if spec.get("requested_by") else None
                ),
                "created_by": coordinator,
            },
        )
        case.topics.set([topics[s] for s in spec["topics"] if s in topics])
        case.fields.set([fields[s] for s in spec["fields"] if s in fields])
        for kind, name in spec.get("referrals", []):
            target = _referral_target(kind, name)
            if target is not None:
                Referral.objects.get_or_create(
                    consultation=case, **{kind: target},
                    defaults={"by": coordinator, "at": case.opened_at + dt.timedelta(days=1)},
                )
        for days_ago, channel, note in spec.get("contacts", []):
            ConsultationContact.objects.get_or_create(
                consultation=case, contacted_on=today - dt.timedelta(days=days_ago), channel=channel,
                defaults={"note": note, "by": coordinator},
            )
        if spec.get("link_proposal"):
            _link_proposal(case, organisation, spec["link_proposal"], out)
            case.refresh_from_db()
        if created:
            kind = ConsultationEvent.Kind.REQUESTED if spec["channel"] == Channel.PORTAL else ConsultationEvent.Kind.RECORDED
            ConsultationEvent.objects.create(
                consultation=case, kind=kind, to_status=S.OPEN, actor=case.requested_by or coordinator,
                to_centre=centre, to_coordinator=in_charge, at=case.opened_at,
            )
            if case.status != S.OPEN:
                ConsultationEvent.objects.create(
                    consultation=case, kind=ConsultationEvent.Kind.STATUS, from_status=S.OPEN, to_status=case.status,
                    actor=coordinator, note=case.closed_reason, at=case.opened_at + dt.timedelta(days=1),
                )
        count += 1
    out.write(f"cases: {count} consultations\n")


def _referral_target(kind: str, name: str):
    if kind == "organisation":
        return Organisation.objects.filter(name=name).first()
    if " " in name:  # "港南区役所 地域振興課": a section under its parent
        parent, section = name.split(" ", 1)
        return Department.objects.filter(parent__name=parent, name=section).first()
    return Department.objects.filter(parent=None, name=name).first()


def _link_proposal(case: Consultation, organisation: Organisation, title_word: str, out: TextIO) -> None:
    """Link the consultation to the group's proposal from projects.demo (the one with `title_word`
    in its title), if loaded."""
    from projects.models import Proposal

    proposal = (
        Proposal.objects.filter(organisation=organisation, title__contains=title_word).order_by("pk").first()
        or Proposal.objects.filter(organisation=organisation).order_by("pk").first()
    )
    if proposal is None:
        # Without the projects demo there is nothing to link: keep the case in follow-up.
        Consultation.objects.filter(pk=case.pk).update(status=S.FOLLOWING, proposal=None)
        out.write(f"cases: no {title_word} proposal to link (projects demo not loaded)\n")
        return
    Consultation.objects.filter(pk=case.pk).update(proposal=proposal, status=S.LED_TO_PROPOSAL)
