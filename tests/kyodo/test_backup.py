"""Backup and restore (scripts/backup.sh, scripts/restore.sh): a backup restored into an empty
database and an empty store finds every agreement's hashes intact; a damaged file is caught."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from agreements import services
from tests.agreements import factories as af
from tests.factories import make_citizen, make_staff

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed


def _url(name: str) -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


def _run(script: str, folder: Path, database_url: str, media: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media), "KYODO_TESTING": "1"}
    env.pop("AWS_STORAGE_BUCKET_NAME", None)
    env.pop("PYTEST_XDIST_WORKER", None)  # the scripts use MEDIA_ROOT as given, not a test process's sub-folder
    return subprocess.run([str(ROOT / "scripts" / script), str(folder)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    yield _url(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def agreements_in_force(settings, tmp_path, department, organisation):
    settings.MEDIA_ROOT = tmp_path / "media"
    staff, citizen = make_staff(department), make_citizen(organisation)
    made = []
    for title in ("港南台プレイパーク事業", "見守りネットワーク事業"):
        agreement = af.draft(af.make_adopted_proposal(organisation, department, title=title), staff)
        af.agree_all(agreement, staff, citizen)
        af.sign_all(agreement, staff, citizen)
        render = services.render_run(version_id=agreement.in_force_version_id)
        made.append((agreement, render))
    return made


def test_a_backup_restores_into_an_empty_database_with_every_hash_intact(agreements_in_force, empty_database,
                                                                           tmp_path, settings):
    backup = tmp_path / "backup"
    source_url = _url(connection.settings_dict["NAME"])
    made = _run("backup.sh", backup, source_url, Path(settings.MEDIA_ROOT))
    assert made.returncode == 0, made.stderr
    assert (backup / "database.dump").stat().st_size > 0
    assert "files copied" in made.stdout

    restored = _run("restore.sh", backup, empty_database, tmp_path / "restored-media")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "2 agreements in force intact (2 PDFs checked)" in restored.stdout
    for _agreement, render in agreements_in_force:
        assert (tmp_path / "restored-media" / render.file.name).read_bytes() == render.file.open("rb").read()

    # Restoring again over the restored database is refused: a restore goes into an empty one.
    again = _run("restore.sh", backup, empty_database, tmp_path / "restored-media")
    assert again.returncode != 0 and "not empty" in again.stderr


def test_a_damaged_file_in_the_backup_is_refused(agreements_in_force, empty_database, tmp_path, settings):
    backup = tmp_path / "backup"
    assert _run("backup.sh", backup, _url(connection.settings_dict["NAME"]), Path(settings.MEDIA_ROOT)).returncode == 0
    _agreement, render = agreements_in_force[0]
    damaged = backup / "files" / render.file.name
    damaged.write_bytes(damaged.read_bytes().replace(b"%PDF", b"%PDX", 1))
    restored = _run("restore.sh", backup, empty_database, tmp_path / "restored-media")
    assert restored.returncode != 0
    assert "does not match its manifest" in restored.stderr
