"""Create a city on the platform, with its rules from a preset (the platform admin does the same)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from kyodo.cities import city_create
from kyodo.models import City
from kyodo.rules import PRESETS


class Command(BaseCommand):
    help = "Create a city served at <slug>.<base domain> with the rules of a preset."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="host name label, e.g. odawara")
        parser.add_argument("preset", choices=sorted(PRESETS))
        parser.add_argument("--name", default="", help="the city's name (default: the preset's)")
        parser.add_argument("--domain", action="append", default=[], help="a custom host name (repeatable)")
        parser.add_argument("--by", required=True, help="e-mail of the platform administrator doing it")

    def handle(self, *args, slug: str, preset: str, name: str, domain: list[str], by: str, **options) -> None:
        if City.objects.filter(slug=slug).exists():
            raise CommandError(f"A city {slug!r} exists already.")
        admin = User.objects.filter(email__iexact=by, is_superuser=True, is_active=True).first()
        if admin is None:
            raise CommandError(f"{by} is not an active platform administrator.")
        city = city_create(slug=slug, preset=preset, city_name=name, custom_domains=domain, by=admin)
        self.stdout.write(self.style.SUCCESS(f"Created {city.city_name}: {city.base_url}/"))
