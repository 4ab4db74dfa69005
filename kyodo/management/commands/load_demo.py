"""Loads realistic Japanese demo content for the demo cities, idempotently, and prints their
addresses and one login per role.

Each app contributes an optional `<app>/demo.py` with `load(out) -> None`; they run in the
order below, so later apps can build on earlier ones' rows, once per city with the city active."""

from __future__ import annotations

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from kyodo.cities import forget_hosts
from kyodo.democities import DEMO_CITIES
from kyodo.models import City
from kyodo.tenancy import activate

STEPS = ["kyodo.demo", "partners.demo", "projects.demo", "cases.demo", "agreements.demo", "reviews.demo"]
# The three cities of the seeds (kyodo.democities), each served at <slug>.<base domain> with its
# own preset and its own data.
CITIES = [(demo.slug, demo.preset) for demo in DEMO_CITIES.values()]


def demo_city(slug: str, preset: str) -> City:
    city, _created = City.objects.get_or_create(
        slug=slug, defaults={"preset": preset, "city_name": City.Preset(preset).label}
    )
    return city


class Command(BaseCommand):
    help = "Load the demo cities' data (idempotent) and print their addresses and demo logins."

    def handle(self, *args, **options) -> None:
        cities = [demo_city(slug, preset) for slug, preset in CITIES]
        forget_hosts()
        for city in cities:
            self.stdout.write(f"== {city.city_name} ({city.base_url}/)\n")
            with activate(city):
                for path in STEPS:
                    with transaction.atomic():
                        import_module(path).load(self.stdout)
        from partners.demo import print_logins

        print_logins(self.stdout, cities)
