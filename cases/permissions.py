"""Who may see and do what with a consultation. State first, then role; a Decision says why not.

Privacy rule: an individual's name and contact are visible only to the coordinators of the
case's centre and to city staff of a department the case is referred to."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of
from kyodo import visibility
from kyodo.permissions import ALLOW, Decision, deny

from .models import (
    ACTIVE_STATUSES,
    Consultation,
    ConsultationContact,
    ConsultationEvent,
    ConsultationStatus,
    ConsultationTopic,
    Introduction,
    Referral,
)


def _referred_department_ids(consultation: Consultation) -> set[int]:
    # Uses the prefetch cache when the caller prefetched `referrals`.
    return {r.department_id for r in consultation.referrals.all() if r.department_id}


def is_centre_coordinator(user, consultation: Consultation) -> bool:
    return consultation.centre_id in roles_of(user).centre_ids


def is_referred_staff(user, consultation: Consultation) -> bool:
    departments = roles_of(user).department_ids
    return bool(departments) and bool(departments & _referred_department_ids(consultation))


def is_member_of_case_organisation(user, consultation: Consultation) -> bool:
    return consultation.organisation_id is not None and consultation.organisation_id in roles_of(user).organisation_ids


def can_view_consultation(user, consultation: Consultation) -> Decision:
    roles = roles_of(user)
    if not user.is_authenticated:
        return deny(_("Log in to see consultations."))
    if (
        roles.admin
        or is_centre_coordinator(user, consultation)
        or is_referred_staff(user, consultation)
        or is_member_of_case_organisation(user, consultation)
        or (consultation.requested_by_id is not None and consultation.requested_by_id == user.pk)
    ):
        return ALLOW
    return deny(_("This consultation is not shared with you."))


def can_see_personal_details(user, consultation: Consultation) -> bool:
    """The privacy rule (see the module docstring). Administrators are not included on purpose:
    they run the portal, they are not party to the consultation."""
    return is_centre_coordinator(user, consultation) or is_referred_staff(user, consultation)


def can_see_case_notes(user, consultation: Consultation) -> bool:
    """The coordinator's working notes (what was done, the contact timeline, referrals)."""
    return roles_of(user).admin or is_centre_coordinator(user, consultation) or is_referred_staff(user, consultation)


def can_manage_consultation(user, consultation: Consultation) -> Decision:
    """Record contacts, refer, introduce, schedule, hand over: coordinators of the case's centre."""
    if roles_of(user).admin or is_centre_coordinator(user, consultation):
        return ALLOW
    return deny(_("Only the coordinators of the case's support centre can do this."))


def can_close_consultation(user, consultation: Consultation) -> Decision:
    if consultation.status not in ACTIVE_STATUSES:
        return deny(_("Only an open case or a case being followed up can be closed."))
    return can_manage_consultation(user, consultation)


def can_reopen_consultation(user, consultation: Consultation) -> Decision:
    if consultation.status != ConsultationStatus.CLOSED:
        return deny(_("Only a closed case can be reopened."))
    return can_manage_consultation(user, consultation)


def can_start_proposal(user, consultation: Consultation) -> Decision:
    """A proposal draft for the case's organisation: its members or the centre's coordinators."""
    if consultation.proposal_id is not None:
        return deny(_("This case is already linked to a proposal."))
    if consultation.status not in ACTIVE_STATUSES:
        return deny(_("Only an open case or a case being followed up can start a proposal."))
    if consultation.organisation_id is None:
        return deny(_("Register the group as an organisation first: a proposal needs one."))
    if is_member_of_case_organisation(user, consultation) or is_centre_coordinator(user, consultation):
        return ALLOW
    return deny(_("Only the organisation's members or the centre's coordinators can start a proposal."))


def can_request_consultation(user, organisation) -> Decision:
    if organisation is None or organisation.pk not in roles_of(user).organisation_ids:
        return deny(_("You can ask for a consultation only for an organisation you belong to."))
    return ALLOW


def can_record_consultation(user, centre) -> Decision:
    if centre is None or centre.pk not in roles_of(user).centre_ids:
        return deny(_("Only the centre's coordinators can record consultations there."))
    return ALLOW


def can_view_analysis(user) -> Decision:
    roles = roles_of(user)
    if roles.is_coordinator or roles.is_city_staff or roles.admin:
        return ALLOW
    return deny(_("The analysis is for coordinators and city staff."))


# --- Which rows each role sees and changes (kyodo.visibility) -----------------------------------
def _held_or_referred(user) -> Q:
    roles = roles_of(user)
    referred = Referral.objects.filter(department_id__in=roles.department_ids).values("consultation_id")
    return Q(centre_id__in=roles.centre_ids) | Q(pk__in=referred)


def visible_consultations(user, qs: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """`can_view_consultation` as a queryset."""
    roles = roles_of(user)
    return qs.filter(_held_or_referred(user) | Q(organisation_id__in=roles.organisation_ids) | Q(requested_by=user))


def consultations_with_notes(user, qs: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """`can_see_case_notes` as a queryset: the centre's coordinators and referred staff."""
    return qs.filter(_held_or_referred(user))


def managed_consultations(user, qs: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """`can_manage_consultation` as a queryset."""
    return qs.filter(centre_id__in=roles_of(user).centre_ids)


def _case_notes(user, qs):
    return qs.filter(consultation__in=consultations_with_notes(user, Consultation.objects.all()).values("pk"))


visibility.declare(ConsultationTopic, see=visibility.everyone)
visibility.declare(Consultation, see=visible_consultations, change=managed_consultations)
for _child in (ConsultationContact, Referral, Introduction, ConsultationEvent):
    visibility.declare(_child, see=_case_notes)
