"""Faults with real services: a Celery worker killed mid-render, and a broker that is down.

The worker runs as a subprocess (`celery -A kyodo worker`, solo pool) on Redis, against the
test database pytest-django created, with a 5 s visibility timeout (`worker_settings.py`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
DOWN_BROKER = "redis://127.0.0.1:1/0"  # nobody listens on port 1

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("the fault tests need REDIS_URL (run them through scripts/test.sh)")
    return url


def _test_database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = quote(s["HOST"] or "", safe="")
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{s['NAME']}"


def _clear_queue(redis_url: str) -> None:
    """Our Redis database only: drop queued and unacknowledged messages of earlier runs."""
    import redis

    from kyodo.celery import app

    app.control.purge()
    client = redis.Redis.from_url(redis_url)
    client.delete("unacked", "unacked_index", "unacked_mutex")


@contextmanager
def worker(redis_url: str, tmp: Path):
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "tests.quality.worker_settings", "DATABASE_URL": _test_database_url(),
        "REDIS_URL": redis_url, "KYODO_TESTING": "1", "KYODO_VAR_DIR": str(tmp / "var"),
        "MEDIA_ROOT": str(tmp / "media"), "PYTHONPATH": str(ROOT),
    }
    env.pop("CELERY_BROKER_URL", None)
    celery = Path(sys.executable).with_name("celery")
    proc = subprocess.Popen(
        [str(celery), "-A", "kyodo", "worker", "-P", "solo", "-c", "1", "--without-heartbeat", "--without-gossip",
         "--without-mingle", "-l", "info"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, text=True,
    )
    proc.lines = []  # type: ignore[attr-defined]  # the worker's log, read as it comes

    def read() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            proc.lines.append(line.rstrip())  # type: ignore[attr-defined]

    threading.Thread(target=read, daemon=True).start()
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait(predicate, timeout: float, what: str, poll: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _in_force_agreement(organisation, department, staff, citizen, *, rows: int = 0):
    """An agreement signed by both parties through the services (which queue its PDF)."""
    from agreements import services
    from tests.agreements.factories import agree_all, draft, edit_content, make_adopted_proposal, sign_all

    agreement = draft(make_adopted_proposal(organisation, department), staff)
    if rows:
        # A long agreement (many role and cost rows) takes seconds to render: time to kill the worker.
        version = agreement.current_version
        party = version.content["parties"][1]["label"]
        content = edit_content(
            version,
            roles=[{"task": f"プレイパークの運営と見守り 第{i}回 " * 3, "party": party} for i in range(rows)],
            costs=[{"item": f"遊具・道具 {i}", "amount": 1000 + i, "party": party} for i in range(rows)],
        )
        services.agreement_propose_edit(agreement=agreement, content=content, by=staff, note="long")
    agree_all(agreement, staff, citizen)
    sign_all(agreement, staff, citizen)
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def people(db):
    organisation = f.OrganisationFactory(name="港南台生き生きプレイパーク")
    department = f.DepartmentFactory(name="市民局")
    return organisation, department, f.make_staff(department), f.make_citizen(organisation)


def test_pdf_is_produced_exactly_once_when_the_worker_is_killed_mid_render(people, redis_url, tmp_path, settings):
    from agreements.models import AgreementEvent, AgreementRender

    settings.MEDIA_ROOT = tmp_path / "media"
    _clear_queue(redis_url)
    organisation, department, staff, citizen = people
    agreement = _in_force_agreement(organisation, department, staff, citizen, rows=250)
    version = agreement.in_force_version
    assert AgreementRender.objects.get(version=version).status == AgreementRender.Status.QUEUED

    with worker(redis_url, tmp_path) as first:
        _wait(lambda: AgreementRender.objects.get(version=version).status == AgreementRender.Status.RENDERING,
              90, "the first worker to start rendering")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    assert AgreementRender.objects.get(version=version).status == AgreementRender.Status.RENDERING

    with worker(redis_url, tmp_path) as second:
        def finished():
            ready = AgreementRender.objects.filter(version=version, status=AgreementRender.Status.READY).first()
            gave_up = any("succeeded" in line and "render" in line for line in second.lines)
            return ready or (gave_up and "gave up")

        try:
            outcome = _wait(finished, 60, "the redelivered task")
        except AssertionError as exc:
            raise AssertionError(f"{exc}; worker log:\n" + "\n".join(second.lines[-8:])) from None
        time.sleep(2)  # a second delivery, if any, would render again now
        render = AgreementRender.objects.get(version=version)
        assert outcome != "gave up" and render.status == AgreementRender.Status.READY, (
            f"the redelivered task ended without a PDF (render {render.status}, attempts {render.attempts}); "
            "worker log:\n" + "\n".join(second.lines[-8:])
        )
    pdfs = list((tmp_path / "media").rglob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF"), (render.file.name, pdfs)
    assert render.file.name.startswith(f"cities/{agreement.city.slug}/agreements/pdf/")
    assert render.sha256 and render.file.name.endswith(pdfs[0].name)
    assert AgreementRender.objects.filter(version=version).count() == 1
    ready = AgreementEvent.objects.filter(agreement=agreement, kind=AgreementEvent.Kind.RENDER_READY)
    assert ready.count() == 1


@contextmanager
def broker_down():
    """The web side publishes to a broker nobody listens on (the machine's Redis stays up)."""
    from kyodo.celery import app

    saved = app.conf.broker_url

    def reset(url: str) -> None:
        app.conf.broker_url = url
        app._pool = None  # the connection and producer pools are built lazily from the URL
        app.amqp._producer_pool = None

    reset(DOWN_BROKER)
    try:
        yield
    finally:
        reset(saved)


def test_work_queued_while_the_broker_is_down_runs_once_it_is_back(people, redis_url, tmp_path, settings):
    from agreements.models import AgreementRender
    from kyodo.outbox import OutboxTask, flush_outbox
    from projects.models import ProposalStatus
    from tests.projects.factories import ProposalFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    _clear_queue(redis_url)
    organisation, department, staff, citizen = people
    proposal = ProposalFactory(organisation=organisation, call__department=department)
    proposal.departments.add(department)
    client = Client()
    client.force_login(citizen)

    with broker_down():
        t0 = time.monotonic()
        response = client.post(reverse("projects:proposal_submit", args=[proposal.pk]))
        assert response.status_code in {200, 302}
        assert time.monotonic() - t0 < 10, "the request hung on the broker"
        agreement = _in_force_agreement(organisation, department, staff, citizen)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert agreement.status == agreement.Status.IN_FORCE
    kept = set(OutboxTask.objects.filter(sent_at__isnull=True).values_list("task_name", flat=True))
    assert any("proposal" in name for name in kept) and any("render" in name for name in kept), kept

    assert flush_outbox() >= 2
    assert not OutboxTask.objects.filter(sent_at__isnull=True).exists()
    with worker(redis_url, tmp_path):
        _wait(lambda: AgreementRender.objects.filter(version=agreement.in_force_version,
                                                     status=AgreementRender.Status.READY).exists(),
              120, "the PDF queued while the broker was down")
        mail_dir = tmp_path / "var" / "mail"
        _wait(lambda: mail_dir.exists() and any(mail_dir.iterdir()), 60, "the submission mail")
