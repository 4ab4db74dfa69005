from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .roles import ROLE_LABELS, roles_of
from .selectors import postings_of


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The user's own account: who they are in the portal and where to change settings."""
    roles = roles_of(request.user)
    return render(
        request,
        "accounts/me.html",
        {
            "roles": roles,
            "role_labels": [ROLE_LABELS[name] for name in roles.names],
            "postings": postings_of(request.user),
            "mfa_enabled": is_mfa_enabled(request.user),
        },
    )
