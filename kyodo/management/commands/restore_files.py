"""Put the files of a backup folder (made by backup_files) back into the storage."""

from __future__ import annotations

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from kyodo.backup import copy_in


class Command(BaseCommand):
    help = "Store every file of FOLDER (checked against its manifest.json) under its own name."

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options) -> None:
        try:
            count = copy_in(folder, default_storage)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{count} files restored from {folder}")
