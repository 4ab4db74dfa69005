"""A bounded load test against gunicorn on loopback with wrk: C connections for D seconds."""

from __future__ import annotations

import http.client
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(workers: int = 3, env: dict[str, str] | None = None):
    """gunicorn serving the project on 127.0.0.1:<free port>; yields the port and its pid."""
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
        yield port, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def get(port: int, path: str, cookie: str = "", timeout: float = 30, host: str = "127.0.0.1") -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Host": host, "Accept-Language": "ja"}
        if cookie:
            headers["Cookie"] = cookie
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        conn.close()


WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '@@{"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def _family(pid: int) -> list[int]:
    """A process and its children (gunicorn's master and its workers)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return [pid, *children]


def run(port: int, path: str, cookie: str = "", clients: int = 50, seconds: float = 10.0,
        server_pid: int | None = None, host: str = "127.0.0.1") -> dict[str, Any]:
    """wrk (Debian's package) with `clients` connections on two threads for `seconds`. Reports
    the client's own CPU (so that the server's share of the two cores is plain) and, given the
    server's pid, the server's CPU per request and the throughput that implies on every core."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_REPORT)
    cmd = ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds:.0f}s", "--timeout", "10s", "-s", str(script),
           "-H", f"Host: {host}", "-H", "Accept-Language: ja"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    status, _size = get(port, path, cookie, host=host)  # warm-up (and, for a public page, the cache)
    if status != 200:
        raise RuntimeError(f"{path} on {host} answered {status}")
    server = _family(server_pid) if server_pid else []
    server_before = _cpu_seconds(server)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    elapsed = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = _cpu_seconds(server) - server_before
    script.unlink()
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("@@")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    out = json.loads(line[2:])
    client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cores = os.cpu_count() or 1
    requests = out["requests"]
    result = {
        "tool": "wrk", "path": path, "clients": clients, "seconds": round(out["duration_us"] / 1e6, 1),
        "requests": requests, "rps": round(requests / (out["duration_us"] / 1e6), 1),
        "median_ms": round(out["latency_us"]["p50"] / 1000, 1), "p90_ms": round(out["latency_us"]["p90"] / 1000, 1),
        "p99_ms": round(out["latency_us"]["p99"] / 1000, 1), "max_ms": round(out["latency_us"]["max"] / 1000, 1),
        "errors": out["errors"], "non_2xx_3xx": out["errors"]["status"],
        "client_cpu_seconds": round(client_cpu, 2),
        "client_cpu_share": round(client_cpu / (elapsed * cores), 3),
    }
    if server:
        per_request = server_cpu / requests if requests else 0
        result.update({
            "server_cpu_seconds": round(server_cpu, 2),
            "server_cpu_ms_per_request": round(per_request * 1000, 3),
            # What every core would serve of this page alone: CPU per request × cores.
            "ceiling_rps": round(cores / per_request, 1) if per_request else None,
        })
    return result
