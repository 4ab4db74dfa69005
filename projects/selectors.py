"""Reads that several views share."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from accounts.roles import roles_of

from .models import ConflictDeclaration, Proposal, ProposalStatus, Score, ScreeningRound
from .scoring import Criterion, Entry, Result, screening_result


def proposals_for_list(qs: QuerySet[Proposal] | None = None) -> QuerySet[Proposal]:
    """Everything a list row shows, in a fixed number of queries."""
    qs = Proposal.objects.all() if qs is None else qs
    return (
        qs.select_related("call", "organisation", "ward")
        .prefetch_related("departments", "fields", "co_proposers")
        .with_budget_totals()
    )


def proposals_of_user(user) -> QuerySet[Proposal]:
    return Proposal.objects.filter(organisation_id__in=roles_of(user).organisation_ids)


def staff_visible_proposals() -> QuerySet[Proposal]:
    return Proposal.objects.not_draft()


def criteria_of(round_: ScreeningRound) -> list[Criterion]:
    return [
        Criterion(id=c.pk, weight=c.weight, max_score=c.max_score, is_public_benefit=c.is_public_benefit)
        for c in round_.criteria.all()
    ]


def proposal_result(proposal: Proposal, round_: ScreeningRound) -> Result:
    excluded = ConflictDeclaration.objects.filter(proposal=proposal).values_list("member_id", flat=True)
    entries = [
        Entry(member_id=m, criterion_id=c, score=s)
        for m, c, s in Score.objects.filter(proposal=proposal, criterion__round=round_).values_list(
            "member_id", "criterion_id", "score"
        )
    ]
    return screening_result(criteria_of(round_), entries, round_.pass_mark_percent, excluded)


@dataclass
class RankedProposal:
    proposal: Proposal
    result: Result
    rank: int = 0


def round_ranking(round_: ScreeningRound) -> list[RankedProposal]:
    """The round's proposals in screening or decided, best first, in a fixed number of queries."""
    criteria = criteria_of(round_)
    proposals = list(
        proposals_for_list(
            Proposal.objects.filter(
                call_id=round_.call_id,
                status__in=[ProposalStatus.SCREENING, ProposalStatus.ADOPTED, ProposalStatus.NOT_ADOPTED],
            )
        ).prefetch_related(Prefetch("conflicts", queryset=ConflictDeclaration.objects.only("member_id", "proposal_id")))
    )
    entries: dict[int, list[Entry]] = defaultdict(list)
    for p, m, c, s in Score.objects.filter(proposal__in=proposals, criterion__round=round_).values_list(
        "proposal_id", "member_id", "criterion_id", "score"
    ):
        entries[p].append(Entry(member_id=m, criterion_id=c, score=s))
    ranked = [
        RankedProposal(
            proposal=p,
            result=screening_result(
                criteria, entries[p.pk], round_.pass_mark_percent, [c.member_id for c in p.conflicts.all()]
            ),
        )
        for p in proposals
    ]
    ranked.sort(key=lambda r: (not r.result.passed, -r.result.total, r.proposal.pk))
    for i, r in enumerate(ranked, start=1):
        r.rank = i
    return ranked
