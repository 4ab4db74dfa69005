from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from agreements.models import Agreement, AgreementParty

from .. import permissions as perm
from ..models import Review


def agreement_for(user, pk: int) -> Agreement:
    """The agreement, or 404 for anyone who is neither a party nor an administrator."""
    agreement = get_object_or_404(Agreement, pk=pk)
    if not perm.can_view_agreement_reviews(user, agreement):
        raise Http404
    return agreement


def review_for(user, pk: int) -> Review:
    review = get_object_or_404(Review.objects.select_related("agreement", "milestone"), pk=pk)
    if not perm.can_view_agreement_reviews(user, review.agreement):
        raise Http404
    return review


def party_for(review_or_agreement, party_pk: int) -> AgreementParty:
    agreement_id = getattr(review_or_agreement, "agreement_id", None) or review_or_agreement.pk
    return get_object_or_404(AgreementParty, pk=party_pk, agreement_id=agreement_id)


def require(decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def refuse(request, exc: Exception) -> None:
    messages.error(request, str(exc))
