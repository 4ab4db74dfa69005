"""Who may see and do what in a review. State first, then role; each answer says why not.

The hide-until-submitted rule lives in two places that must agree: `can_view_response` (for one
response) and `visible_responses` (the queryset every view reads responses from)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of
from agreements.models import Agreement, AgreementParty
from kyodo import visibility
from kyodo.permissions import ALLOW, Decision, deny

from .models import (
    RS,
    CheckSheetAnswer,
    ItemRating,
    MilestoneReminder,
    PartyReviewResponse,
    ProjectTarget,
    Review,
    ReviewEvent,
    ReviewPublicationApproval,
    TargetResult,
)


def acting_parties(user, agreement: Agreement) -> list[AgreementParty]:
    """The parties of `agreement` the user acts for (its organisation or its department)."""
    roles = roles_of(user)
    if not (roles.organisation_ids or roles.department_ids):
        return []
    return list(
        agreement.parties.filter(
            Q(organisation_id__in=roles.organisation_ids) | Q(department_id__in=roles.department_ids)
        ).order_by("order")
    )


def is_party(user, agreement: Agreement) -> bool:
    return bool(acting_parties(user, agreement))


def can_view_agreement_reviews(user, agreement: Agreement) -> Decision:
    if roles_of(user).admin or is_party(user, agreement):
        return ALLOW
    return deny(_("Only the parties to the agreement can see its reviews."))


def can_edit_targets(user, agreement: Agreement) -> Decision:
    if agreement.status != Agreement.Status.IN_FORCE:
        return deny(_("Targets are set while the agreement is in force."))
    if agreement.reviews.filter(status__in=(RS.DECIDED, RS.PUBLISHED)).exists():
        return deny(_("Targets cannot change once a review has been decided."))
    if not is_party(user, agreement):
        return deny(_("Only the parties set the targets."))
    return ALLOW


def can_edit_milestones(user, agreement: Agreement) -> Decision:
    if agreement.status != Agreement.Status.IN_FORCE or agreement.in_force_version_id is None:
        return deny(_("Milestones are set while the agreement is in force."))
    if not is_party(user, agreement):
        return deny(_("Only the parties change the milestones."))
    return ALLOW


# `may_<verb>` is the role half of `can_<verb>`: who may make the move at all, whatever the state.
# A service asks it when the move was already made, so that a repeat returns the existing result
# only to someone who could have made it.
def may_open_review(user, agreement: Agreement) -> Decision:
    if not is_party(user, agreement):
        return deny(_("Only the parties open a review."))
    return ALLOW


def can_open_review(user, agreement: Agreement) -> Decision:
    if agreement.status != Agreement.Status.IN_FORCE:
        return deny(_("Reviews are held while the agreement is in force."))
    return may_open_review(user, agreement)


def may_act_for_party(user, review: Review, party: AgreementParty) -> Decision:
    if party.agreement_id != review.agreement_id or party not in acting_parties(user, review.agreement):
        return deny(_("You do not act for this party."))
    return ALLOW


def can_submit_response(user, review: Review, party: AgreementParty) -> Decision:
    if review.status not in (RS.OPEN, RS.COLLECTING):
        return deny(_("The parties' reviews are no longer being collected."))
    if not (decision := may_act_for_party(user, review, party)):
        return decision
    if review.responses.filter(party=party).exists():
        return deny(_("This party has already submitted its review."))
    return ALLOW


def submitted_party_ids(user, review: Review) -> set[int]:
    """The user's parties that have submitted their own review."""
    mine = [p.pk for p in acting_parties(user, review.agreement)]
    return set(review.responses.filter(party_id__in=mine).values_list("party_id", flat=True))


def can_view_response(user, response: PartyReviewResponse) -> Decision:
    review = response.review
    mine = {p.pk for p in acting_parties(user, review.agreement)}
    if response.party_id in mine:
        return ALLOW
    if mine:
        if submitted_party_ids(user, review):
            return ALLOW
        return deny(_("You will see the other party's answers once you have submitted your own."))
    if roles_of(user).admin and review.status not in (RS.OPEN, RS.COLLECTING):
        return ALLOW
    return deny(_("The parties' answers stay hidden until every party has submitted."))


def visible_responses(user, review: Review) -> QuerySet[PartyReviewResponse]:
    """The responses `user` may read: its own parties', and the others' only after submitting."""
    qs = review.responses.select_related("party__organisation", "party__department", "submitted_by")
    mine = [p.pk for p in acting_parties(user, review.agreement)]
    if mine:
        if review.responses.filter(party_id__in=mine).exists():
            return qs
        return qs.filter(party_id__in=mine)
    if roles_of(user).admin and review.status not in (RS.OPEN, RS.COLLECTING):
        return qs
    return qs.none()


def can_view_comparison(user, review: Review) -> Decision:
    if review.status in (RS.OPEN, RS.COLLECTING):
        return deny(_("The comparison is shown once every party has submitted."))
    return can_view_agreement_reviews(user, review.agreement)


def may_record_decision(user, review: Review) -> Decision:
    if not is_party(user, review.agreement):
        return deny(_("Only the parties record the joint review."))
    return ALLOW


def can_record_decision(user, review: Review) -> Decision:
    if review.status != RS.COMPARED:
        return deny(_("The joint record is made after both reviews are compared."))
    return may_record_decision(user, review)


def may_edit_summary(user, review: Review) -> Decision:
    if not is_party(user, review.agreement):
        return deny(_("Only the parties write the public text."))
    return ALLOW


def can_edit_summary(user, review: Review) -> Decision:
    if review.status != RS.DECIDED:
        return deny(_("The public text is written after the decision and before publication."))
    return may_edit_summary(user, review)


def can_approve_publication(user, review: Review, party: AgreementParty) -> Decision:
    if review.status != RS.DECIDED:
        return deny(_("Only a decided review waiting for publication can be approved."))
    if not review.public_summary.strip():
        return deny(_("Write the public text first."))
    return may_act_for_party(user, review, party)


def can_view_report(user) -> Decision:
    roles = roles_of(user)
    if roles.admin or roles.is_city_staff or roles.is_coordinator:
        return ALLOW
    return deny(_("The yearly report is for city staff, coordinators and administrators."))


# --- Which rows each role sees and changes (kyodo.visibility) -----------------------------------
def visible_response_rows(user, qs: QuerySet[PartyReviewResponse]) -> QuerySet[PartyReviewResponse]:
    """`visible_responses` for every review at once: a party's own answers, and the other
    parties' once one of the user's parties has submitted to the same review."""
    from agreements.permissions import party_rows

    mine = party_rows(user).values("pk")
    answered = PartyReviewResponse.objects.filter(party_id__in=mine).values("review_id")
    return qs.filter(Q(party_id__in=mine) | Q(review_id__in=answered))


_of_review = visibility.follows("review", Review)
visibility.declare(ProjectTarget, see=visibility.follows("agreement", Agreement))
visibility.declare(Review, see=visibility.follows("agreement", Agreement))
visibility.declare(PartyReviewResponse, see=visible_response_rows)
for _child in (CheckSheetAnswer, ItemRating):
    visibility.declare(_child, see=visibility.follows("response", PartyReviewResponse))
for _child in (TargetResult, ReviewPublicationApproval, ReviewEvent):
    visibility.declare(_child, see=_of_review)
visibility.declare(MilestoneReminder, see=visibility.follows("milestone__agreement", Agreement))
