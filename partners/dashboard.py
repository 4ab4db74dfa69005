"""Home-page panels: a member's organisations; the verification queue for city staff."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of
from kyodo.dashboard import Panel

from .models import Membership, Organisation
from .permissions import is_city_side


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    out: list[Panel] = []
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).select_related("organisation").order_by("organisation__name_kana")
    )
    roles = roles_of(user)
    if memberships or not (roles.is_city_staff or roles.is_coordinator or roles.admin):
        out.append(Panel(title=_("My organisations"), template="partners/partials/panel_mine.html",
                         context={"memberships": memberships}, order=10))
    if is_city_side(user):
        waiting = Organisation.objects.filter(status=Organisation.Status.PENDING).count()
        out.append(Panel(title=_("Organisations to verify"), template="partners/partials/panel_queue.html",
                         context={"waiting": waiting}, order=20))
    return out
