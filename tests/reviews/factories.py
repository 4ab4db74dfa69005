"""Reviews test data: an in-force agreement made directly on the agreements models (a city
department as 甲 and a citizen group as 乙), its milestones, and the city's evaluation lists."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from agreements.models import Agreement, AgreementMilestone, AgreementParty, AgreementVersion, content_sha256
from kyodo.models import CheckSheetPoint, EvaluationItem
from projects.models import Call, Origin, Proposal, ProposalStatus
from reviews import services
from reviews.models import CheckAnswer

_numbers = itertools.count(1)

ITEMS = ["相乗効果", "進捗"]
POINTS = {
    "planning": "大きな目的について話し合った",
    "proceeding": "対等な立場で率直に意見交換した",
    "reviewing": "単独で行うより効果があったか話し合った",
}


def make_rules() -> None:
    for order, name in enumerate(ITEMS):
        EvaluationItem.objects.get_or_create(name=name, defaults={"order": order})
    for stage, text in POINTS.items():
        CheckSheetPoint.objects.get_or_create(stage=stage, text=text)


def make_proposal(organisation, department, *, status=ProposalStatus.ADOPTED, origin=Origin.CITIZEN,
                  ward=None, fields=(), submitted_at=None, decided_at=None, title=None) -> Proposal:
    call = Call.objects.create(
        origin=origin, title=f"協働事業提案 {next(_numbers)}", department=department, fiscal_year=2026,
        deadline=timezone.now() - dt.timedelta(days=90), is_published=True,
    )
    proposal = Proposal.objects.create(
        call=call, origin=origin, organisation=organisation, title=title or f"港南台プレイパーク事業 {call.pk}",
        purpose="子どもが外で遊べる場をつくる。", status=status, ward=ward,
        submitted_at=submitted_at, decided_at=decided_at,
    )
    proposal.departments.add(department)
    if fields:
        proposal.fields.add(*fields)
    return proposal


def make_agreement(organisation, department, *, proposal=None, in_force_at=None, title="港南台生き生きプレイパーク協働協定",
                   status=Agreement.Status.IN_FORCE) -> Agreement:
    proposal = proposal or make_proposal(organisation, department)
    agreement = Agreement.objects.create(
        proposal=proposal, number=f"R8-TEST-{next(_numbers):04d}", title=title, status=status,
        in_force_at=in_force_at or (timezone.now() if status == Agreement.Status.IN_FORCE else None),
    )
    content = {"purpose": proposal.purpose, "title": title}
    version = AgreementVersion.objects.create(
        agreement=agreement, number=1, content=content, content_hash=content_sha256(content)
    )
    agreement.current_version = version
    if status == Agreement.Status.IN_FORCE:
        agreement.in_force_version = version
    agreement.save(update_fields=["current_version", "in_force_version"])
    AgreementParty.objects.create(agreement=agreement, order=0, department=department, signatory_name="市民局長")
    AgreementParty.objects.create(agreement=agreement, order=1, organisation=organisation, signatory_name="代表")
    return agreement


def make_milestone(agreement, *, due_date=None, kind=AgreementMilestone.Kind.MID_TERM, title="中間振り返り"):
    return AgreementMilestone.objects.create(
        agreement=agreement, version=agreement.current_version, title=title,
        due_date=due_date or timezone.localdate() + dt.timedelta(days=30), kind=kind,
    )


def city(agreement) -> AgreementParty:
    return agreement.parties.get(department__isnull=False)


def group(agreement) -> AgreementParty:
    return agreement.parties.get(organisation__isnull=False)


def full_answers(review, score: int = 3, answer: str = CheckAnswer.YES, scores: dict | None = None):
    """Answers for every point and ratings for every (section, item); `scores` overrides by item name."""
    scores = scores or {}
    answers = {p["id"]: answer for p in review.points}
    ratings = [(s, i["id"], scores.get(i["name"], score), f"{i['name']}について") for s in review.sections
               for i in review.items]
    return answers, ratings


def submit(review, party, user, **kwargs):
    answers, ratings = full_answers(review, **kwargs)
    return services.response_submit(review=review, party=party, answers=answers, ratings=ratings, by=user)


def decide(review, user, decision="continue", actual_values=None):
    return services.review_record_decision(
        review=review, effect_vs_alone="単独より多くの子どもが参加した。", beneficiary_satisfaction="満足度 85%",
        problems="雨天時の会場", course_corrections="雨天時は地区センターを使う", decision=decision,
        actual_values=actual_values, by=user,
    )
