from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import roles_of

from .dashboard import panels_for


def home(request: HttpRequest) -> HttpResponse:
    """The public front page for visitors; for a signed-in user, the panels of every app that
    has something for their roles (`kyodo.dashboard`)."""
    if not request.user.is_authenticated:
        return render(request, "kyodo/home_public.html")
    roles = roles_of(request.user)
    return render(
        request,
        "kyodo/home.html",
        {
            "panels": panels_for(request),
            "roles": roles,
            "has_role": bool(roles.names),
            # Only reachable when enforcement is relaxed (local demo): remind, don't block.
            "mfa_missing": roles.needs_two_factor and not is_mfa_enabled(request.user),
        },
    )
