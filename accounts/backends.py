"""Admin permissions that follow from a person's role, so a city employee posted to a
department can work in the admin without anyone maintaining groups by hand.

Object-level rules (whose proposal, which department) stay in each app's `permissions.py` and
services, which the admin's actions call; these model permissions only open the admin pages.
Roles are per city: the permissions hold in the city of the request. A city's administrators
get every permission on their city's records and rules; the platform's administrators
(superusers) have every permission through Django's own backend.
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend

from .roles import roles_of

# What city staff need in the admin: to read the portal's records and to run the city's part
# of the workflow (publish calls, set up screening rounds, verify organisations).
_STAFF_READ_APPS = ("partners", "projects", "agreements", "reviews", "cases")
_STAFF_WRITE = {
    "projects": {"call": ("add", "change"), "screeninground": ("add", "change"), "screeningcriterion": ("add", "change", "delete"), "proposal": ("change",)},
    "partners": {"organisation": ("change",)},
}
# Personal data of consultations is for the centre's coordinators: not opened to all staff.
_STAFF_HIDDEN = {("cases", "consultationcontact")}


_CITY_ADMIN_APPS = ("kyodo", "accounts", *_STAFF_READ_APPS)


def _city_admin_permissions() -> frozenset[str]:
    from django.apps import apps

    perms = set()
    for app_label in _CITY_ADMIN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            # Accounts are the platform's: a city's administrators see the people of their city
            # and give them roles there, but do not edit the accounts themselves.
            actions = ("view",) if model._meta.label == "accounts.User" else ("view", "add", "change", "delete")
            for action in actions:
                perms.add(f"{app_label}.{action}_{model._meta.model_name}")
    return frozenset(perms)


def _staff_permissions() -> frozenset[str]:
    from django.apps import apps

    perms = set()
    for app_label in _STAFF_READ_APPS:
        for model in apps.get_app_config(app_label).get_models():
            name = model._meta.model_name
            if (app_label, name) in _STAFF_HIDDEN:
                continue
            perms.add(f"{app_label}.view_{name}")
            for action in _STAFF_WRITE.get(app_label, {}).get(name, ()):
                perms.add(f"{app_label}.{action}_{name}")
    return frozenset(perms)


class RolePermissionBackend(BaseBackend):
    """Grants, in the request's city, its administrators every permission on its records and
    its staff (users with a department posting) the model permissions above. Authenticates
    nobody: it only answers permission questions."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if obj is not None or not user_obj.is_active:
            return set()
        roles = roles_of(user_obj)
        if roles.admin:
            return set(_city_admin_permissions())
        if roles.is_city_staff:
            return set(_staff_permissions())
        return set()

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return any(perm.startswith(f"{app_label}.") for perm in self.get_all_permissions(user_obj))
