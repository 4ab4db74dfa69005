"""allauth hooks: e-mails name the portal; staff cannot switch their required second factor off."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.sites.requests import RequestSite
from django.utils.translation import gettext

from .middleware import two_factor_required_for


class PortalSite(RequestSite):
    """What allauth's e-mail templates call `current_site`: the portal's name, the request's host."""

    def __init__(self, request) -> None:
        super().__init__(request)
        self.name = gettext("Kyodo collaboration portal")


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        if request is not None:
            context = {"current_site": PortalSite(request), **context}
        super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff, coordinators and administrators keep their second factor while it is required."""
        return not two_factor_required_for(authenticator.user)
