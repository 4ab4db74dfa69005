"""Writes to accounts. People are deactivated, never deleted: what they did (scores, conflict
declarations, signatures, agreement marks, review responses and approvals, every event) keeps
naming them, so the rows that record it protect the account from deletion."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from kyodo.models import City
from kyodo.tenancy import activate
from kyodo.workflow import NotAllowed
from partners.models import CoordinatorPosting, Membership, StaffPosting

from .models import CityRole, User
from .permissions import can_deactivate_user


def _end_sessions(user: User) -> int:
    """Delete the user's sessions (the database keeps them; live ones last eight hours). A
    session left elsewhere would be refused anyway: the backends do not load inactive users."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def user_deactivate(*, user: User, by: User) -> User:
    """Close a person's account: no more logins (sessions ended at once); in every city their
    memberships ended (kept, inactive, for the record), their postings to departments and
    centres and their roles (committee, administration) removed, so that no mail, queue or
    permission follows from them. Deactivating twice is harmless."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        decision = can_deactivate_user(by, user)
        if not decision:
            raise NotAllowed(decision.reason)
        if not user.is_active:
            return user
        user.is_active = False
        user.save(update_fields=["is_active"])
        for city in City.objects.all():
            with activate(city):  # each city's rows are read and written under its own name
                Membership.objects.filter(user=user, is_active=True).update(is_active=False)
                StaffPosting.objects.filter(user=user).delete()
                CoordinatorPosting.objects.filter(user=user).delete()
                CityRole.objects.filter(user=user).delete()
        _end_sessions(user)
    return user
