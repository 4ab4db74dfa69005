"""Replace the city's lists (principles, forms, start types, criteria …) by a preset."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from kyodo.rules import DEFAULT_PRESET, PRESETS, load_preset


class Command(BaseCommand):
    help = "Load the city's rules from a preset: yokohama (default), odawara or yoshikawa. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("preset", nargs="?", default=DEFAULT_PRESET, choices=sorted(PRESETS))

    def handle(self, *args, preset: str, **options) -> None:
        loaded = load_preset(preset)
        self.stdout.write(self.style.SUCCESS(f"Loaded the rules of {loaded.city_name} ({preset})."))
