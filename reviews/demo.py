"""Demo step for reviews: targets for the in-force 港南台生き生きプレイパーク agreement, its
mid-term review submitted by both parties, decided and published, an overdue milestone, and a
little history in the previous fiscal year so the yearly report has a year-on-year comparison.

Idempotent: every write is an update_or_create on a natural key or a service whose repeat is
harmless. Skips quietly when the agreements demo has not made the agreement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from agreements.models import Agreement, AgreementMilestone
from kyodo.models import CheckSheetPoint, EvaluationItem

from . import services
from .models import ProjectTarget, Review, TargetKind

PLAYPARK = "港南台生き生きプレイパーク"
TARGETS = [
    (TargetKind.OUTCOME, "プレイパークに参加した子ども（延べ人数）", Decimal("1200"), "人"),
    (TargetKind.ACTIVITY, "プレイパークの開催回数", Decimal("24"), "回"),
    (TargetKind.ACTIVITY, "プレーリーダー養成講座の修了者", Decimal("6"), "人"),
    (TargetKind.SATISFACTION, "保護者アンケートで「満足」と答えた割合", Decimal("80"), "%"),
]
ACTUALS = [Decimal("640"), Decimal("12"), Decimal("4"), Decimal("86")]
CITY_SCORES = {0: (4, "公園利用の調整が早く進み、開催日を安定して確保できた。"),
               1: (3, "開催回数は計画どおり。雨天中止が2回あった。")}
GROUP_SCORES = {0: (5, "区の広報で参加者が倍増し、単独では届かない家庭にも届いた。"),
                1: (3, "プレーリーダーの育成がやや遅れている。")}
SUMMARY = (
    "令和8年度中間振り返り（2026年10月）：上半期に12回開催し、延べ640人の子どもが参加しました。"
    "区の広報と公園利用の調整により、団体単独で行うより多くの家庭に届きました。保護者アンケートでは86%が"
    "「満足」と回答しています。雨天時の会場確保が課題のため、下半期は地区センターを雨天会場とし、"
    "事業を継続します。"
)


def _user(email: str):
    return get_user_model().objects.filter(email=email).first()


def load(out: TextIO) -> None:
    agreement = (
        Agreement.objects.filter(status=Agreement.Status.IN_FORCE, parties__organisation__name=PLAYPARK)
        .select_related("in_force_version").first()
    )
    ward_staff, citizen = _user("ward-staff@example.jp"), _user("citizen@example.jp")
    if agreement is None or agreement.in_force_version is None or not (ward_staff and citizen):
        out.write("reviews: no in-force agreement for the play park, skipped\n")
        return
    if not EvaluationItem.objects.active().exists() or not CheckSheetPoint.objects.active().exists():
        from kyodo.rules import load_preset

        load_preset()
    for order, (kind, description, value, unit) in enumerate(TARGETS):
        ProjectTarget.objects.update_or_create(
            agreement=agreement, description=description,
            defaults={"kind": kind, "target_value": value, "unit": unit, "order": order, "created_by": citizen},
        )
    mid_term = _milestone(agreement, "中間振り返り", dt.date(2026, 10, 15), AgreementMilestone.Kind.MID_TERM)
    review = _published_review(mid_term, agreement, ward_staff, citizen)
    # An overdue milestone shows on both parties' home pages and triggers the overdue reminder.
    overdue = _milestone(agreement, "第3四半期の振り返り（活動記録の確認）",
                         timezone.localdate() - dt.timedelta(days=10), AgreementMilestone.Kind.REVIEW)
    history = _previous_year(agreement)
    out.write(
        f"reviews: {history} rows of FY2025 history, {len(TARGETS)} targets, mid-term review {review.get_status_display()}, "
        f"overdue milestone {overdue.due_date:%Y-%m-%d}\n"
    )


def _milestone(agreement: Agreement, title: str, due: dt.date, kind: str) -> AgreementMilestone:
    existing = agreement.milestones.filter(title=title).first()
    if existing:
        return existing
    milestone, _created = AgreementMilestone.objects.get_or_create(
        agreement=agreement, version=agreement.in_force_version, title=title, due_date=due, defaults={"kind": kind},
    )
    return milestone


def _published_review(milestone: AgreementMilestone, agreement: Agreement, ward_staff, citizen) -> Review:
    review = services.review_open(milestone=milestone, by=ward_staff)
    for party in agreement.parties.all():
        by, scores = (ward_staff, CITY_SCORES) if party.is_city else (citizen, GROUP_SCORES)
        answers = {p["id"]: ("yes" if i % 3 else "partly") for i, p in enumerate(review.points)}
        ratings = [
            (section, item["id"], *scores.get(i, (3, "計画どおり。")))
            for section in review.sections for i, item in enumerate(review.items)
        ]
        services.response_submit(review=review, party=party, answers=answers, ratings=ratings, by=by)
    targets = list(agreement.targets.order_by("order"))
    actuals = {t.pk: ACTUALS[i] for i, t in enumerate(targets) if i < len(ACTUALS)}
    services.review_record_decision(
        review=review,
        effect_vs_alone="区の広報と学校を通じた周知で、団体単独の前年に比べ参加者が約2倍になった。",
        beneficiary_satisfaction="保護者アンケート（回答82件）で86%が「満足」。子どもの自由記述も好意的。",
        problems="雨天時の会場がない。プレーリーダーの育成が計画より遅れている。",
        course_corrections="雨天時は港南台地区センターを使う。養成講座を下半期に2回追加する。",
        decision="continue_with_changes", actual_values=actuals, by=citizen,
    )
    services.review_set_summary(review=review, text=SUMMARY, by=citizen)
    for party in agreement.parties.all():
        by = ward_staff if party.is_city else citizen
        review = services.review_approve_publication(review=review, party=party, by=by)
    # The joint meeting took place in October: date the record accordingly (FY2026).
    Review.objects.filter(pk=review.pk, decided_at__gt=timezone.make_aware(dt.datetime(2026, 10, 20))).update(
        decided_at=timezone.make_aware(dt.datetime(2026, 10, 20, 15, 0)),
    )
    review.refresh_from_db()
    return review


# The year before (FY2025): a call, two proposals screened in November 2025 (one adopted, the
# other not, with reasons) and two consultations, so the report compares two years.
PREVIOUS_PROPOSALS = [
    ("港南台 子どものワークショップ（令和7年度）", PLAYPARK, "adopted", "地域の子どもが身近な自然を学ぶ場として評価した。"),
    ("新羽駅周辺まちづくり 情報発信事業", "ふらっとステーション・ドリーム", "not_adopted",
     "目的は評価したが、市との役割分担と予算の積算が具体的でなかったため。次年度の再提案を歓迎する。"),
]
PREVIOUS_CONSULTATIONS = [
    ("子どものワークショップの会場を相談したい", dt.datetime(2025, 6, 12, 10, 0)),
    ("駅前の情報発信を市と一緒にできないか", dt.datetime(2026, 3, 31, 16, 30)),
]


def _previous_year(agreement: Agreement) -> int:
    from cases.models import Consultation
    from partners.models import Organisation
    from projects.models import Call, Origin, Proposal

    department = agreement.parties.filter(department__isnull=False).first().department
    ward = agreement.proposal.ward
    call, _created = Call.objects.update_or_create(
        title="令和7年度 横浜市市民協働事業提案制度", fiscal_year=2025,
        defaults={"origin": Origin.CITIZEN, "department": department, "is_published": True,
                  "deadline": timezone.make_aware(dt.datetime(2025, 9, 30, 17, 0))},
    )
    count = 1
    for title, org_name, status, reason in PREVIOUS_PROPOSALS:
        organisation = Organisation.objects.filter(name=org_name).first()
        if organisation is None:
            continue
        proposal, _created = Proposal.objects.update_or_create(
            call=call, title=title,
            defaults={"origin": Origin.CITIZEN, "organisation": organisation, "ward": ward, "status": status,
                      "purpose": "地域の子どもと大人がつながる機会をつくる。", "decision_reason": reason,
                      "submitted_at": timezone.make_aware(dt.datetime(2025, 9, 20, 14, 0)),
                      "decided_at": timezone.make_aware(dt.datetime(2025, 11, 20, 10, 0))},
        )
        proposal.departments.add(department)
        proposal.fields.add(*agreement.proposal.fields.all())
        count += 1
    centre = Consultation.objects.order_by("pk").values_list("centre_id", flat=True).first()  # the cases demo's
    if centre:
        for summary, opened in PREVIOUS_CONSULTATIONS:
            Consultation.objects.update_or_create(
                summary=summary, centre_id=centre,
                defaults={"opened_at": timezone.make_aware(opened), "channel": "visit", "visitor_kind": "civic",
                          "group_name": "港南台の子育てグループ", "ward": ward, "status": "led_to_proposal"},
            )
            count += 1
    return count
