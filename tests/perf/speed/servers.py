"""The servers measured: gunicorn with production settings on one bench database, and the cluster
(deploy/cluster.py) pointed at a bench database, with its state under .bench/cluster/."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from .common import BENCH, GUNICORN, PG_NAMES, PYTHON, REDIS_URL, ROOT, database_url, log

CLUSTER_STATE = BENCH / "cluster"
CLUSTER_FRONT = 8090
# Every port deploy/cluster.py uses: the front, the two nodes, SeaweedFS.
CLUSTER_PORTS = (8090, 8001, 8002, 9433, 9434, 9435, 9436)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_taken(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def answers(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def gunicorn(env, name, workers=3):
    """gunicorn portal.wsgi with `workers` sync workers on a free port; yields the port."""
    port = free_port()
    (BENCH / "logs").mkdir(parents=True, exist_ok=True)
    with open(BENCH / "logs" / f"{name}.log", "ab") as output:
        process = subprocess.Popen(
            [GUNICORN, "portal.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level=warning"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while not answers(f"http://127.0.0.1:{port}/robots.txt"):
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"bench: gunicorn did not start (see .bench/logs/{name}.log)")
            time.sleep(0.3)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def cluster_env(size):
    """deploy/cluster.py's environment: its state under .bench/, the PostgreSQL bench database of
    `size` and the bench's Redis. The database holds the demo already: the first start must not load it."""
    return {
        **os.environ,
        "CLUSTER_STATE": str(CLUSTER_STATE),
        "CLUSTER_DATABASE_URL": database_url("postgres", size),
        "CLUSTER_REDIS_URL": REDIS_URL,
    }


def cluster_busy():
    """Ports of the cluster held by another program (a cluster started elsewhere), once whatever an
    earlier, interrupted run of the bench left running under .bench/cluster/ is stopped."""
    if (CLUSTER_STATE / "pids").exists():
        command = [PYTHON, str(ROOT / "deploy" / "cluster.py"), "down"]
        subprocess.run(command, cwd=ROOT, env=cluster_env("demo"), capture_output=True)
    return [port for port in CLUSTER_PORTS if port_taken(port)]


@contextlib.contextmanager
def cluster(size):
    """The cluster up against the PostgreSQL bench database of `size`, and down afterwards, always."""
    assert size in PG_NAMES
    for folder in ("pids", "logs"):
        (CLUSTER_STATE / folder).mkdir(parents=True, exist_ok=True)
    (CLUSTER_STATE / "demo-loaded").touch()
    env = cluster_env(size)
    command = [PYTHON, str(ROOT / "deploy" / "cluster.py")]
    try:
        log(f"cluster up on postgres-{size} (state in .bench/cluster/)")
        result = subprocess.run([*command, "up"], cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode:
            raise RuntimeError(f"cluster.py up failed: {result.stdout[-2000:]} {result.stderr[-2000:]}")
        yield CLUSTER_FRONT
    finally:
        result = subprocess.run([*command, "down"], cwd=ROOT, env=env, capture_output=True, text=True)
        log("cluster down" if not result.returncode else f"cluster down failed: {result.stderr[-500:]}")
