"""Backup and restore of the stored files, and the check that a restore is whole.

The database is dumped and restored by PostgreSQL's own tools (scripts/backup.sh,
scripts/restore.sh); the files go through Django's storage API, so the same commands copy
the object store's bucket (or MEDIA_ROOT on the embedded default) into a folder and back.
A manifest records each file's SHA-256, checked on the way back in.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import Storage

from .storage import sha256_of

MANIFEST = "manifest.json"


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from stored_names(storage, f"{folder}/{directory}" if folder else directory)


def copy_out(storage: Storage, target: Path) -> dict[str, str]:
    """Every stored file into `target`, with the manifest {name: sha256}."""
    manifest = {}
    for name in sorted(stored_names(storage)):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, path.open("wb") as out:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                out.write(chunk)
        with path.open("rb") as written:
            manifest[name] = sha256_of(written)
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def copy_in(source: Path, storage: Storage) -> int:
    """The files of a backup into `storage` under their own names, each checked against the
    manifest first; a file already stored with the same name is left as it is."""
    manifest = json.loads((source / MANIFEST).read_text())
    for name, sha in manifest.items():
        with (source / name).open("rb") as stream:
            if sha256_of(stream) != sha:
                raise ValueError(f"{name}: the backup's copy does not match its manifest")
            stream.seek(0)
            if not storage.exists(name):
                saved = storage.save(name, File(stream))
                if saved != name:
                    raise ValueError(f"{name} was stored as {saved}")
    return len(manifest)
