"""Every URL pattern of the project, with the names the quality tests key their tables on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Not ours to test: the admin (Django's own permission checks), allauth's account and MFA pages
# (allauth's test suite), the language switch and static files.
SKIP_NAMESPACES = {"admin", "djdt"}
SKIP_NAME = re.compile(r"^(account_|mfa_|socialaccount_|set_language$|static$)")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str
    params: tuple[str, ...]


def project_routes(urlconf: str | None = None, skip_name: re.Pattern = SKIP_NAME) -> list[Route]:
    """The routes of `urlconf` (the cities' portal by default) but for the skipped ones."""
    routes: dict[str, Route] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                if ns in SKIP_NAMESPACES:
                    continue
                walk(p.url_patterns, prefix + str(p.pattern), f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(p, URLPattern):
                if not p.name or skip_name.match(p.name):
                    continue
                full = prefix + str(p.pattern)
                if full.startswith(("static/", "media")):
                    continue
                name = namespace + p.name
                params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", full))
                routes.setdefault(name, Route(name, full, params))

    walk(get_resolver(urlconf).url_patterns, "", "")
    return sorted(routes.values(), key=lambda r: r.name)
