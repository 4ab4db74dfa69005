"""Who a user is in the portal. Roles come from relations, so one person can hold several."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

CITIZEN = "citizen"
STAFF = "staff"
COORDINATOR = "coordinator"
COMMITTEE = "committee"
ADMIN = "admin"

ROLE_LABELS = {
    CITIZEN: _("Citizen group member"),
    STAFF: _("City staff"),
    COORDINATOR: _("Coordinator"),
    COMMITTEE: _("Screening committee member"),
    ADMIN: _("Administrator"),
}


@dataclass(frozen=True)
class Roles:
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    representative_of: frozenset[int] = field(default_factory=frozenset)
    department_ids: frozenset[int] = field(default_factory=frozenset)
    centre_ids: frozenset[int] = field(default_factory=frozenset)
    committee: bool = False
    admin: bool = False

    @property
    def names(self) -> list[str]:
        out = []
        if self.organisation_ids:
            out.append(CITIZEN)
        if self.department_ids:
            out.append(STAFF)
        if self.centre_ids:
            out.append(COORDINATOR)
        if self.committee:
            out.append(COMMITTEE)
        if self.admin:
            out.append(ADMIN)
        return out

    @property
    def is_citizen(self) -> bool:
        return bool(self.organisation_ids)

    @property
    def is_city_staff(self) -> bool:
        return bool(self.department_ids)

    @property
    def is_coordinator(self) -> bool:
        return bool(self.centre_ids)

    @property
    def needs_two_factor(self) -> bool:
        return self.is_city_staff or self.is_coordinator or self.admin


def roles_of(user) -> Roles:
    """Roles of `user` in the current city, computed once per user object and city (cached on it).
    Outside any city (the platform's own pages) a person holds no role but the platform's."""
    from kyodo.tenancy import current_city_or_none

    if user is None or not user.is_authenticated:
        return Roles()
    city = current_city_or_none()
    if city is None:
        return Roles(admin=user.is_superuser)
    cached = getattr(user, "_kyodo_roles", None)
    if cached is not None and cached[0] == city.pk:
        return cached[1]
    from django.db.models import CharField, F, Value

    from partners.models import CoordinatorPosting, Membership, StaffPosting

    from .models import CityRole

    # One query for every kind of affiliation (this runs on every logged-in request).
    def tagged(qs, kind: str, id_field: str, role):
        return qs.annotate(kind=Value(kind, CharField()), ref=F(id_field), member_role=role).values_list(
            "kind", "ref", "member_role"
        )

    rows = list(
        tagged(Membership.objects.filter(user=user, is_active=True), "org", "organisation_id", F("role")).union(
            tagged(StaffPosting.objects.filter(user=user), "dept", "department_id", Value("", CharField())),
            tagged(CoordinatorPosting.objects.filter(user=user), "centre", "centre_id", Value("", CharField())),
            tagged(CityRole.objects.filter(user=user).order_by(), "city", "user_id", F("role")),
            all=True,
        )
    )
    roles = Roles(
        organisation_ids=frozenset(ref for kind, ref, _role in rows if kind == "org"),
        representative_of=frozenset(
            ref for kind, ref, role in rows if kind == "org" and role == Membership.Role.REPRESENTATIVE
        ),
        department_ids=frozenset(ref for kind, ref, _role in rows if kind == "dept"),
        centre_ids=frozenset(ref for kind, ref, _role in rows if kind == "centre"),
        committee=("city", user.pk, CityRole.Role.COMMITTEE) in rows,
        admin=user.is_superuser or ("city", user.pk, CityRole.Role.ADMIN) in rows,
    )
    user._kyodo_roles = (city.pk, roles)
    return roles
