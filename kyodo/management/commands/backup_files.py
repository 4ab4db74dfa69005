"""Copy every stored file (the object store's bucket, or MEDIA_ROOT) into a folder."""

from __future__ import annotations

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from kyodo.backup import copy_out


class Command(BaseCommand):
    help = "Copy every stored file into FOLDER, with manifest.json (name → SHA-256)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options) -> None:
        manifest = copy_out(default_storage, folder)
        self.stdout.write(f"{len(manifest)} files copied to {folder}")
