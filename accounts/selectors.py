"""Reads about a user's place in the portal (the rows behind `accounts.roles`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class Postings:
    memberships: QuerySet
    staff_postings: QuerySet
    coordinator_postings: QuerySet


def postings_of(user) -> Postings:
    from partners.models import CoordinatorPosting, Membership, StaffPosting

    return Postings(
        memberships=Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name_kana"),
        staff_postings=StaffPosting.objects.filter(user=user).select_related("department__parent"),
        coordinator_postings=CoordinatorPosting.objects.filter(user=user).select_related("centre"),
    )
