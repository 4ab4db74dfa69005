"""Who may do what with partner organisations. State first, then role; every answer carries a
translated reason. Views turn "cannot see" into 404 and "can see but may not" into 403."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of
from kyodo.permissions import ALLOW, Decision, deny

from .models import ORGANISATION_TRANSITIONS, Membership, Organisation


def is_city_side(user) -> bool:
    """City staff (any posting) and administrators: they verify organisations."""
    roles = roles_of(user)
    return roles.is_city_staff or roles.admin


def can_view_organisation_private(user, organisation: Organisation) -> Decision:
    """The organisation's own pages (members, status, edit): its members, city staff,
    coordinators and administrators."""
    roles = roles_of(user)
    if organisation.pk in roles.organisation_ids or roles.is_city_staff or roles.is_coordinator or roles.admin:
        return ALLOW
    return deny(_("Only the organisation's members can see this page."))


def can_view_organisation_profile(user, organisation: Organisation) -> Decision:
    if organisation.is_verified and organisation.is_public:
        return ALLOW
    return can_view_organisation_private(user, organisation)


def _is_representative(user, organisation: Organisation) -> bool:
    roles = roles_of(user)
    return organisation.pk in roles.representative_of or roles.admin


def can_edit_organisation(user, organisation: Organisation) -> Decision:
    if not _is_representative(user, organisation):
        return deny(_("Only the organisation's representative can change its details."))
    return ALLOW


def can_manage_members(user, organisation: Organisation) -> Decision:
    if not _is_representative(user, organisation):
        return deny(_("Only the organisation's representative can invite or remove members."))
    return ALLOW


def can_remove_membership(user, membership: Membership) -> Decision:
    decision = can_manage_members(user, membership.organisation)
    if not decision:
        return decision
    if membership.role == Membership.Role.REPRESENTATIVE and _representative_count(membership.organisation) <= 1:
        return deny(_("An organisation needs at least one representative."))
    return ALLOW


def can_change_membership_role(user, membership: Membership, role: str) -> Decision:
    decision = can_manage_members(user, membership.organisation)
    if not decision:
        return decision
    if (
        membership.role == Membership.Role.REPRESENTATIVE
        and role != Membership.Role.REPRESENTATIVE
        and _representative_count(membership.organisation) <= 1
    ):
        return deny(_("An organisation needs at least one representative."))
    return ALLOW


def _representative_count(organisation: Organisation) -> int:
    return organisation.memberships.filter(is_active=True, role=Membership.Role.REPRESENTATIVE).count()


def can_view_verification_queue(user) -> Decision:
    if is_city_side(user):
        return ALLOW
    return deny(_("Only city staff can verify organisations."))


def can_verify_organisation(user, organisation: Organisation) -> Decision:
    if Organisation.Status.VERIFIED not in ORGANISATION_TRANSITIONS.get(organisation.status, set()):
        return deny(_("This organisation is already verified."))
    return can_view_verification_queue(user)


def can_reject_organisation(user, organisation: Organisation) -> Decision:
    if Organisation.Status.REJECTED not in ORGANISATION_TRANSITIONS.get(organisation.status, set()):
        return deny(_("This organisation has already been marked as not verified."))
    return can_view_verification_queue(user)
