"""Load and latency: wrk for throughput and percentiles under concurrency, a sequential client for the
latency of one request at a time, and a probe that reads the caching headers of an answer.

Every request says `Accept-Encoding: gzip`, as browsers do: the portal compresses its public pages and
WhiteNoise serves the static files' precompressed copies.
"""

import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

from .common import BENCH, log

HEADERS = {"Accept-Encoding": "gzip", "User-Agent": "portal-speed-benchmark"}
# Read by wrk at the end of a run: its totals and latency percentiles as one JSON line.
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d,' ..
    ' "p50_us": %.0f, "p95_us": %.0f, "p99_us": %.0f}\\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""
# The caches that a page publication starts anew (portal.cache) as django-redis names them: the page chrome
# and the whole pages. The map's grid and counts and the transparency figures follow issues, not pages
# (an issue change recomputes them in the task worker: see docs/architecture.md).
GENERATION_KEYS = (
    "portal:1:portal:content-generation",
    "portal:1:portal:page-generation",
)
# A section's publish (the home page, an index, the map page: in the menu and in others' breadcrumbs)
# starts the chrome's generation anew too; a leaf page's (a briefing, an object, a visit) does not.
SECTION_KEYS = (*GENERATION_KEYS, "portal:1:portal:chrome-generation")


@dataclass
class Load:
    """What wrk measured for one address."""

    rps: float = 0.0
    p50: float = 0.0  # milliseconds
    p95: float = 0.0
    p99: float = 0.0
    errors: int = 0  # answers >= 400 and socket errors


@dataclass
class Latency:
    """One request at a time: milliseconds per request."""

    p50: float = 0.0
    p95: float = 0.0
    statuses: set = field(default_factory=set)
    page_cache: str = ""  # the X-Page-Cache header of the last answer


def ensure_wrk():
    """wrk from Debian, installed when missing and running as root (as deploy/cluster.py does Varnish)."""
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        sys.exit("bench: wrk is needed (Debian: apt-get install wrk); run as root to install it.")
    log("installing Debian's wrk")
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(install, env=env, capture_output=True).returncode:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, check=True)
        subprocess.run(install, env=env, capture_output=True, check=True)


def wrk(base, path, seconds, connections=8, threads=2):
    script = BENCH / "wrk-report.lua"
    if not script.exists() or script.read_text() != WRK_REPORT:
        script.write_text(WRK_REPORT)
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", f"-s{script}"]
    for name, value in HEADERS.items():
        args += ["-H", f"{name}: {value}"]
    result = subprocess.run([*args, base + path], capture_output=True, text=True, timeout=seconds + 60)
    line = next((line for line in result.stdout.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        log(f"wrk gave no figures for {path}: {result.stdout[-500:]} {result.stderr[-500:]}")
        return Load(errors=-1)
    figures = json.loads(line[len("BENCH ") :])
    return Load(
        rps=figures["requests"] / (figures["duration_us"] / 1e6),
        p50=figures["p50_us"] / 1000,
        p95=figures["p95_us"] / 1000,
        p99=figures["p99_us"] / 1000,
        errors=figures["status_errors"] + figures["socket_errors"],
    )


class Client:
    """One keep-alive connection (opened again whenever the server closes it, as gunicorn's sync workers
    do after every answer)."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path, with_body=False):
        """(seconds, status, headers) of one GET, the body read whole (and given with `with_body`)."""
        started = time.perf_counter()
        try:
            self.connection.request("GET", path, headers=HEADERS)
            response = self.connection.getresponse()
            body = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # a kept connection the server had closed: once more, anew
            started = time.perf_counter()
            self.connection.request("GET", path, headers=HEADERS)
            response = self.connection.getresponse()
            body = response.read()
        elapsed = time.perf_counter() - started
        if response.will_close:
            self.connection.close()
        if with_body:
            return elapsed, response.status, response.headers, body
        return elapsed, response.status, response.headers

    def close(self):
        self.connection.close()


def probe(port, path):
    """Status and caching headers of the second of two reads (the first fills the caches)."""
    client = Client(port)
    try:
        client.get(path)
        _seconds, status, headers, body = client.get(path, with_body=True)
    finally:
        client.close()
    return {
        "status": status,
        "size": len(body),
        "page_cache": headers.get("X-Page-Cache", "-"),
        "cache_control": headers.get("Cache-Control", ""),
        "vary": headers.get("Vary", ""),
        "set_cookie": "Set-Cookie" in headers,
        "encoding": headers.get("Content-Encoding", ""),
        "age": headers.get("Age", ""),
        "proxy_cache": headers.get("X-Cache", "-"),  # Varnish's, in the cluster
    }


def sequential(port, path, rounds, warm=6, after_publish=False, section=False):
    """Latency of one request at a time. With `after_publish`, the content and page generations are bumped
    in Redis before each request (outside the timing), as a leaf page's publish does: each read is the
    first after one; with `section` too, the chrome's generation as well, as a section's publish does."""
    client = Client(port)
    redis = None
    if after_publish:
        from .common import redis_client

        redis = redis_client()
    timings, statuses, page_cache = [], set(), ""
    try:
        for _ in range(warm):  # each gunicorn worker past its first request
            client.get(path)
        for _ in range(rounds):
            if redis is not None:
                for key in SECTION_KEYS if section else GENERATION_KEYS:
                    if redis.exists(key):
                        redis.incr(key)
            seconds, status, headers = client.get(path)
            timings.append(seconds * 1000)
            statuses.add(status)
            page_cache = headers.get("X-Page-Cache", "-")
    finally:
        client.close()
    timings.sort()
    return Latency(
        p50=statistics.median(timings),
        p95=timings[min(len(timings) - 1, round(len(timings) * 0.95) - 1)],
        statuses=statuses,
        page_cache=page_cache,
    )
