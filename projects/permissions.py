"""Who may do what with a proposal. State first, then role; every answer can say why not.

One rule, three callers: views (outsider 404, seen-but-not-allowed 403), services (check
again), templates (show or hide a button).
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of
from kyodo import visibility
from kyodo.permissions import ALLOW, Decision, deny

from .models import (
    EDITABLE_STATUSES,
    BudgetLine,
    Call,
    ConflictDeclaration,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalMessage,
    ProposalRevision,
    ProposalRole,
    ProposalStatus,
    Score,
    ScreeningCriterion,
    ScreeningRound,
)

S = ProposalStatus
SCREENING_VISIBLE = {S.SCREENING, S.ADOPTED, S.NOT_ADOPTED}


def is_proposer(user, proposal: Proposal) -> bool:
    return proposal.organisation_id in roles_of(user).organisation_ids


def is_co_proposer(user, proposal: Proposal) -> bool:
    ids = roles_of(user).organisation_ids
    return bool(ids) and any(org.pk in ids for org in proposal.co_proposers.all())


def is_city_staff(user) -> bool:
    roles = roles_of(user)
    return roles.is_city_staff or roles.admin


def is_responsible_staff(user, proposal: Proposal) -> bool:
    """Staff of the call's department (or its bureau) or of a hoped-for department, or an admin."""
    roles = roles_of(user)
    if roles.admin:
        return True
    if not roles.department_ids:
        return False
    call_department = proposal.call.department
    responsible = {call_department.pk, call_department.parent_id}
    responsible |= {d.pk for d in proposal.department_list()}
    return bool(roles.department_ids & responsible)


def is_assigned_screener(user, proposal: Proposal) -> bool:
    if not user.is_authenticated or not roles_of(user).committee:
        return False
    return ScreeningRound.objects.filter(call_id=proposal.call_id, members=user).exists()


def has_conflict(user, proposal: Proposal) -> bool:
    return proposal.conflicts.filter(member=user).exists()


def can_view_proposal(user, proposal: Proposal) -> Decision:
    if not user.is_authenticated:
        return deny(_("Log in to see this proposal."))
    roles = roles_of(user)
    if roles.admin or is_proposer(user, proposal):
        return ALLOW
    if proposal.status == S.DRAFT:
        # A draft belongs to the group writing it.
        return deny(_("This proposal is not available."))
    if roles.is_city_staff or roles.is_coordinator or is_co_proposer(user, proposal):
        return ALLOW
    if proposal.status in SCREENING_VISIBLE and is_assigned_screener(user, proposal):
        return ALLOW
    return deny(_("This proposal is not available."))


def can_edit_proposal(user, proposal: Proposal) -> Decision:
    if proposal.status not in EDITABLE_STATUSES:
        return deny(_("A proposal can be changed only as a draft or during brush-up."))
    if not is_proposer(user, proposal):
        return deny(_("Only members of the proposing organisation can change the proposal."))
    return ALLOW


def can_delete_proposal(user, proposal: Proposal) -> Decision:
    if proposal.status != S.DRAFT:
        return deny(_("Only a draft can be deleted."))
    if not is_proposer(user, proposal):
        return deny(_("Only members of the proposing organisation can delete the draft."))
    return ALLOW


# `may_<verb>_proposal` is the role half of `can_<verb>_proposal`: who may make the move at all,
# whatever the state. A service asks it when the move was already made, so that a repeat
# returns the existing result only to someone who could have made it.
def may_submit_proposal(user, proposal: Proposal) -> Decision:
    if not is_proposer(user, proposal):
        return deny(_("Only members of the proposing organisation can submit the proposal."))
    return ALLOW


def can_submit_proposal(user, proposal: Proposal) -> Decision:
    if proposal.status not in {S.DRAFT, S.BRUSHUP}:
        return deny(_("Only a draft or a proposal in brush-up can be submitted."))
    return may_submit_proposal(user, proposal)


def may_withdraw_proposal(user, proposal: Proposal) -> Decision:
    if not is_proposer(user, proposal):
        return deny(_("Only members of the proposing organisation can withdraw the proposal."))
    return ALLOW


def can_withdraw_proposal(user, proposal: Proposal) -> Decision:
    if proposal.status not in {S.SUBMITTED, S.BRUSHUP}:
        return deny(_("A proposal can be withdrawn only before screening starts."))
    return may_withdraw_proposal(user, proposal)


def may_manage_proposal(user, proposal: Proposal) -> Decision:
    if not is_responsible_staff(user, proposal):
        return deny(_("Only the responsible department's staff can do this."))
    return ALLOW


def can_manage_proposal(user, proposal: Proposal) -> Decision:
    """Return for brush-up, send to screening."""
    if proposal.status != S.SUBMITTED:
        return deny(_("Only a submitted proposal can be returned for brush-up or sent to screening."))
    return may_manage_proposal(user, proposal)


def may_decide_proposal(user, proposal: Proposal) -> Decision:
    if not is_responsible_staff(user, proposal):
        return deny(_("Only the responsible department's staff can decide."))
    return ALLOW


def can_decide_proposal(user, proposal: Proposal) -> Decision:
    if proposal.status != S.SCREENING:
        return deny(_("Only a proposal in screening can be decided."))
    return may_decide_proposal(user, proposal)


def can_post_message(user, proposal: Proposal) -> Decision:
    if proposal.status in {S.DRAFT, S.WITHDRAWN}:
        return deny(_("The brush-up thread opens once the proposal is submitted."))
    roles = roles_of(user)
    if roles.admin or roles.is_city_staff or roles.is_coordinator or is_proposer(user, proposal):
        return ALLOW
    return deny(_("Only the proposers, city staff and coordinators take part in brush-up."))


def can_post_internal_note(user, proposal: Proposal) -> Decision:
    if not can_post_message(user, proposal):
        return can_post_message(user, proposal)
    if not is_city_staff(user):
        return deny(_("Internal notes are for city staff only."))
    return ALLOW


def can_see_internal_notes(user) -> bool:
    return is_city_staff(user)


def can_score_proposal(user, proposal: Proposal) -> Decision:
    if proposal.status != S.SCREENING:
        return deny(_("Scores can be given only while the proposal is in screening."))
    if not is_assigned_screener(user, proposal):
        return deny(_("Only committee members assigned to this call can score."))
    if has_conflict(user, proposal):
        return deny(_("You declared a conflict of interest on this proposal."))
    return ALLOW


def can_see_scores(user, proposal: Proposal) -> Decision:
    """Staff always; a member only after giving all their own scores on this proposal."""
    if proposal.status not in SCREENING_VISIBLE:
        return deny(_("There are no scores yet."))
    if is_responsible_staff(user, proposal) or (is_city_staff(user) and proposal.status != S.SCREENING):
        return ALLOW
    if is_assigned_screener(user, proposal) and not has_conflict(user, proposal):
        round_ = proposal.call.screening_round
        needed = round_.criteria.count()
        given = proposal.scores.filter(member=user, criterion__round=round_).count()
        if needed and given >= needed:
            return ALLOW
        return deny(_("You will see the other members' scores after giving your own."))
    return deny(_("You cannot see the scores of this proposal."))


def can_manage_screening(user) -> bool:
    return is_city_staff(user)


# --- Which rows each role sees and changes (kyodo.visibility) -----------------------------------
def _acting_departments(user) -> frozenset[int]:
    return roles_of(user).department_ids


def responsible_for_calls(user, qs: QuerySet[Call]) -> QuerySet[Call]:
    """Calls of the user's departments or of a section of their bureau (`is_responsible_staff`)."""
    ids = _acting_departments(user)
    return qs.filter(Q(department_id__in=ids) | Q(department__parent_id__in=ids))


def call_departments(user, qs):
    """The departments a member of staff may publish a call for: their own and their bureau's sections."""
    ids = _acting_departments(user)
    return qs.filter(Q(pk__in=ids) | Q(parent_id__in=ids))


def visible_calls(user, qs: QuerySet[Call]) -> QuerySet[Call]:
    """Published calls; city staff also see calls still being prepared."""
    if roles_of(user).is_city_staff:
        return qs
    return qs.filter(is_published=True)


def visible_proposals(user, qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """`can_view_proposal` as a queryset."""
    roles = roles_of(user)
    mine = Q(organisation_id__in=roles.organisation_ids)
    if roles.is_city_staff or roles.is_coordinator:
        return qs.filter(mine | ~Q(status=S.DRAFT))
    co_proposed = Proposal.co_proposers.through.objects.filter(organisation_id__in=roles.organisation_ids)
    seen = mine | (~Q(status=S.DRAFT) & Q(pk__in=co_proposed.values("proposal_id")))
    if roles.committee:
        rounds = ScreeningRound.objects.filter(members=user).values("call_id")
        seen |= Q(status__in=SCREENING_VISIBLE, call_id__in=rounds)
    return qs.filter(seen)


def responsible_proposals(user, qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """`is_responsible_staff` as a queryset: the call's department or bureau, or a hoped-for one."""
    ids = _acting_departments(user)
    hoped_for = Proposal.departments.through.objects.filter(department_id__in=ids).values("proposal_id")
    return qs.filter(
        Q(call__department_id__in=ids) | Q(call__department__parent_id__in=ids) | Q(pk__in=hoped_for)
    )


def _messages_for(user, qs: QuerySet[ProposalMessage]) -> QuerySet[ProposalMessage]:
    return qs if can_see_internal_notes(user) else qs.filter(is_internal=False)


def _fully_scored_proposal_ids(user) -> list[int]:
    """Proposals on which the member has given every criterion of the round a score."""
    needed = dict(
        ScreeningRound.objects.filter(members=user).annotate(n=Count("criteria")).values_list("call_id", "n")
    )
    given = (
        Score.objects.filter(member=user, criterion__round__call_id__in=needed)
        .values("proposal_id", "proposal__call_id").annotate(n=Count("pk")).order_by()
    )
    return [row["proposal_id"] for row in given if needed[row["proposal__call_id"]] and row["n"] >= needed[row["proposal__call_id"]]]


def _screening_records(user, qs):
    """`can_see_scores` for scores and conflict declarations: responsible staff while screening,
    any city staff once decided, a member after giving all their own scores; one's own always."""
    qs = qs.filter(proposal__status__in=SCREENING_VISIBLE)
    roles = roles_of(user)
    seen = Q(member=user)
    if roles.is_city_staff:
        responsible = responsible_proposals(user, Proposal.objects.all()).values("pk")
        seen |= Q(proposal_id__in=responsible) | ~Q(proposal__status=S.SCREENING)
    if roles.committee:
        conflicted = ConflictDeclaration.objects.filter(member=user).values("proposal_id")
        seen |= Q(proposal_id__in=_fully_scored_proposal_ids(user)) & ~Q(proposal_id__in=conflicted)
    return qs.filter(seen)


def visible_rounds(user, qs: QuerySet[ScreeningRound]) -> QuerySet[ScreeningRound]:
    if roles_of(user).is_city_staff:
        return qs
    return qs.filter(members=user)


def _of_calls(narrow):
    return lambda user, qs: qs.filter(call__in=narrow(user, Call.objects.all()).values("pk"))


_of_proposal = visibility.follows("proposal", Proposal)
visibility.declare(Call, see=visible_calls, change=responsible_for_calls)
# Staff act on proposals through the services (admin actions, portal buttons); the text is the group's.
visibility.declare(Proposal, see=visible_proposals)
for _child in (ProposalRole, BudgetLine, ProposalAttachment, ProposalEvent, ProposalRevision):
    visibility.declare(_child, see=_of_proposal)
visibility.declare(ProposalMessage, see=visibility.follows("proposal", Proposal, also=_messages_for))
visibility.declare(ScreeningRound, see=visible_rounds, change=_of_calls(responsible_for_calls))
visibility.declare(ScreeningCriterion, see=visibility.follows("round", ScreeningRound),
                   change=visibility.follows("round", ScreeningRound, change=True))
visibility.declare(Score, see=_screening_records)
visibility.declare(ConflictDeclaration, see=_screening_records)
