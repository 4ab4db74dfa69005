from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import roles_of

from .dashboard import panels_for
from .models import Principle
from .publiccache import AGREEMENTS, CALLS, PROJECTS, public_page


@public_page(CALLS, PROJECTS, AGREEMENTS)
def home(request: HttpRequest) -> HttpResponse:
    """The public front page for visitors; for a signed-in user, the panels of every app that
    has something for their roles (`kyodo.dashboard`)."""
    if not request.user.is_authenticated:
        return render(request, "kyodo/home_public.html", {"principles": Principle.objects.active()})
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


def platform_home(request: HttpRequest) -> HttpResponse:
    """The platform's address: the cities it serves, each a link to its own portal."""
    from .models import City

    return render(request, "kyodo/platform_home.html", {"cities": City.objects.active()})
