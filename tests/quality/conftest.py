"""Fixtures of the quality suite: the world of `world.py` (in one city, or in two: `cities.py`),
and a fast password hasher (the suite creates many users; hashing with PBKDF2 would dominate its
run time)."""

from __future__ import annotations

import pytest

from .cities import build_two_cities
from .world import World, build_world


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def two_cities(db, city):
    """(this city, its world), (the other city, its world with its private records marked)."""
    return build_two_cities(city)
