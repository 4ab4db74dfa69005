"""The screening arithmetic, without a database."""

from decimal import Decimal

from projects.scoring import Criterion, Entry, screening_result

PUBLIC = Criterion(id=1, weight=2, max_score=5, is_public_benefit=True)
FEASIBLE = Criterion(id=2, weight=1, max_score=5)
BUDGET = Criterion(id=3, weight=1, max_score=10)


def entries(member, **by_criterion):
    return [Entry(member, int(c[1:]), s) for c, s in by_criterion.items()]


def test_result_is_sum_of_weighted_averages():
    scores = entries(1, c1=4, c2=3) + entries(2, c1=5, c2=2)
    result = screening_result([PUBLIC, FEASIBLE], scores, pass_mark_percent=60)
    # (4+5)/2 × 2 + (3+2)/2 × 1 = 9 + 2.5
    assert result.total == Decimal("11.50")
    assert result.maximum == Decimal("15.00")
    assert result.averages == {1: Decimal("4.50"), 2: Decimal("2.50")}
    assert result.scoring_members == 2


def test_different_maximum_scores_enter_the_maximum():
    result = screening_result([FEASIBLE, BUDGET], entries(1, c2=5, c3=10), pass_mark_percent=60)
    assert result.maximum == Decimal("15.00")
    assert result.percent == Decimal("100.00")


def test_averages_keep_fractions_until_the_end():
    scores = entries(1, c2=1) + entries(2, c2=1) + entries(3, c2=2)
    result = screening_result([FEASIBLE], scores, pass_mark_percent=60)
    assert result.averages[2] == Decimal("1.33")
    assert result.percent == Decimal("26.67")


def test_passes_exactly_at_the_pass_mark():
    result = screening_result([FEASIBLE], entries(1, c2=3), pass_mark_percent=60)
    assert result.percent == Decimal("60.00")
    assert result.passed


def test_fails_just_below_the_pass_mark():
    scores = entries(1, c2=3) + entries(2, c2=3) + entries(3, c2=2)
    result = screening_result([FEASIBLE], scores, pass_mark_percent=60)
    assert not result.passed


def test_majority_giving_public_benefit_the_lowest_score_vetoes_a_high_total():
    scores = entries(1, c1=1, c2=5) + entries(2, c1=1, c2=5) + entries(3, c1=5, c2=5)
    result = screening_result([PUBLIC, FEASIBLE], scores, pass_mark_percent=10)
    assert result.veto
    assert not result.passed


def test_half_is_not_a_majority_for_the_veto():
    scores = entries(1, c1=1, c2=5) + entries(2, c1=5, c2=5)
    result = screening_result([PUBLIC, FEASIBLE], scores, pass_mark_percent=50)
    assert not result.veto
    assert result.passed


def test_low_but_not_lowest_public_benefit_scores_do_not_veto():
    scores = entries(1, c1=2, c2=5) + entries(2, c1=2, c2=5)
    assert not screening_result([PUBLIC, FEASIBLE], scores, pass_mark_percent=10).veto


def test_conflicted_members_are_left_out_of_averages_and_veto():
    scores = entries(1, c1=5, c2=5) + entries(2, c1=1, c2=1) + entries(3, c1=1, c2=1)
    without = screening_result([PUBLIC, FEASIBLE], scores, pass_mark_percent=60, excluded_member_ids={2, 3})
    assert without.scoring_members == 1
    assert without.total == Decimal("15.00")
    assert not without.veto
    assert without.passed
    with_all = screening_result([PUBLIC, FEASIBLE], scores, pass_mark_percent=60)
    assert with_all.veto


def test_no_scores_means_no_result_and_no_pass():
    result = screening_result([PUBLIC, FEASIBLE], [], pass_mark_percent=0)
    assert not result.has_scores
    assert result.total == Decimal("0.00")
    assert not result.passed
    assert not result.veto


def test_a_criterion_nobody_scored_counts_as_zero():
    result = screening_result([PUBLIC, FEASIBLE], entries(1, c2=5), pass_mark_percent=60)
    assert result.averages[1] == Decimal("0.00")
    assert result.total == Decimal("5.00")


def test_scores_for_unknown_criteria_are_ignored():
    result = screening_result([FEASIBLE], [Entry(1, 99, 5), Entry(1, 2, 4)], pass_mark_percent=60)
    assert result.total == Decimal("4.00")


def test_no_criteria_never_passes():
    assert not screening_result([], entries(1, c2=5), pass_mark_percent=0).passed
