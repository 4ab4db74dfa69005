"""Cities on the platform: which city a request is for (its host name), and the platform's
writes (creating a city from a preset, deactivating one)."""

from __future__ import annotations

import time
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string
from django.utils.module_loading import module_has_submodule

from .models import City
from .permissions import can_manage_cities
from .tenancy import activate
from .workflow import NotAllowed

PLATFORM_URLCONF = "kyodo.urls_platform"
# The machine's own endpoints answer on any host, with no city: load balancers and monitoring
# ask by address (http://10.0.0.5:8000/health/), and a database outage must not hide them.
PLATFORM_PATHS = ("/health/", "/metrics")
_hosts: tuple[float, dict[str, City]] | None = None  # (read at, {host: city}); None: not read yet


def city_for_host(host: str) -> City | None:
    """The active city served at `host` (without port), or None. The table of hosts is kept in
    the process for KYODO_CITY_HOSTS_TTL seconds (a new custom domain or a deactivation reaches
    every node within that time; this process's own changes at once, `forget_hosts`): no query
    per request."""
    global _hosts
    if _hosts is None or time.monotonic() - _hosts[0] > settings.KYODO_CITY_HOSTS_TTL:
        _hosts = (time.monotonic(), {name.lower(): city for city in City.objects.active() for name in city.hosts})
    return _hosts[1].get(host.lower())


def forget_hosts() -> None:
    global _hosts
    _hosts = None


class CityMiddleware:
    """Sets the request's city from its host name for the whole request: `<slug>.<base domain>`
    or a city's custom domain. The base domain itself serves the platform's pages (the list of
    cities, the platform's admin); any other host gets a plain 404 that names no city."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host = request.get_host().rsplit(":", 1)[0].lower()
        if host == settings.KYODO_BASE_DOMAIN.lower() or request.path_info.startswith(PLATFORM_PATHS):
            request.city = None
            request.urlconf = PLATFORM_URLCONF
            with activate(None):
                return self.get_response(request)
        city = city_for_host(host)
        if city is None:
            return HttpResponseNotFound(render_to_string("errors/unknown_host.html", request=None))
        request.city = city
        with activate(city):
            return self.get_response(request)


# --- The platform's writes ---------------------------------------------------------------------
def set_up_city(preset: str) -> None:
    """Give the current city what each app starts a city with (`<app>/setup.py`: the rules of
    the preset, the consultation topics …). Idempotent."""
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "setup"):
            import_module(f"{config.name}.setup").set_up(preset)


def city_create(*, slug: str, preset: str, by, city_name: str = "", custom_domains: list[str] | None = None) -> City:
    """A new city set up from `preset`. Platform administrators only."""
    decision = can_manage_cities(by)
    if not decision:
        raise NotAllowed(decision.reason)
    with transaction.atomic():
        city = City.objects.create(slug=slug, city_name=city_name or City.Preset(preset).label,
                                   preset=preset, custom_domains=custom_domains or [])
        with activate(city):
            set_up_city(preset)
            if city_name:
                City.objects.filter(pk=city.pk).update(city_name=city_name)
    forget_hosts()
    city.refresh_from_db()
    return city


def city_set_active(*, city: City, active: bool, by) -> City:
    """Deactivate a city (its hosts answer 404, its data stays) or bring it back."""
    decision = can_manage_cities(by)
    if not decision:
        raise NotAllowed(decision.reason)
    City.objects.filter(pk=city.pk).update(is_active=active)
    forget_hosts()
    city.refresh_from_db()
    return city
