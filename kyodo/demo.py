"""Demo step 1: the city's rules, Yokohama's preset."""

from __future__ import annotations

from typing import TextIO

from .rules import DEFAULT_PRESET, load_preset


def load(out: TextIO) -> None:
    preset = load_preset(DEFAULT_PRESET)
    out.write(f"City rules: {preset.city_name}\n")
