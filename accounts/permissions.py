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

from .models import User
from .roles import roles_of


def visible_users(user, qs: QuerySet[User]) -> QuerySet[User]:
    """One's own account; city staff also see the screening committee's members, whom they
    assign to rounds (the committee's list is public in every city)."""
    seen = Q(pk=user.pk)
    if roles_of(user).is_city_staff:
        seen |= Q(is_committee_member=True, is_active=True)
    return qs.filter(seen)


visibility.declare(User, see=visible_users)
visibility.declare(EmailAddress, see=visibility.own("user"))
visibility.declare(Authenticator, see=visibility.own("user"))
visibility.declare(Group, see=visibility.nobody)


def can_deactivate_user(by, user: User) -> Decision:
    """Administrators deactivate people (never themselves: someone must stay to manage accounts)."""
    if not roles_of(by).admin:
        return deny(_("Only administrators can deactivate an account."))
    if by.pk == user.pk:
        return deny(_("You cannot deactivate your own account."))
    return ALLOW
