from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .roles import roles_of

# Paths a user without 2FA may still reach: enrolment itself, logout, static files, language.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health")


class RequireStaffTwoFactorMiddleware:
    """City staff, coordinators and administrators must enrol a second factor before working."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.KYODO_REQUIRE_STAFF_2FA
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and roles_of(user).needs_two_factor
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(user):
                return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
