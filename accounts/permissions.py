"""Who sees which accounts. A person's account, e-mail addresses and second factors are their
own: other users never read them through any door (the portal shows names only where a role
needs them). Administrators manage accounts in the admin."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kyodo import visibility
from kyodo.permissions import ALLOW, Decision, deny

from .models import CityRole, User
from .roles import roles_of


def visible_users(user, qs: QuerySet[User]) -> QuerySet[User]:
    """One's own account; city staff also see the city's screening committee, whom they assign
    to rounds (a committee's list is public in every city)."""
    roles = roles_of(user)
    if roles.admin:
        return people_of_the_city(user, qs)
    seen = Q(pk=user.pk)
    if roles.is_city_staff:
        seen |= Q(pk__in=committee_members().values("pk"))
    return qs.filter(seen)


def people_of_the_city(user, qs: QuerySet[User]) -> QuerySet[User]:
    """Accounts are the platform's; a city's administrators see the people who hold a role in
    their city (`visibility` gives them every row of their city, this is the one table that is
    not the city's)."""
    from partners.models import CoordinatorPosting, Membership, StaffPosting

    held = Q(pk=user.pk)
    for model in (Membership, StaffPosting, CoordinatorPosting, CityRole):  # each scoped to the city
        held |= Q(pk__in=model.objects.values("user_id"))
    return qs.filter(held)


def committee_members() -> QuerySet[User]:
    """The current city's screening committee."""
    return User.objects.filter(
        is_active=True, pk__in=CityRole.objects.filter(role=CityRole.Role.COMMITTEE).values("user_id")
    )


visibility.declare(User, see=visible_users)
visibility.declare(CityRole, see=visibility.own("user"))
visibility.declare(EmailAddress, see=visibility.own("user"))
visibility.declare(Authenticator, see=visibility.own("user"))
visibility.declare(Group, see=visibility.nobody)


def can_deactivate_user(by, user: User) -> Decision:
    """The platform's administrators deactivate people (never themselves: someone must stay to
    manage accounts). Not a city's administrators: one account serves every city the person
    works in, and closing it ends their places in all of them."""
    if not by.is_superuser:
        return deny(_("Only administrators can deactivate an account."))
    if by.pk == user.pk:
        return deny(_("You cannot deactivate your own account."))
    return ALLOW
