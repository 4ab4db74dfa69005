"""Demo step for reviews, in each city: targets for its agreement in force (Yokohama: the
港南台生き生きプレイパーク), its mid-term review submitted by both parties, decided and published,
an overdue milestone, and a little history in the previous fiscal year so the yearly report has
a year-on-year comparison.

Idempotent: every write is an update_or_create on a natural key or a service whose repeat is
harmless. Skips quietly when the agreements demo has not made the agreement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from agreements.models import Agreement, AgreementMilestone
from kyodo.democities import demo_city
from kyodo.models import CheckSheetPoint, EvaluationItem
from kyodo.tenancy import current_city

from . import services
from .models import ProjectTarget, Review, TargetKind

PLAYPARK = "港南台生き生きプレイパーク"
TARGETS = [
    (TargetKind.OUTCOME, "プレイパークに参加した子ども（延べ人数）", Decimal("1200"), "人"),
    (TargetKind.ACTIVITY, "プレイパークの開催回数", Decimal("24"), "回"),
    (TargetKind.ACTIVITY, "プレーリーダー養成講座の修了者", Decimal("6"), "人"),
    (TargetKind.SATISFACTION, "保護者アンケートで「満足」と答えた割合", Decimal("80"), "%"),
]

# Per city: whose agreement is reviewed (`staff` and `citizen`: role keys of the city's demo
# logins), its targets with the mid-term actuals, both parties' scores of the first evaluation
# items, the decision and the published summary; and the year before (FY2025).
REVIEWS = {
    "yokohama": dict(
        org=PLAYPARK, staff="ward_staff", citizen="citizen", targets=TARGETS,
        actuals=[Decimal("640"), Decimal("12"), Decimal("4"), Decimal("86")],
        city_scores={0: (4, "公園利用の調整が早く進み、開催日を安定して確保できた。"),
                     1: (3, "開催回数は計画どおり。雨天中止が2回あった。")},
        group_scores={0: (5, "区の広報で参加者が倍増し、単独では届かない家庭にも届いた。"),
                      1: (3, "プレーリーダーの育成がやや遅れている。")},
        decision=dict(
            effect_vs_alone="区の広報と学校を通じた周知で、団体単独の前年に比べ参加者が約2倍になった。",
            beneficiary_satisfaction="保護者アンケート（回答82件）で86%が「満足」。子どもの自由記述も好意的。",
            problems="雨天時の会場がない。プレーリーダーの育成が計画より遅れている。",
            course_corrections="雨天時は港南台地区センターを使う。養成講座を下半期に2回追加する。",
        ),
        summary=(
            "令和8年度中間振り返り（2026年10月）：上半期に12回開催し、延べ640人の子どもが参加しました。"
            "区の広報と公園利用の調整により、団体単独で行うより多くの家庭に届きました。保護者アンケートでは86%が"
            "「満足」と回答しています。雨天時の会場確保が課題のため、下半期は地区センターを雨天会場とし、"
            "事業を継続します。"
        ),
        overdue="第3四半期の振り返り（活動記録の確認）",
        previous_proposals=[
            ("港南台 子どものワークショップ（令和7年度）", PLAYPARK, "adopted", "地域の子どもが身近な自然を学ぶ場として評価した。"),
            ("新羽駅周辺まちづくり 情報発信事業", "ふらっとステーション・ドリーム", "not_adopted",
             "目的は評価したが、市との役割分担と予算の積算が具体的でなかったため。次年度の再提案を歓迎する。"),
        ],
        previous_purpose="地域の子どもと大人がつながる機会をつくる。",
        previous_consultations=[
            ("子どものワークショップの会場を相談したい", dt.datetime(2025, 6, 12, 10, 0)),
            ("駅前の情報発信を市と一緒にできないか", dt.datetime(2026, 3, 31, 16, 30)),
        ],
        previous_group="港南台の子育てグループ",
    ),
    "odawara": dict(
        org="早川地区まちづくり委員会", staff="staff", citizen="citizen",
        targets=[
            (TargetKind.OUTCOME, "見守り訪問を受けた世帯数", Decimal("120"), "世帯"),
            (TargetKind.ACTIVITY, "お茶の間サロンの開催回数", Decimal("48"), "回"),
            (TargetKind.ACTIVITY, "担い手養成講座の修了者", Decimal("10"), "人"),
            (TargetKind.SATISFACTION, "利用者アンケートで「満足」と答えた割合", Decimal("80"), "%"),
        ],
        actuals=[Decimal("74"), Decimal("24"), Decimal("6"), Decimal("91")],
        city_scores={0: (4, "地域包括支援センターとの連携で、支援が必要な世帯に早くつながった。"),
                     1: (3, "担い手養成講座は計画どおり1回開催した。")},
        group_scores={0: (4, "市の周知でサロンを知った世帯が増えた。"),
                      1: (3, "見守りの担い手がまだ足りない。")},
        decision=dict(
            effect_vs_alone="地区の団体と市が連携したことで、自治会単独のときより見守り世帯が約1.5倍に増えた。",
            beneficiary_satisfaction="利用者アンケート（回答56件）で91%が「満足」。",
            problems="見守りの担い手が一部の役員に偏っている。",
            course_corrections="下半期に担い手養成講座を1回追加し、地区の中学校にも協力を呼びかける。",
        ),
        summary=(
            "令和8年度中間振り返り（2026年10月）：上半期に74世帯への見守り訪問と24回のサロンを行いました。"
            "地域包括支援センターとの連携により、支援が必要な世帯に早くつながりました。担い手の偏りが課題のため、"
            "下半期は養成講座を追加し、事業を継続します。"
        ),
        overdue="第3四半期の検証（見守り記録の確認）",
        previous_proposals=[
            ("早川地区 お茶の間サロン試行事業（令和7年度）", "早川地区まちづくり委員会", "adopted",
             "地区の各種団体の連携のきっかけとして評価した。"),
            ("まちなか子育て情報誌の発行", "NPO法人 おだわら子育てネットワーク", "not_adopted",
             "目的は評価したが、既存の情報誌との役割の違いが明らかでなかったため。次年度の再提案を歓迎する。"),
        ],
        previous_purpose="地区の住民どうしが支え合うきっかけをつくる。",
        previous_consultations=[
            ("地区の団体の連携の進め方を相談したい", dt.datetime(2025, 7, 3, 14, 0)),
            ("子育て情報誌を市と一緒に作れないか", dt.datetime(2026, 2, 18, 10, 30)),
        ],
        previous_group="早川地区の自治会",
    ),
    "yoshikawa": dict(
        org="よしかわ市民活動フォーラム実行委員会", staff="staff", citizen="citizen",
        targets=[
            (TargetKind.OUTCOME, "フォーラムの来場者数", Decimal("500"), "人"),
            (TargetKind.OUTCOME, "新たに参加した団体数", Decimal("5"), "団体"),
            (TargetKind.ACTIVITY, "発表講座の開催回数", Decimal("2"), "回"),
            (TargetKind.SATISFACTION, "来場者アンケートで「満足」と答えた割合", Decimal("80"), "%"),
        ],
        actuals=[Decimal("0"), Decimal("3"), Decimal("1")],  # the forum is in November
        city_scores={0: (4, "スタート時に目的と目標を共有でき、役割分担も明確だった。"),
                     1: (3, "準備は計画どおり進んでいる。")},
        group_scores={0: (4, "市の広報で出展の問い合わせが増えた。"),
                      1: (3, "実行委員の負担が一部に偏っている。")},
        decision=dict(
            effect_vs_alone="市の広報と会場の確保により、団体単独の交流会より多くの団体が出展を申し込んだ。",
            beneficiary_satisfaction="発表講座の参加者アンケート（回答18件）で全員が「役に立った」と回答。",
            problems="実行委員の負担が一部に偏っている（特定の人への負担）。",
            course_corrections="当日の運営ボランティアをサポートセンターで募集する。",
        ),
        summary=(
            "令和8年度中間振り返り（2026年10月）：発表講座を1回開き、新たに3団体の出展が決まりました。"
            "導入では目的と目標を共有でき、過程では役割分担どおりに準備が進んでいます。実行委員の負担の偏りが"
            "課題のため、当日の運営ボランティアを募集して11月のフォーラムを開催します。"
        ),
        overdue="開催直前の確認（出展団体と役割の最終確認）",
        previous_proposals=[
            ("よしかわNPOフォーラム（令和7年度）", "よしかわ市民活動フォーラム実行委員会", "adopted",
             "市民活動団体の交流の場として評価した。"),
            ("理科教室の出前授業", "NPO法人 よしかわ子ども理科クラブ", "not_adopted",
             "趣旨は評価したが、学校との役割分担が具体的でなかったため。次年度の再提案を歓迎する。"),
        ],
        previous_purpose="市民活動団体どうしがつながる機会をつくる。",
        previous_consultations=[
            ("フォーラムの会場を相談したい", dt.datetime(2025, 6, 20, 10, 0)),
            ("理科教室を学校で開けないか", dt.datetime(2026, 3, 27, 15, 0)),
        ],
        previous_group="市民活動団体の有志",
    ),
}

def _user(email: str):
    return get_user_model().objects.filter(email=email).first()


def load(out: TextIO) -> None:
    city = demo_city()
    spec = REVIEWS[city.slug]
    agreement = (
        Agreement.objects.filter(status=Agreement.Status.IN_FORCE, parties__organisation__name=spec["org"])
        .select_related("in_force_version").first()
    )
    staff, citizen = _user(city.email(spec["staff"])), _user(city.email(spec["citizen"]))
    if agreement is None or agreement.in_force_version is None or not (staff and citizen):
        out.write(f"reviews: no in-force agreement for {spec['org']}, skipped\n")
        return
    if not EvaluationItem.objects.active().exists() or not CheckSheetPoint.objects.active().exists():
        from kyodo.rules import load_preset

        load_preset(current_city().preset)
    for order, (kind, description, value, unit) in enumerate(spec["targets"]):
        ProjectTarget.objects.update_or_create(
            agreement=agreement, description=description,
            defaults={"kind": kind, "target_value": value, "unit": unit, "order": order, "created_by": citizen},
        )
    mid_term = _milestone(agreement, "中間振り返り", dt.date(2026, 10, 15), AgreementMilestone.Kind.MID_TERM)
    review = _published_review(spec, mid_term, agreement, staff, citizen)
    # An overdue milestone shows on both parties' home pages and triggers the overdue reminder.
    overdue = _milestone(agreement, spec["overdue"], timezone.localdate() - dt.timedelta(days=10),
                         AgreementMilestone.Kind.REVIEW)
    history = _previous_year(spec, agreement)
    out.write(
        f"reviews: {history} rows of FY2025 history, {len(spec['targets'])} targets, "
        f"mid-term review {review.get_status_display()}, overdue milestone {overdue.due_date:%Y-%m-%d}\n"
    )


def _milestone(agreement: Agreement, title: str, due: dt.date, kind: str) -> AgreementMilestone:
    existing = agreement.milestones.filter(title=title).first()
    if existing:
        return existing
    milestone, _created = AgreementMilestone.objects.get_or_create(
        agreement=agreement, version=agreement.in_force_version, title=title, due_date=due, defaults={"kind": kind},
    )
    return milestone


def _published_review(spec: dict, milestone: AgreementMilestone, agreement: Agreement, staff, citizen) -> Review:
    review = services.review_open(milestone=milestone, by=staff)
    for party in agreement.parties.all():
        by, scores = (staff, spec["city_scores"]) if party.is_city else (citizen, spec["group_scores"])
        answers = {p["id"]: ("yes" if i % 3 else "partly") for i, p in enumerate(review.points)}
        ratings = [
            (section, item["id"], *scores.get(i, (3, "計画どおり。")))
            for section in review.sections for i, item in enumerate(review.items)
        ]
        services.response_submit(review=review, party=party, answers=answers, ratings=ratings, by=by)
    targets = list(agreement.targets.order_by("order"))
    actuals = {t.pk: spec["actuals"][i] for i, t in enumerate(targets) if i < len(spec["actuals"])}
    services.review_record_decision(
        review=review,
        **spec["decision"], decision="continue_with_changes", actual_values=actuals, by=citizen,
    )
    services.review_set_summary(review=review, text=spec["summary"], by=citizen)
    for party in agreement.parties.all():
        by = staff if party.is_city else citizen
        review = services.review_approve_publication(review=review, party=party, by=by)
    # The joint meeting took place in October: date the record accordingly (FY2026).
    Review.objects.filter(pk=review.pk, decided_at__gt=timezone.make_aware(dt.datetime(2026, 10, 20))).update(
        decided_at=timezone.make_aware(dt.datetime(2026, 10, 20, 15, 0)),
    )
    review.refresh_from_db()
    return review


def _previous_year(spec: dict, agreement: Agreement) -> int:
    """The year before (FY2025): a call, two proposals screened in November 2025 (one adopted, the
    other not, with reasons) and two consultations, so the report compares two years."""
    from cases.models import Consultation
    from partners.models import Organisation
    from projects.models import Call, Origin, Proposal

    department = agreement.parties.filter(department__isnull=False).first().department
    ward = agreement.proposal.ward
    call, _created = Call.objects.update_or_create(
        title=f"令和7年度 {current_city().city_name}市民協働事業提案制度", fiscal_year=2025,
        defaults={"origin": Origin.CITIZEN, "department": department, "is_published": True,
                  "deadline": timezone.make_aware(dt.datetime(2025, 9, 30, 17, 0))},
    )
    count = 1
    for title, org_name, status, reason in spec["previous_proposals"]:
        organisation = Organisation.objects.filter(name=org_name).first()
        if organisation is None:
            continue
        proposal, _created = Proposal.objects.update_or_create(
            call=call, title=title,
            defaults={"origin": Origin.CITIZEN, "organisation": organisation, "ward": ward, "status": status,
                      "purpose": spec["previous_purpose"], "decision_reason": reason,
                      "submitted_at": timezone.make_aware(dt.datetime(2025, 9, 20, 14, 0)),
                      "decided_at": timezone.make_aware(dt.datetime(2025, 11, 20, 10, 0))},
        )
        proposal.departments.add(department)
        proposal.fields.add(*agreement.proposal.fields.all())
        count += 1
    centre = Consultation.objects.order_by("pk").values_list("centre_id", flat=True).first()  # the cases demo's
    if centre:
        for summary, opened in spec["previous_consultations"]:
            Consultation.objects.update_or_create(
                summary=summary, centre_id=centre,
                defaults={"opened_at": timezone.make_aware(opened), "channel": "visit", "visitor_kind": "civic",
                          "group_name": spec["previous_group"], "ward": ward, "status": "led_to_proposal"},
            )
            count += 1
    return count
