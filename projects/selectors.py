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
        qs.select_related("call__department", "organisation", "ward")
        .prefetch_related("departments", "fields", "co_proposers")
        .with_budget_totals()
    )


def proposals_of_user(user) -> QuerySet[Proposal]:
    return Proposal.objects.filter(organisation_id__in=roles_of(user).organisation_ids)


def criteria_of(round_: ScreeningRound) -> list[Criterion]:
    return [
        Criterion(id=c.pk, weight=c.weight, max_score=c.max_score, is_public_benefit=c.is_public_benefit)
        for c in round_.criteria.all()
    ]


def proposal_result(proposal: Proposal, round_: ScreeningRound) -> Result:
    # Members with a declared conflict are left out in the query itself (one query, not two).
    conflicted = ConflictDeclaration.objects.filter(proposal=proposal).values("member_id")
    entries = [
        Entry(member_id=m, criterion_id=c, score=s)
        for m, c, s in Score.objects.filter(proposal=proposal, criterion__round=round_)
        .exclude(member_id__in=conflicted)
        .values_list("member_id", "criterion_id", "score")
    ]
    return screening_result(criteria_of(round_), entries, round_.pass_mark_percent)


@dataclass
class RankedProposal:
    proposal: Proposal
    result: Result
    rank: int = 0


def round_ranking(round_: ScreeningRound) -> list[RankedProposal]:
    """The round's proposals in screening or decided, best first, in a fixed number of queries."""
    criteria = criteria_of(round_)
    ranked_statuses = [ProposalStatus.SCREENING, ProposalStatus.ADOPTED, ProposalStatus.NOT_ADOPTED]
    # Only what the ranking shows: a round of a few hundred proposals stays one narrow query.
    proposals = list(
        Proposal.objects.filter(call_id=round_.call_id, status__in=ranked_statuses)
        .select_related("organisation").only("title", "status", "call_id", "organisation__name")
        .prefetch_related(Prefetch("conflicts", queryset=ConflictDeclaration.objects.only("member_id", "proposal_id"),
                                   to_attr="conflict_list"))  # a list: no queryset built per row
    )
    entries: dict[int, list[Entry]] = defaultdict(list)
    for p, m, c, s in Score.objects.filter(
        proposal__call_id=round_.call_id, proposal__status__in=ranked_statuses, criterion__round=round_
    ).values_list("proposal_id", "member_id", "criterion_id", "score"):
        entries[p].append(Entry(member_id=m, criterion_id=c, score=s))
    ranked = [
        RankedProposal(
            proposal=p,
            result=screening_result(
                criteria, entries[p.pk], round_.pass_mark_percent, [c.member_id for c in p.conflict_list]
            ),
        )
        for p in proposals
    ]
    ranked.sort(key=lambda r: (not r.result.passed, -r.result.total, r.proposal.pk))
    for i, r in enumerate(ranked, start=1):
        r.rank = i
    return ranked
