"""Loads realistic Japanese demo content, idempotently, and prints one login per role.

Each app contributes an optional `<app>/demo.py` with `load(out) -> None`; they run in the
order below, so later apps can build on earlier ones' rows."""

from __future__ import annotations

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

STEPS = ["kyodo.demo", "partners.demo", "projects.demo", "cases.demo", "agreements.demo", "reviews.demo"]


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        for path in STEPS:
            try:
                module = import_module(path)
            except ModuleNotFoundError as exc:
                if exc.name != path:
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        from partners.demo import print_logins

        print_logins(self.stdout)
