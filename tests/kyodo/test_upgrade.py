"""An existing single-city database upgrades into its first city with nothing lost.

`fixtures/single_city_release.sqlite3.gz` is the demo database made by the last single-city
release (commit 2eb6295: `manage.py migrate && manage.py load_demo` on the embedded default).
The test runs today's migrations on a copy, in a separate process as an operator would, and
compares every table's row count and every agreement version's hash before and after."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "single_city_release.sqlite3.gz"

AFTER = """
import json, django
django.setup()
from agreements.models import AgreementVersion, content_sha256
from kyodo.models import City
from kyodo.tenancy import activate
city = City.objects.get(pk=1)
with activate(city):
    print(json.dumps({
        "city": [city.slug, city.city_name, city.preset, city.principles_preamble],
        "recomputed": {str(v.pk): content_sha256(v.content) for v in AgreementVersion.objects.all()},
    }))
"""


def _snapshot(path: Path) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            # Django's own lists of migrations, models and permissions grow with the new models.
            "AND name NOT IN ('django_migrations', 'django_content_type', 'auth_permission', "
            "'kyodo_cityprofile', 'kyodo_city')"
        )]
        counts = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        hashes = {str(pk): h for pk, h in db.execute("SELECT id, content_hash FROM agreements_agreementversion")}
        pdfs = {str(pk): h for pk, h in db.execute("SELECT id, sha256 FROM agreements_agreementrender")}
        return counts, hashes, pdfs
    finally:
        db.close()


def test_a_single_city_database_upgrades_into_its_first_city(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    database = var / "kyodo.sqlite3"
    with gzip.open(FIXTURE) as packed, open(database, "wb") as out:
        shutil.copyfileobj(packed, out)
    counts, hashes, pdfs = _snapshot(database)
    assert counts["projects_proposal"] and hashes and pdfs

    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(KYODO_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="kyodo.settings")
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=600)
    assert migrate.returncode == 0, migrate.stderr[-3000:]

    after_counts, after_hashes, after_pdfs = _snapshot(database)
    assert {t: after_counts[t] for t in counts if t in after_counts} == {
        t: n for t, n in counts.items() if t in after_counts
    }
    dropped = set(counts) - set(after_counts)
    assert dropped == set(), f"tables gone: {dropped}"
    assert (after_hashes, after_pdfs) == (hashes, pdfs)

    db = sqlite3.connect(database)
    try:
        for table in after_counts:
            columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
            if "city_id" in columns:
                stray = db.execute(f'SELECT count(*) FROM "{table}" WHERE city_id IS NOT 1').fetchone()[0]
                assert stray == 0, f"{table}: {stray} rows outside the first city"
        triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert {"agreements_signature_no_update", "agreements_version_no_update"} <= triggers  # still immutable
        committee = db.execute("SELECT count(*) FROM accounts_cityrole WHERE role='committee' AND city_id=1").fetchone()[0]
        assert committee == 3  # committee1..3 keep their seats
    finally:
        db.close()

    probe = subprocess.run([sys.executable, "-c", AFTER], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert probe.returncode == 0, probe.stderr[-3000:]
    result = json.loads(probe.stdout.strip().splitlines()[-1])
    assert result["city"][:3] == ["yokohama", "横浜市", "yokohama"]
    assert result["city"][3].startswith("甲と乙は、横浜コード")
    assert result["recomputed"] == hashes
