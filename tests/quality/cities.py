"""Two cities for the cross-city tests: this city (the test's `city`) and Odawara, each with the
quality world, the other city's private records marked so that a page showing one is caught."""

from __future__ import annotations

from django.test import Client

from kyodo.cities import forget_hosts
from kyodo.tenancy import activate
from tests import factories as f

from .world import World, build_world

MARK = "別市の記録"


def mark_private_records(world: World) -> None:
    """Put a marker into the names and texts the other city must never see."""
    from agreements.models import Agreement
    from cases.models import Consultation
    from partners.models import Organisation
    from projects.models import Proposal

    for model, field in (
        (Organisation, "name"),
        (Proposal, "title"),
        (Consultation, "summary"),
        (Agreement, "title"),
    ):
        for row in model.objects.all():
            model.objects.filter(pk=row.pk).update(**{field: f"{getattr(row, field)}（{MARK}）"})


def build_two_cities(city):
    """(this city, its world), (the other city, its world with its private records marked)."""
    home = build_world()
    other_city = f.CityFactory(slug="odawara", city_name="小田原市", preset="odawara")
    forget_hosts()
    with activate(other_city):
        away = build_world()
        mark_private_records(away)
    return (city, home), (other_city, away)


def client_at(host: str, user) -> Client:
    """A client of `host` (a city's, or the platform's base domain), logged in as `user` unless None."""
    client = Client(HTTP_HOST=host, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client
