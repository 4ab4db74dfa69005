"""Home-page panels contributed by each app.

An app that has something to show on a user's home page provides `<app>/dashboard.py` with a
function `panels(request) -> list[Panel]`. The home view asks every app, in INSTALLED_APPS
order, so no app has to know about the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def panels_for(request: HttpRequest) -> list[Panel]:
    out: list[Panel] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.dashboard":
                raise
            continue
        if config.name == "kyodo":
            continue
        out.extend(module.panels(request))
    return sorted(out, key=lambda panel: panel.order)
