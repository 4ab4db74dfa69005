"""Screening arithmetic, as one pure function (no database), so it can be tested thoroughly.

result  = Σ over criteria of (average of the scoring members' scores × weight)
maximum = Σ over criteria of (max_score × weight)
veto    = more than half of the scoring members gave the public-benefit criterion its lowest score (1)
passed  = result ≥ pass mark % of the maximum, and no veto

Members who declared a conflict of interest on the proposal are left out entirely, whatever
scores they may have entered. A criterion nobody scored counts as 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

LOWEST_SCORE = 1


@dataclass(frozen=True)
class Criterion:
    id: int
    weight: int
    max_score: int
    is_public_benefit: bool = False


@dataclass(frozen=True)
class Entry:
    member_id: int
    criterion_id: int
    score: int


@dataclass(frozen=True)
class Result:
    total: Decimal
    maximum: Decimal
    percent: Decimal
    averages: dict[int, Decimal] = field(default_factory=dict)
    scoring_members: int = 0
    veto: bool = False
    passed: bool = False

    @property
    def has_scores(self) -> bool:
        return self.scoring_members > 0


def _dec(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def screening_result(
    criteria: Iterable[Criterion],
    entries: Iterable[Entry],
    pass_mark_percent: int,
    excluded_member_ids: Iterable[int] = (),
) -> Result:
    criteria = list(criteria)
    excluded = set(excluded_member_ids)
    known = {c.id for c in criteria}
    by_criterion: dict[int, list[int]] = defaultdict(list)
    members: set[int] = set()
    public_benefit_ids = {c.id for c in criteria if c.is_public_benefit}
    lowest_on_public_benefit: set[int] = set()
    for entry in entries:
        if entry.member_id in excluded or entry.criterion_id not in known:
            continue
        by_criterion[entry.criterion_id].append(entry.score)
        members.add(entry.member_id)
        if entry.criterion_id in public_benefit_ids and entry.score <= LOWEST_SCORE:
            lowest_on_public_benefit.add(entry.member_id)

    total = Fraction(0)
    maximum = Fraction(0)
    averages: dict[int, Decimal] = {}
    for criterion in criteria:
        scores = by_criterion.get(criterion.id, [])
        average = Fraction(sum(scores), len(scores)) if scores else Fraction(0)
        averages[criterion.id] = _dec(average)
        total += average * criterion.weight
        maximum += Fraction(criterion.max_score * criterion.weight)

    percent = total * 100 / maximum if maximum else Fraction(0)
    veto = bool(members) and len(lowest_on_public_benefit) * 2 > len(members)
    passed = bool(members) and not veto and maximum > 0 and total * 100 >= maximum * pass_mark_percent
    return Result(
        total=_dec(total),
        maximum=_dec(maximum),
        percent=_dec(percent),
        averages=averages,
        scoring_members=len(members),
        veto=veto,
        passed=passed,
    )
