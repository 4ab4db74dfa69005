"""The production topology script (scripts/topology.py) runs what docker-compose.yml runs, with
the same commands and the same variables, and its walk across the nodes passes."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("topology", ROOT / "scripts" / "topology.py")
topology = importlib.util.module_from_spec(spec)
sys.modules["topology"] = topology  # dataclasses look their module up
spec.loader.exec_module(topology)


def test_the_topology_runs_the_compose_files_commands():
    compose = topology.compose_commands()
    ours = topology.process_commands()
    assert compose["web"][:2] == ["sh", "-c"] and "gunicorn kyodo.wsgi" in compose["web"][2]
    for node, port in topology.WEB_PORTS.items():
        assert ours[node] == [arg.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for arg in compose["web"]]
        assert f"--bind 127.0.0.1:{port}" in ours[node][2]
    for worker in topology.WORKER_METRICS_PORTS:
        assert ours[worker] == [*compose["worker"], "-n", f"{worker}@%h"]
    assert ours["beat"] == compose["beat"]


def test_the_topology_sets_the_variables_the_compose_file_sets():
    compose = set(topology.env_example())
    ours = set(topology.portal_environment("secret", "token"))
    assert ours - compose == set()  # nothing the compose file does not configure
    assert compose - ours == set(topology.PER_HOST)  # set per host as each process starts
    assert topology.portal_environment("secret", "token")["KYODO_ENV"] == "production"
    # Every override names a variable the compose file sets.
    assert set(topology.topology_overrides("s", "t")) <= compose


def test_each_process_gets_its_compose_services_own_variables():
    services = topology.service_environment()
    assert set(topology.SERVICE_OF) == set(topology.process_commands())
    for process, service in topology.SERVICE_OF.items():
        assert services[service].items() <= topology.process_environment(process).items()


@pytest.mark.topology
def test_the_walk_across_the_nodes_passes():
    """Slow (about three minutes): CI runs it as its own step (`.ci/run`), with its log."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "KYODO_"))}
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "topology.py")], cwd=ROOT, env=env,
                            timeout=600)
    assert result.returncode == 0
