"""What a new city starts with in this app: its rules, from its preset."""

from __future__ import annotations

from .rules import load_preset


def set_up(preset: str) -> None:
    load_preset(preset)
