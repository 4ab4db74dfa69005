"""Replace a city's lists (principles, forms, start types, criteria …) by a preset."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kyodo.models import City
from kyodo.rules import PRESETS, load_preset
from kyodo.tenancy import activate


class Command(BaseCommand):
    help = "Load a city's rules from a preset: yokohama, odawara or yoshikawa. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("city", help="the city's host name label, e.g. yokohama")
        parser.add_argument("preset", choices=sorted(PRESETS))

    def handle(self, *args, city: str, preset: str, **options) -> None:
        found = City.objects.filter(slug=city).first()
        if found is None:
            raise CommandError(f"No city {city!r}: create it with manage.py create_city.")
        with activate(found):
            loaded = load_preset(preset)
        self.stdout.write(self.style.SUCCESS(f"Loaded the rules of {loaded.city_name} ({preset}) into {city}."))
