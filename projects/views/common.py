from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from kyodo.workflow import NotAllowed, TransitionError

from .. import permissions as perms
from ..models import Proposal


def get_visible_proposal(request: HttpRequest, pk: int) -> Proposal:
    """The proposal, or 404 for anyone who may not see it (existence is not leaked)."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("call__department", "call__screening_round", "organisation", "ward"), pk=pk
    )
    if not perms.can_view_proposal(request.user, proposal):
        raise Http404
    return proposal


def require(decision) -> None:
    """403 with the reason, for a user who can see the object but may not do this."""
    if not decision:
        raise PermissionDenied(decision.reason)


def run_service(request: HttpRequest, func, success: str, **kwargs) -> bool:
    """Call a service; turn the errors a user can cause into a message instead of a 500."""
    try:
        func(**kwargs)
    except (TransitionError, NotAllowed) as exc:
        messages.error(request, str(exc))
        return False
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True
