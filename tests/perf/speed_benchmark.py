"""The speed benchmark of issue 12: figures and PASS/FAIL lines, never assertions; run apart from the suite.

`make bench` runs it whole; `.venv/bin/python tests/perf/speed_benchmark.py --help` says how to run a part.

It serves the site under gunicorn (3 sync workers) with production settings and measures, in one run,
one page of every public page type, the issue page and the map API's viewports, each against a
WhiteNoise static file of about a page's size (and a tiny one) measured on the same server:

- on SQLite and on PostgreSQL, with the demo content and with the demo plus 100,000 synthetic issues
  (`generate_issues`); each database is built once and kept under .bench/ (speed/databases.py);
- cached: the page cache on (its default), the page read once before; uncached: `PAGE_CACHE=0`, every
  request rendered from the database;
- throughput and p50/p95 under load: wrk, 2 threads and 8 connections for a few seconds per address;
  with the page cache on, each address is paired with the static file measured just before it (other
  work on the machine drifts: the ratio must compare like with like);
- one request at a time (a keep-alive client): the cached and uncached p50, and the p50 of the first
  read after a publish (the content and page generations bumped in Redis before each request);
- through the cluster's proxy (deploy/cluster.py: Varnish at 127.0.0.1:8090 before two gunicorn nodes),
  on the PostgreSQL database of the largest size run, brought down at the end whatever happens.

Every request accepts gzip, as browsers do. The tables are printed and written to .bench/results.md.
The figures depend on the machine: the load generator, the servers and the databases share its CPUs.
"""

import argparse
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import databases, load, report, servers, targets  # noqa: E402
from speed.common import BENCH, DATABASES, ROOT, SIZES, flush_redis, log, settings_env  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=[*DATABASES, "all"], default="all", help="database (all)")
    parser.add_argument("--size", choices=[*SIZES, "all"], default="all", help="content size (all)")
    parser.add_argument("--skip-cluster", action="store_true", help="do not measure through the cluster")
    parser.add_argument("--cluster-only", action="store_true", help="only the cluster (postgres, --size)")
    parser.add_argument("--quick", action="store_true", help="2 s per address under load, 10 rounds")
    parser.add_argument("--seconds", type=int, help="seconds of wrk per address (4; quick 2)")
    parser.add_argument("--rounds", type=int, help="requests one at a time per address (30; quick 10)")
    parser.add_argument("--output", type=Path, default=BENCH / "results.md", help="(.bench/results.md)")
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (2 if args.quick else 4)
    args.rounds = args.rounds or (10 if args.quick else 30)
    args.dbs = DATABASES if args.db == "all" else (args.db,)
    args.sizes = SIZES if args.size == "all" else (args.size,)
    return args


def measure_cached(port, rows, args, cluster=False):
    """Page cache on. Each page and viewport is paired with the page-sized static file measured just
    before it: other work on the machine drifts, and the ratio must compare like with like."""
    base = f"http://127.0.0.1:{port}"
    static = next(row for row in rows if row.kind == "static")
    for row in rows:
        path = row.path
        row.probe = load.probe(port, path)
        if row.kind != "static":
            row.static_before = load.wrk(base, static.path, args.seconds)
        row.cached = load.wrk(base, path, args.seconds)
        row.one_cached = load.sequential(port, path, args.rounds)
        if row.kind != "static" and not cluster:
            row.after_publish = load.sequential(
                port, path, max(5, args.rounds // 2), warm=1, after_publish=True
            )
            row.after_section_publish = load.sequential(
                port, path, max(5, args.rounds // 2), warm=1, after_publish=True, section=True
            )
        log(f"  cached {row.name}: {row.cached.rps:,.0f} req/s, 1 at a time {row.one_cached.p50:.1f} ms")


def measure_uncached(port, rows, args):
    """Page cache off: every request renders. The one-at-a-time reads go first, so that the shared
    fragments (chrome, reference data, the map's grids), which production keeps warm, are not all
    computed at once by the 8 clients of the first wrk run."""
    for row in rows:
        row.one_uncached = load.sequential(port, row.path, args.rounds)
        row.uncached = load.wrk(f"http://127.0.0.1:{port}", row.path, args.seconds)
        one = row.one_uncached.p50
        log(f"  uncached {row.name}: {row.uncached.rps:,.0f} req/s, 1 at a time {one:.1f} ms")


def rows_for(env, static):
    measured = [*static, *targets.pages(env), *targets.viewports()]
    return [report.Row(name=t.name, kind=t.kind, path=t.path) for t in measured]


def single_node(db, size, static, args):
    """One block: every address on gunicorn, page cache on and then off, against one database."""
    databases.ensure(db, size)
    rows = rows_for(settings_env(db, size), static)
    for page_cache in (True, False):
        flush_redis()  # nothing cached from another database or run
        env = settings_env(db, size, page_cache=page_cache)
        mode = "cached" if page_cache else "uncached"
        log(f"{db}-{size}: gunicorn, 3 workers, {mode} (PAGE_CACHE={env['PAGE_CACHE']})")
        with servers.gunicorn(env, f"gunicorn-{db}-{size}-{mode}") as port:
            (measure_cached if page_cache else measure_uncached)(port, rows, args)
    return rows


def through_cluster(size, static, args):
    busy = servers.cluster_busy()
    if busy:
        return None, f"the cluster was not measured: ports {busy} are taken (a cluster runs already?)"
    databases.ensure("postgres", size)
    rows = rows_for(settings_env("postgres", size), static)
    flush_redis()
    try:
        with servers.cluster(size) as port:
            measure_cached(port, rows, args, cluster=True)
    except RuntimeError as error:
        return None, f"the cluster was not measured: {error}"
    return rows, ""


def load_average():
    """The machine's 1-minute load average: other work on it skews the figures."""
    return f"{os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)"


def header(args, started_at):
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    return [
        "# Speed benchmark (issue 12, point 6)",
        "",
        f"Run {started_at:%Y-%m-%d %H:%M} UTC on commit {commit}{' with local changes' if changed else ''}, "
        f"wrk {args.seconds} s per address (2 threads, 8 connections), {args.rounds} requests one at a time. "
        "gunicorn 3 sync workers, production settings, Redis for the cache; the cluster: Varnish before two "
        "nodes of 2 workers. Every request accepts gzip. × static: throughput over the page-sized static "
        "file's on the same server (cached: the static file measured just before each address; uncached: "
        "at the start). Cached: page cache on, page read before; uncached: PAGE_CACHE=0. "
        "After a publish: the content and page generations bumped before each read, as a leaf page's "
        "publication does (a briefing, an object, a visit); after a section's: the chrome's generation too "
        "(the home page, an index, the map page).",
        "",
    ]


def main(argv=None):
    args = parse_args(argv)
    started, started_at = time.monotonic(), datetime.datetime.now(datetime.UTC)
    BENCH.mkdir(exist_ok=True)
    load.ensure_wrk()
    flush_redis()
    log("collectstatic into .bench/static")
    static = targets.static_files(databases.collect_static())
    blocks, results, notes = [], [], []

    def write():
        seen = {row.probe.get("page_cache") for _title, rows, *_rest in blocks for row in rows}
        if blocks and not seen - {"-", None, ""}:
            notes.append(
                "No answer carried X-Page-Cache: these figures were taken without the page cache, "
                "so cached and uncached are the same code path."
            )
        text = header(args, started_at)
        for title, rows, cluster, loads in blocks:
            text += [(report.cluster_table if cluster else report.cell_table)(title, rows, loads), ""]
        passed = sum(1 for ok, _line in results if ok is True)
        failed = sum(1 for ok, _line in results if ok is False)
        text += ["## Targets", "", f"{passed} PASS, {failed} FAIL.", ""]
        text += ["```", *report.verdict_lines(results), "```", "", *sorted(set(notes))]
        text += ["", f"Whole run: {time.monotonic() - started:.0f} s."]
        args.output.write_text("\n".join(text) + "\n")
        return text

    if not args.cluster_only:
        for db in args.dbs:
            for size in args.sizes:
                before = load_average()
                rows = single_node(db, size, static, args)
                title = f"{db}, {size}: single node"
                blocks.append((title, rows, False, f"{before} → {load_average()}"))
                results.extend(report.verdicts(f"{db}-{size}", rows, size))
                write()
    if not args.skip_cluster:
        size = args.sizes[-1]
        before = load_average()
        rows, note = through_cluster(size, static, args)
        if rows:
            title = f"postgres, {size}: through the cluster's proxy (Varnish, 2 nodes)"
            blocks.append((title, rows, True, f"{before} → {load_average()}"))
            results.extend(report.verdicts(f"cluster-{size}", rows, size, cluster=True))
        else:
            notes.append(note)
            log(note)
    text = write()
    print("\n".join(text))
    log(f"written to {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")


if __name__ == "__main__":
    main()
