from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .dashboard import panels_for


def home(request: HttpRequest) -> HttpResponse:
    """The public front page for visitors; a role-specific dashboard for users."""
    if not request.user.is_authenticated:
        return render(request, "kyodo/home_public.html")
    return render(request, "kyodo/home.html", {"panels": panels_for(request)})
