"""The transactional outbox: work queued while the broker is down is kept and sent later."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from kombu.exceptions import OperationalError

from kyodo import tasks
from kyodo.outbox import OutboxTask, enqueue_on_commit, flush_outbox


def _refuse(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.mark.django_db
def test_nothing_is_published_before_commit(monkeypatch, django_capture_on_commit_callbacks):
    published = []
    monkeypatch.setattr(tasks.ping, "delay", lambda *a: published.append(a))
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(tasks.ping)
        assert published == []
    assert published == [()]
    assert not OutboxTask.objects.exists()


@pytest.mark.django_db
def test_a_refused_publish_is_kept_in_the_outbox_not_raised(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(tasks.ping, "delay", _refuse)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(tasks.ping)
    kept = OutboxTask.objects.get()
    assert kept.task_name == "kyodo.tasks.ping"
    assert kept.sent_at is None
    assert "refused" in kept.error


@pytest.mark.celery
def test_flush_sends_kept_work_to_a_real_worker_once(celery_worker):
    OutboxTask.objects.create(task_name="kyodo.tasks.ping", args=[], kwargs={})
    cache.delete(tasks.HEARTBEAT_KEY)

    assert flush_outbox() == 1
    assert flush_outbox() == 0  # already sent: nothing twice

    deadline = time.monotonic() + 20
    while cache.get(tasks.HEARTBEAT_KEY) is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cache.get(tasks.HEARTBEAT_KEY) is not None
    assert OutboxTask.objects.get().sent_at is not None
