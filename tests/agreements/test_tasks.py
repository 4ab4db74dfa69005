"""PDF rendering through a real Celery worker on Redis."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command

from agreements import pdf, services
from agreements.models import AgreementEvent, AgreementRender
from agreements.tasks import render_agreement_pdf_task
from tests.agreements import factories as af

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def _in_force(organisation, department, staff, citizen):
    agreement = af.draft(af.make_adopted_proposal(organisation, department), staff)
    af.agree_all(agreement, staff, citizen)
    return af.sign_all(agreement, staff, citizen)  # queues the render on commit


def _wait_for(render_id: int, statuses=("ready", "failed"), timeout: float = 60) -> AgreementRender:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        render = AgreementRender.objects.get(pk=render_id)
        if render.status in statuses:
            return render
        time.sleep(0.3)
    raise AssertionError(f"render still {render.status}")


def _wait_until_idle(timeout: float = 30) -> None:
    """Until the worker has nothing queued, reserved or running (there is no result backend)."""
    import redis
    from celery.worker import state
    from django.conf import settings

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not client.llen("celery") and not state.active_requests and not state.reserved_requests:
            time.sleep(0.5)
            if not client.llen("celery") and not state.active_requests and not state.reserved_requests:
                return
        time.sleep(0.2)
    raise AssertionError("the worker did not become idle")


def test_repeated_tasks_produce_the_pdf_once(celery_worker, organisation, department, staff, citizen, settings):
    agreement = _in_force(organisation, department, staff, citizen)
    version = agreement.in_force_version
    for _ in range(2):
        render_agreement_pdf_task.delay(version.pk)
    render = _wait_for(AgreementRender.objects.get(version=version).pk)
    _wait_until_idle()
    render.refresh_from_db()
    assert render.status == "ready" and render.attempts == 1
    files = list((settings.MEDIA_ROOT / "cities" / "yokohama" / "agreements" / "pdf").iterdir())
    assert [p.name for p in files] == [render.file.name.rsplit("/", 1)[-1]]
    assert AgreementEvent.objects.filter(agreement=agreement, kind="render_ready").count() == 1
    assert render.file.open("rb").read().startswith(b"%PDF")


def test_a_transient_failure_is_retried(celery_worker, organisation, department, staff, citizen, monkeypatch):
    real = pdf.render_agreement_pdf
    calls = []

    def flaky(version):
        calls.append(version.pk)
        if len(calls) == 1:
            raise OSError("disk briefly unavailable")
        return real(version)

    monkeypatch.setattr(pdf, "render_agreement_pdf", flaky)
    agreement = _in_force(organisation, department, staff, citizen)
    render = _wait_for(AgreementRender.objects.get(version=agreement.in_force_version).pk)
    assert render.status == "ready"
    assert render.attempts == 2 and len(calls) == 2
    assert render.error == ""


def test_a_permanent_failure_is_recorded_and_can_be_retried(
    celery_worker, organisation, department, staff, citizen, monkeypatch
):
    real = pdf.render_agreement_pdf

    def broken(version):
        raise ValueError("template error")

    monkeypatch.setattr(pdf, "render_agreement_pdf", broken)
    agreement = _in_force(organisation, department, staff, citizen)
    render = _wait_for(AgreementRender.objects.get(version=agreement.in_force_version).pk)
    assert render.status == "failed" and "template error" in render.error
    _wait_until_idle()
    assert AgreementEvent.objects.filter(agreement=agreement, kind="render_failed").exists()

    monkeypatch.setattr(pdf, "render_agreement_pdf", real)
    services.render_retry(render=render, by=staff)
    render = _wait_for(render.pk)
    assert render.status == "ready"


def test_rerender_command_reports_counts(organisation, department, staff, citizen, monkeypatch, capsys):
    monkeypatch.setattr(render_agreement_pdf_task, "delay", lambda pk: None)
    agreement = _in_force(organisation, department, staff, citizen)
    call_command("rerender_agreement_pdfs", "--sync")
    out = capsys.readouterr().out
    assert "1" in out
    render = AgreementRender.objects.get(version=agreement.in_force_version)
    assert render.status == "ready"
