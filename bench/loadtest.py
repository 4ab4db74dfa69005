"""A bounded load test against gunicorn on loopback: C concurrent clients for D seconds."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .measure import percentile

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(workers: int = 3, env: dict[str, str] | None = None):
    """gunicorn serving the project on 127.0.0.1:<free port>; yields the port."""
    port = free_port()
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    cmd = [str(gunicorn_bin), "kyodo.wsgi:application", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
           "--log-level", "warning", "--timeout", "60"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = get(port, "/__nothing__/", timeout=2)
                if status:
                    break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError("gunicorn exited on start") from None
                time.sleep(0.3)
        else:
            raise RuntimeError("gunicorn did not answer within 60 s")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def get(port: int, path: str, cookie: str = "", timeout: float = 30) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Host": "127.0.0.1", "Accept-Language": "ja"}
        if cookie:
            headers["Cookie"] = cookie
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        conn.close()


def run(port: int, path: str, cookie: str = "", clients: int = 50, seconds: float = 10.0) -> dict[str, Any]:
    """`clients` threads request `path` in a loop until `seconds` have passed."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        nonlocal errors
        mine, my_status, my_errors = [], {}, 0
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            try:
                status, _size = get(port, path, cookie)
            except OSError:
                my_errors += 1
                continue
            mine.append((time.perf_counter() - t0) * 1000)
            my_status[status] = my_status.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            errors += my_errors
            for key, value in my_status.items():
                statuses[key] = statuses.get(key, 0) + value

    get(port, path, cookie)  # warm-up
    started = time.monotonic()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "path": path, "clients": clients, "seconds": round(elapsed, 1), "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1), "median_ms": round(percentile(latencies, 0.5), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1), "statuses": statuses, "errors": errors,
    }
