from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps login throttling and used TOTP codes in the shared cache (Redis under
    scripts/test.sh): start each test with an empty one so tests do not throttle each other."""
    cache.clear()
    yield
    cache.clear()
