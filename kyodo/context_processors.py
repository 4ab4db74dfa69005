from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from accounts.roles import ROLE_LABELS, roles_of


def portal(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    roles = roles_of(user)
    return {
        "kyodo_roles": roles,
        "kyodo_role_labels": [ROLE_LABELS[name] for name in roles.names],
        "kyodo_debug": settings.DEBUG,
        "kyodo_city": getattr(request, "city", None),
    }
