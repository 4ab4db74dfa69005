"""Two-factor enrolment is compulsory for city staff, coordinators and administrators."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .roles import roles_of

# Views a user without a second factor may still reach: enrolling one (allauth asks for the
# password again before showing the QR code), recovery codes, leaving, switching language.
ALLOWED_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_login",
        "account_logout",
        "account_reauthenticate",
        "account_confirm_email",
        "account_email_verification_sent",
        "set_language",
        "javascript-catalog",
        "health",
    }
)


def two_factor_required_for(user) -> bool:
    """Whether the portal requires a second factor of `user` (enrolled or not)."""
    if not settings.KYODO_REQUIRE_STAFF_2FA or user is None or not user.is_authenticated:
        return False
    return roles_of(user).needs_two_factor


def two_factor_required(user) -> bool:
    """Whether `user` must enrol a second factor before working in the portal."""
    if not two_factor_required_for(user):
        return False
    from allauth.mfa.utils import is_mfa_enabled

    return not is_mfa_enabled(user)


class RequireStaffTwoFactorMiddleware:
    """Sends staff, coordinators and administrators without TOTP to the enrolment page.

    Runs in `process_view`, after URL resolution, so the allow-list is by allauth's URL names
    rather than by path prefix (a prefix would also let them into every other account page).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.url_name in ALLOWED_URL_NAMES:
            return None
        if not two_factor_required(getattr(request, "user", None)):
            return None
        if getattr(request, "htmx", False):
            # A redirect would be followed by htmx and the enrolment page swapped into a fragment.
            return HttpResponseClientRedirect(reverse("mfa_activate_totp"))
        messages.info(
            request,
            _("Your role requires two-factor authentication. Set up an authenticator app to continue."),
        )
        # No ?next=: allauth's enrolment ends on the recovery codes page whatever it is given.
        return redirect("mfa_activate_totp")
