"""The figures as Markdown tables, and the targets of issue 12 as PASS/FAIL lines (never assertions)."""

from dataclasses import dataclass, field

CACHED_RATIO = 0.75  # a cached page: at least this share of the static file's throughput
UNCACHED_P50_MS = 25  # an uncached page, one request at a time, at 100,000 issues
API_P95_MS = 80  # every map API viewport, 8 concurrent clients, 3 workers, at 100,000 issues


@dataclass
class Row:
    """Everything measured for one address on one database (or through the cluster)."""

    name: str
    kind: str
    path: str = ""
    probe: dict = field(default_factory=dict)  # status and headers, from the cached server
    cached: object = None  # load.Load under wrk, page cache on
    static_before: object = None  # load.Load of the page-sized static file, measured just before `cached`
    uncached: object = None  # load.Load under wrk, PAGE_CACHE=0
    one_cached: object = None  # load.Latency, one request at a time
    one_uncached: object = None
    after_publish: object = None  # load.Latency, each read the first after a leaf page's publish
    after_section_publish: object = None  # load.Latency, each read the first after a section's publish


def ms(value):
    return f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def throughput(load, static):
    if load is None:
        return "", ""
    rps = f"{load.rps:,.0f}" + (f" ({load.errors} errors)" if load.errors else "")
    ratio = f"{load.rps / static.rps:.2f}×" if static and static.rps else ""
    return rps, ratio


def percentiles(load):
    return f"{ms(load.p50)} / {ms(load.p95)}" if load else ""


def one(latency):
    if latency is None:
        return ""
    text = ms(latency.p50)
    if latency.statuses - {200}:
        text += f" (HTTP {','.join(map(str, sorted(latency.statuses)))})"
    return text


def publish_cell(latency):
    if latency is None:
        return ""
    # A hit after the bump means the publish was not seen: the figure is not the one of a first read.
    return one(latency) + (" (hit!)" if latency.page_cache == "hit" else "")


def answer(probe):
    """The status and the size of the body as sent (gzip when the server compressed it)."""
    if not probe:
        return ""
    size = probe["size"]
    text = f"{size / 1000:.1f} KB" if size >= 1000 else f"{size} B"
    return f"{probe['status']}, {text}{' gz' if probe['encoding'] == 'gzip' else ''}"


def not_kept(rows, header="page_cache", cache="the page cache"):
    """A note on the pages that a cache did not answer, with the headers that tell why."""
    missed = [
        f"{row.name} (Cache-Control: {row.probe['cache_control'] or '-'}; Vary: {row.probe['vary'] or '-'}"
        f"{'; sets a cookie' if row.probe['set_cookie'] else ''})"
        for row in rows
        if row.kind != "static" and row.probe and row.probe[header] != "hit"
    ]
    return f"Not answered from {cache} on a second read: " + ", ".join(missed) + "." if missed else ""


def cached_ratio(row, rows):
    """Cached throughput over the static file's: the one measured just before the row, when it was."""
    static = row.static_before or static_row(rows, "cached")
    return row.cached.rps / static.rps if static and static.rps and row.cached else None


def static_row(rows, which):
    static = next((row for row in rows if row.kind == "static"), None)
    return getattr(static, which) if static else None


def paired(row, rows):
    """Cached req/s, the static file's just before, and their ratio."""
    if row.cached is None:
        return "", "", ""
    rps, _ratio = throughput(row.cached, None)
    before = f"{row.static_before.rps:,.0f}" if row.static_before else ""
    ratio = cached_ratio(row, rows)
    return rps, before, f"{ratio:.2f}×" if ratio is not None else ""


def cell_table(title, rows, load_average=""):
    uncached_static = static_row(rows, "uncached")
    lines = [
        f"### {title}",
        "",
        *([f"Load average of the machine before and after: {load_average}.", ""] if load_average else []),
        "| address | answer | X-Page-Cache | cached req/s | static req/s just before | × static "
        "| cached p50 / p95 ms | uncached req/s | × static | uncached p50 / p95 ms "
        "| 1-at-a-time p50 ms: cached | uncached | after a publish | after a section's publish |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            "| "
            + " | ".join(
                [
                    row.name,
                    answer(row.probe),
                    row.probe.get("page_cache", ""),
                    *paired(row, rows),
                    percentiles(row.cached),
                    *throughput(row.uncached, uncached_static),
                    percentiles(row.uncached),
                    one(row.one_cached),
                    one(row.one_uncached),
                    publish_cell(row.after_publish),
                    publish_cell(row.after_section_publish),
                ]
            )
            + " |"
        )
    note = not_kept(rows)
    return "\n".join([*lines, *(["", note] if note else [])])


def cluster_table(title, rows, load_average=""):
    lines = [
        f"### {title}",
        "",
        *([f"Load average of the machine before and after: {load_average}.", ""] if load_average else []),
        "| address | answer | X-Cache (Varnish) | X-Page-Cache | Age | req/s | static req/s just before "
        "| × static | p50 / p95 ms | 1-at-a-time p50 ms |",
        "| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            "| "
            + " | ".join(
                [
                    row.name,
                    answer(row.probe),
                    row.probe.get("proxy_cache", ""),
                    row.probe.get("page_cache", ""),
                    row.probe.get("age", ""),
                    *paired(row, rows),
                    percentiles(row.cached),
                    one(row.one_cached),
                ]
            )
            + " |"
        )
    note = not_kept(rows, "proxy_cache", "Varnish's cache")
    return "\n".join([*lines, *(["", note] if note else [])])


def verdicts(where, rows, size, cluster=False):
    """(passed, line) for each target that applies to this block."""
    results = []
    for row in rows:
        ratio = cached_ratio(row, rows) if row.kind == "page" else None
        if ratio is not None and private_by_design(row):
            # The issue keeps a page with a CSRF token or per-reader content private: not a cached page.
            policy = row.probe["cache_control"]
            results.append((None, f"{where}: cached {row.name}: private by design ({policy})"))
        elif ratio is not None:
            seen = f"X-Page-Cache {row.probe.get('page_cache', '-')}"
            if cluster:
                seen = f"X-Cache {row.probe.get('proxy_cache', '-')}, {seen}"
            results.append(
                (
                    ratio >= CACHED_RATIO and not row.cached.errors,
                    f"{where}: cached {row.name}: {ratio:.3f}× the static file just before "
                    f"(target ≥ {CACHED_RATIO}×; {seen})",
                )
            )
    if cluster or size != "100k":
        return results
    for row in rows:
        # "An uncached page (the first read after a publish)": the slowest of the page cache off and the
        # first read after a leaf page's publish.
        measured = [
            (label, latency)
            for label, latency in (
                ("page cache off", row.one_uncached),
                ("after a publish", row.after_publish),
            )
            if latency is not None
        ]
        if row.kind == "page" and measured:
            label, worst = max(measured, key=lambda item: item[1].p50)
            results.append(
                (
                    worst.p50 <= UNCACHED_P50_MS and worst.statuses == {200},
                    f"{where}: uncached {row.name}: p50 {ms(worst.p50)} ms one request at a time, {label} "
                    f"(target ≤ {UNCACHED_P50_MS} ms)",
                )
            )
    for row in rows:
        if row.kind == "api" and row.uncached:
            p95 = row.uncached.p95
            results.append(
                (
                    p95 <= API_P95_MS and not row.uncached.errors,
                    f"{where}: {row.name}: p95 {ms(p95)} ms at 8 concurrent clients, 3 workers "
                    f"(target ≤ {API_P95_MS} ms)",
                )
            )
    return results


def private_by_design(row):
    """A page the issue wants private (a form with its CSRF token and per-reader fields: the report form)."""
    return bool(row.probe) and "private" in row.probe.get("cache_control", "")


def verdict_lines(results):
    labels = {True: "PASS", False: "FAIL", None: "N/A "}
    return [f"{labels[passed]}  {line}" for passed, line in results]
