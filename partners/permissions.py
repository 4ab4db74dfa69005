"""Who may do what with partner organisations. State first, then role; every answer carries a
translated reason. Views turn "cannot see" into 404 and "can see but may not" into 403."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of
from kyodo import visibility
from kyodo.permissions import ALLOW, Decision, deny

from .models import (
    ORGANISATION_TRANSITIONS,
    CoordinatorPosting,
    Department,
    FieldOfActivity,
    Invitation,
    Membership,
    Organisation,
    OrganisationEvent,
    StaffPosting,
    SupportCentre,
    Ward,
)


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


# --- Which rows each role sees and changes (kyodo.visibility) -----------------------------------
def visible_organisations(user, qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """`can_view_organisation_profile` as a queryset: the public directory, plus private pages
    for members, city staff and coordinators."""
    roles = roles_of(user)
    if roles.is_city_staff or roles.is_coordinator:
        return qs
    return qs.filter(Q(status=Organisation.Status.VERIFIED, is_public=True) | Q(pk__in=roles.organisation_ids))


def private_organisations(user, qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """`can_view_organisation_private` as a queryset (members, status history)."""
    roles = roles_of(user)
    if roles.is_city_staff or roles.is_coordinator:
        return qs
    return qs.filter(pk__in=roles.organisation_ids)


def represented_organisations(user, qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """`can_edit_organisation` / `can_manage_members` as a queryset."""
    return qs.filter(pk__in=roles_of(user).representative_of)


def _of_organisations(narrow):
    return lambda user, qs: qs.filter(organisation__in=narrow(user, Organisation.objects.all()).values("pk"))


visibility.declare(Ward, see=visibility.everyone)
visibility.declare(FieldOfActivity, see=visibility.everyone)
visibility.declare(Department, see=visibility.everyone)
visibility.declare(SupportCentre, see=visibility.everyone)
# Verification goes through the services (admin actions check `can_verify_organisation`); the
# details are changed by the group's representative, on the portal as in the admin.
visibility.declare(Organisation, see=visible_organisations, change=represented_organisations)
visibility.declare(OrganisationEvent, see=_of_organisations(private_organisations))
visibility.declare(Membership, see=_of_organisations(private_organisations),
                   change=_of_organisations(represented_organisations))
# An invitation's token admits its holder to the group: only the representatives see it.
visibility.declare(Invitation, see=_of_organisations(represented_organisations),
                   change=_of_organisations(represented_organisations))
visibility.declare(StaffPosting, see=visibility.own("user"))
visibility.declare(CoordinatorPosting, see=visibility.own("user"))
