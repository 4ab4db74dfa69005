"""Who may do what with an agreement. State first, then role; each answer can say why not."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of
from kyodo import visibility
from kyodo.permissions import ALLOW, Decision, deny

from .models import (
    Agreement,
    AgreementComment,
    AgreementEvent,
    AgreementMilestone,
    AgreementNumberCounter,
    AgreementParty,
    AgreementRender,
    AgreementStatus,
    AgreementVersion,
    PartyAgreement,
    Signature,
)


def parties_of(user, agreement: Agreement) -> list[AgreementParty]:
    """The parties `user` belongs to: members of a party organisation, staff of a party department."""
    roles = roles_of(user)
    return [
        p for p in agreement.parties.all()
        if (p.organisation_id and p.organisation_id in roles.organisation_ids)
        or (p.department_id and p.department_id in roles.department_ids)
    ]


def can_sign_for(user, party: AgreementParty) -> bool:
    """Signing binds the party: an organisation's representative, or staff of the department."""
    roles = roles_of(user)
    if party.organisation_id:
        return party.organisation_id in roles.representative_of
    return party.department_id in roles.department_ids


# `may_<verb>_agreement` is the role half of `can_<verb>_agreement`: who may make the move at
# all, whatever the state. A service asks it when the move was already made, so that a repeat
# returns the existing result only to someone who could have made it.
def may_create_agreement(user, proposal) -> Decision:
    roles = roles_of(user)
    if roles.admin or {d.pk for d in proposal.department_list()} & roles.department_ids:
        return ALLOW
    return deny(_("Only staff of the proposal's department can draft its agreement."))


def can_create_agreement(user, proposal) -> Decision:
    if proposal.status != "adopted":
        return deny(_("Only an adopted proposal can become an agreement."))
    return may_create_agreement(user, proposal)


def can_view_agreement(user, agreement: Agreement) -> Decision:
    if roles_of(user).admin or parties_of(user, agreement):
        return ALLOW
    return deny(_("Only the parties can see this agreement."))


def can_edit_agreement(user, agreement: Agreement) -> Decision:
    if agreement.status != AgreementStatus.DRAFT:
        return deny(_("The text can only be changed while it is being negotiated."))
    if parties_of(user, agreement):
        return ALLOW
    return deny(_("Only the parties can propose changes."))


def can_comment_agreement(user, agreement: Agreement) -> Decision:
    if parties_of(user, agreement) or roles_of(user).admin:
        return ALLOW
    return deny(_("Only the parties can comment."))


def may_agree_agreement(user, agreement: Agreement, party: AgreementParty) -> Decision:
    if party.agreement_id != agreement.pk or party not in parties_of(user, agreement):
        return deny(_("You can only mark the text agreed for your own party."))
    return ALLOW


def can_agree_agreement(user, agreement: Agreement, party: AgreementParty) -> Decision:
    if agreement.status != AgreementStatus.DRAFT:
        return deny(_("Agreement marks are given while the text is being negotiated."))
    return may_agree_agreement(user, agreement, party)


def may_sign_agreement(user, agreement: Agreement, party: AgreementParty) -> Decision:
    if party.agreement_id != agreement.pk or not can_sign_for(user, party):
        return deny(_("You can only sign for a party you represent."))
    return ALLOW


def can_sign_agreement(user, agreement: Agreement, party: AgreementParty) -> Decision:
    if agreement.status not in {AgreementStatus.FROZEN, AgreementStatus.SIGNING}:
        return deny(_("Only a text all parties have agreed can be signed."))
    return may_sign_agreement(user, agreement, party)


def _is_city_staff_of_agreement(user, agreement: Agreement) -> bool:
    roles = roles_of(user)
    return roles.admin or any(p.department_id in roles.department_ids for p in agreement.parties.all())


def may_record_paper_signature(user, agreement: Agreement) -> Decision:
    if _is_city_staff_of_agreement(user, agreement):
        return ALLOW
    return deny(_("Only city staff of a party department can record a paper signature."))


def can_record_paper_signature(user, agreement: Agreement) -> Decision:
    if agreement.status not in {AgreementStatus.FROZEN, AgreementStatus.SIGNING}:
        return deny(_("Only a text all parties have agreed can be signed."))
    return may_record_paper_signature(user, agreement)


def may_amend_agreement(user, agreement: Agreement) -> Decision:
    if parties_of(user, agreement):
        return ALLOW
    return deny(_("Only the parties can start an amendment."))


def can_amend_agreement(user, agreement: Agreement) -> Decision:
    if agreement.status != AgreementStatus.IN_FORCE:
        return deny(_("Only an agreement in force can be amended."))
    return may_amend_agreement(user, agreement)


def can_view_history(user, agreement: Agreement) -> Decision:
    if _is_city_staff_of_agreement(user, agreement):
        return ALLOW
    return deny(_("The history is for city staff."))


def can_retry_render(user, agreement: Agreement) -> Decision:
    if _is_city_staff_of_agreement(user, agreement):
        return ALLOW
    return deny(_("Only city staff can retry a PDF."))


# --- Which rows each role sees and changes (kyodo.visibility) -----------------------------------
def party_rows(user) -> QuerySet[AgreementParty]:
    """The agreement parties the user acts for (`parties_of`, for every agreement at once)."""
    roles = roles_of(user)
    return AgreementParty.objects.filter(
        Q(organisation_id__in=roles.organisation_ids) | Q(department_id__in=roles.department_ids)
    )


def visible_agreements(user, qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """`can_view_agreement` as a queryset: the parties' agreements. By subquery, not a join, so
    that a city's staff list needs no DISTINCT over every agreement."""
    return qs.filter(pk__in=party_rows(user).values("agreement_id"))


def city_side_agreements(user, qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """`can_view_history` as a queryset: agreements to which the user's department is a party."""
    departments = AgreementParty.objects.filter(department_id__in=roles_of(user).department_ids)
    return qs.filter(pk__in=departments.values("agreement_id"))


def _of_agreements(path: str, narrow):
    return lambda user, qs: qs.filter(**{f"{path}__in": narrow(user, Agreement.objects.all()).values("pk")})


_of_agreement = visibility.follows("agreement", Agreement)
visibility.declare(Agreement, see=visible_agreements)
for _child in (AgreementParty, AgreementComment, AgreementMilestone, AgreementVersion):
    visibility.declare(_child, see=_of_agreement)
for _child in (PartyAgreement, Signature, AgreementRender):
    visibility.declare(_child, see=visibility.follows("version__agreement", Agreement))
visibility.declare(AgreementEvent, see=_of_agreements("agreement", city_side_agreements))
visibility.declare(AgreementNumberCounter, see=visibility.nobody)  # numbering: administrators only
