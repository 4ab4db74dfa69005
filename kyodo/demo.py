"""Demo step 1: what the city starts with (its rules from its own preset, the consultation
topics …), as `manage.py create_city` sets it up."""

from __future__ import annotations

from typing import TextIO

from .cities import set_up_city
from .models import City
from .tenancy import current_city


def load(out: TextIO) -> None:
    city = current_city()
    set_up_city(city.preset)
    out.write(f"City rules: {City.Preset(city.preset).label}\n")
