from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from agreements.models import Agreement, AgreementMilestone
from kyodo.models import EvaluationItem
from kyodo.workflow import NotAllowed, TransitionError
from reviews import services
from reviews.models import RS, ProjectTarget, ReviewEvent, ReviewStage, Section
from reviews.selectors import comparison

from . import factories as rf

pytestmark = pytest.mark.django_db


def test_open_snapshots_items_so_later_renames_do_not_rewrite_history(review):
    assert [i["name"] for i in review.items] == rf.ITEMS
    EvaluationItem.objects.filter(name="相乗効果").update(name="協働の効果")
    review.refresh_from_db()
    assert review.items[0]["name"] == "相乗効果"


def test_mid_term_review_asks_the_proceeding_points_in_one_section(review):
    assert review.stage == ReviewStage.MID_TERM
    assert review.sections == [Section.PROCESS]
    assert [p["text"] for p in review.points] == [rf.POINTS["proceeding"]]


def test_final_review_covers_start_process_and_results(agreement, staff):
    milestone = rf.make_milestone(agreement, kind=AgreementMilestone.Kind.FINAL, title="最終振り返り")
    review = services.review_open(milestone=milestone, by=staff)
    assert review.stage == ReviewStage.FINAL
    assert review.sections == ["introduction", "process", "results"]
    assert {p["section"] for p in review.points} == {"introduction", "process", "results"}


def test_open_twice_returns_the_same_review(review, milestone, citizen):
    assert services.review_open(milestone=milestone, by=citizen).pk == review.pk


def test_outsider_cannot_open_a_review(milestone, outsider):
    with pytest.raises(NotAllowed):
        services.review_open(milestone=milestone, by=outsider)


def test_first_submission_collects_and_second_makes_it_comparable(review, agreement, staff, citizen):
    rf.submit(review, rf.city(agreement), staff)
    review.refresh_from_db()
    assert review.status == RS.COLLECTING
    rf.submit(review, rf.group(agreement), citizen)
    review.refresh_from_db()
    assert review.status == RS.COMPARED
    assert review.events.filter(kind=ReviewEvent.Kind.STATUS, to_status=RS.COMPARED).exists()


def test_party_submits_only_once(review, agreement, staff):
    first = rf.submit(review, rf.city(agreement), staff)
    again = rf.submit(review, rf.city(agreement), staff, score=1)
    assert again.pk == first.pk
    assert first.ratings.filter(score=1).count() == 0


def test_user_cannot_submit_for_the_other_party(review, agreement, citizen):
    with pytest.raises(NotAllowed):
        rf.submit(review, rf.city(agreement), citizen)


def test_incomplete_submission_is_refused(review, agreement, staff):
    answers, ratings = rf.full_answers(review)
    with pytest.raises(TransitionError):
        services.response_submit(review=review, party=rf.city(agreement), answers=answers, ratings=ratings[:-1],
                                 by=staff)
    assert not review.responses.exists()


def test_out_of_range_score_is_refused(review, agreement, staff):
    answers, ratings = rf.full_answers(review, score=6)
    with pytest.raises(TransitionError):
        services.response_submit(review=review, party=rf.city(agreement), answers=answers, ratings=ratings, by=staff)


def test_comparison_flags_differences_of_two_points_or_more(review, agreement, staff, citizen):
    rf.submit(review, rf.city(agreement), staff, scores={"相乗効果": 5, "進捗": 3})
    rf.submit(review, rf.group(agreement), citizen, scores={"相乗効果": 3, "進捗": 2})
    result = comparison(review, list(review.responses.prefetch_related("ratings", "answers")))
    by_item = {row.label: row for row in result["ratings"]}
    assert by_item["相乗効果"].differs and by_item["相乗効果"].spread == 2
    assert not by_item["進捗"].differs and by_item["進捗"].spread == 1
    assert result["differences"] == 1
    assert [c["score"] for c in by_item["相乗効果"].cells] == [5, 3]


def test_comparison_flags_different_check_answers(review, agreement, staff, citizen):
    rf.submit(review, rf.city(agreement), staff, answer="yes")
    rf.submit(review, rf.group(agreement), citizen, answer="partly")
    result = comparison(review, list(review.responses.prefetch_related("ratings", "answers")))
    assert all(row.differs for row in result["points"])


@pytest.fixture
def compared(review, agreement, staff, citizen):
    rf.submit(review, rf.city(agreement), staff)
    rf.submit(review, rf.group(agreement), citizen)
    review.refresh_from_db()
    return review


def test_decision_is_recorded_with_actual_values(compared, agreement, citizen):
    target = ProjectTarget.objects.create(agreement=agreement, kind="activity", description="開催回数",
                                          target_value=24, unit="回")
    review = rf.decide(compared, citizen, decision="continue_with_changes", actual_values={target.pk: Decimal("20")})
    assert review.status == RS.DECIDED
    assert review.decision == "continue_with_changes"
    assert review.decided_by == citizen
    assert review.target_results.get().actual_value == 20


def test_decision_before_both_submitted_is_refused(review, agreement, staff):
    rf.submit(review, rf.city(agreement), staff)
    with pytest.raises(NotAllowed):
        rf.decide(review, staff)


def test_decision_by_outsider_is_refused(compared, outsider):
    with pytest.raises(NotAllowed):
        rf.decide(compared, outsider)


def test_repeated_decision_is_harmless(compared, staff):
    rf.decide(compared, staff, decision="end")
    again = rf.decide(compared, staff, decision="end")
    assert again.status == RS.DECIDED
    assert again.events.filter(to_status=RS.DECIDED).count() == 1


@pytest.fixture
def decided(compared, staff):
    rf.decide(compared, staff)
    compared.refresh_from_db()
    return compared


def test_published_only_when_every_party_approved_the_same_text(decided, agreement, staff, citizen):
    services.review_set_summary(review=decided, text="中間振り返りの結果、事業を継続します。", by=staff)
    review = services.review_approve_publication(review=decided, party=rf.city(agreement), by=staff)
    assert review.status == RS.DECIDED
    agreement.refresh_from_db()
    assert (agreement.published_reviews, agreement.last_review_published_at) == (0, None)
    review = services.review_approve_publication(review=review, party=rf.group(agreement), by=citizen)
    assert review.status == RS.PUBLISHED
    assert review.published_at is not None
    # The public list of results reads the summary kept on the agreement.
    agreement.refresh_from_db()
    assert (agreement.published_reviews, agreement.last_review_published_at) == (1, review.published_at)
    services.review_approve_publication(review=review, party=rf.group(agreement), by=citizen)  # repeated: no-op
    agreement.refresh_from_db()
    assert agreement.published_reviews == 1
    # Rows written in bulk are summed the same way (the benchmark's loader).
    Agreement.objects.filter(pk=agreement.pk).update(published_reviews=0, last_review_published_at=None)
    assert services.recount_publication_summaries() == 1
    agreement.refresh_from_db()
    assert (agreement.published_reviews, agreement.last_review_published_at) == (1, review.published_at)


def test_editing_the_text_resets_the_approvals(decided, agreement, staff, citizen):
    services.review_set_summary(review=decided, text="第一案", by=staff)
    services.review_approve_publication(review=decided, party=rf.city(agreement), by=staff)
    services.review_set_summary(review=decided, text="第二案（修正）", by=citizen)
    assert not decided.approvals.exists()
    review = services.review_approve_publication(review=decided, party=rf.group(agreement), by=citizen)
    assert review.status == RS.DECIDED  # the city's approval was for the old text


def test_approval_without_text_is_refused(decided, agreement, staff):
    with pytest.raises(NotAllowed):
        services.review_approve_publication(review=decided, party=rf.city(agreement), by=staff)


def test_party_cannot_approve_for_the_other(decided, agreement, staff, citizen):
    services.review_set_summary(review=decided, text="公開文", by=staff)
    with pytest.raises(NotAllowed):
        services.review_approve_publication(review=decided, party=rf.city(agreement), by=citizen)


def test_text_cannot_change_after_publication(decided, agreement, staff, citizen):
    services.review_set_summary(review=decided, text="公開文", by=staff)
    services.review_approve_publication(review=decided, party=rf.city(agreement), by=staff)
    services.review_approve_publication(review=decided, party=rf.group(agreement), by=citizen)
    with pytest.raises(NotAllowed):
        services.review_set_summary(review=decided, text="こっそり修正", by=staff)


def test_summary_is_normalised(decided, staff):
    review = services.review_set_summary(review=decided, text="  ＡＢＣ　１２３  ", by=staff)
    assert review.public_summary == "ABC 123"


def test_parties_set_targets_and_milestones(agreement, citizen, staff):
    target = services.target_create(agreement=agreement, kind="outcome", description="参加者数",
                                    target_value=Decimal("1000"), unit="人", by=citizen)
    assert target.order == 0
    milestone = services.milestone_create(agreement=agreement, title="最終振り返り", due_date=dt.date(2027, 3, 15),
                                          kind="final", by=staff)
    assert milestone.version_id == agreement.in_force_version_id
    moved = services.milestone_reschedule(milestone=milestone, due_date=dt.date(2027, 3, 20), by=citizen)
    assert moved.due_date == dt.date(2027, 3, 20)


def test_outsider_cannot_set_targets(agreement, outsider):
    with pytest.raises(NotAllowed):
        services.target_create(agreement=agreement, kind="outcome", description="x", target_value=1, unit="人",
                               by=outsider)
