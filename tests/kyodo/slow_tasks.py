"""A task that runs as long as it is told, for the stop tests of tests/kyodo/test_scripts.py: the
worker subprocess imports it with `--include tests.kyodo.slow_tasks`."""

from __future__ import annotations

import time
from pathlib import Path

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def sleep_for(seconds: float, started: str) -> None:
    Path(started).touch()  # the test waits for this before stopping the worker
    time.sleep(seconds)
