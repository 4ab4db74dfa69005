"""Run callables at the same moment, each in its own thread and so on its own database
connection, for race tests. Use with `@pytest.mark.django_db(transaction=True)`: the threads
only see committed rows. Each thread runs in a copy of the caller's context (the active city)."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections


def require_postgresql() -> None:
    """Row locks and waiting on a unique index are what these tests exercise: PostgreSQL's."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks, concurrent transactions)")


def run_together(*calls: Callable[[], Any], timeout: float = 60) -> list[Any]:
    """Start every call at once (a barrier); return their results in order. A call that raised
    gives its exception as its result, so a test can say which outcome it expects."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any], context: contextvars.Context) -> None:
        try:
            barrier.wait(timeout)
            results[index] = context.run(call)
        except BaseException as exc:  # noqa: BLE001 - handed to the test as the call's outcome
            results[index] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, call, contextvars.copy_context())) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a concurrent call did not finish"
    return results
