"""Figures for the notes, not assertions: time and peak memory of `mapping.photos.reencode`.

Run apart from the suite: `.venv/bin/python tests/perf/photo_benchmark.py` (pytest does not collect it).

The inputs are built in one child process and each measurement runs in another fresh one that only reads
a prepared file and re-encodes it. (Linux carries `ru_maxrss` over fork and exec, so a parent that had
built a 40-megapixel image would hide the child's peak.) Three memory figures, from the first re-encode:

- ru_maxrss delta: peak resident size after the re-encode minus before it (includes Pillow's pixel
  buffers, which are allocated in C);
- VmHWM delta: the same from /proc/self/status, a cross-check;
- tracemalloc peak: Python-level allocations only (the file bytes, the output bytes); Pillow's pixel
  buffers are invisible to it.
"""

import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

RUNS = 10


def photo_like(size, grain=True):
    """Smooth colour gradients with a little grain: compresses like a photo, not like a flat colour."""
    from PIL import Image

    red = Image.linear_gradient("L").resize(size)
    green = Image.linear_gradient("L").rotate(90).resize(size)
    blue = Image.radial_gradient("L").resize(size)
    img = Image.merge("RGB", (red, green, blue))
    if not grain:  # PNG is lossless: grain would take it past the 10 MB limit
        return img
    grain = Image.effect_noise((size[0] // 4, size[1] // 4), 24).resize(size).convert("RGB")
    return Image.blend(img, grain, 0.15)


def prepare(directory: Path) -> dict:
    """Write the inputs into `directory` (run in a child process: it takes a lot of memory)."""
    from PIL import Image

    import mapping.reports.photos  # noqa: F401  (registers the HEIF encoder)

    files = {}
    for name, size, fmt, params in (
        ("jpeg-12mp", (4000, 3000), "JPEG", {"quality": 90}),
        ("heic-12mp", (4000, 3000), "HEIF", {"quality": 80}),
        ("jpeg-40mp", (7745, 5164), "JPEG", {"quality": 90}),
        ("png-40mp", (7745, 5164), "PNG", {}),
    ):
        path = directory / f"{name}.{fmt.lower()}"
        photo_like(size, grain=fmt != "PNG").save(path, format=fmt, **params)
        with Image.open(path) as check:
            files[name] = {"path": str(path), "size": check.size, "bytes": path.stat().st_size}
    return files


def measure(path: str, runs: int) -> dict:
    """In a fresh process: re-encode `path` `runs` times; peak memory of the first run, times of all."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mapping.reports.photos import reencode

    data = Path(path).read_bytes()
    before, hwm_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, vm_hwm_kib()
    tracemalloc.start()
    times = []
    for _run in range(runs):
        upload = SimpleUploadedFile(Path(path).name, data)
        start = time.perf_counter()
        output, info = reencode(upload)
        times.append((time.perf_counter() - start) * 1000)
        if not _run:
            traced_peak = tracemalloc.get_traced_memory()[1]
            maxrss_delta = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
            hwm_delta = vm_hwm_kib() - hwm_before
            tracemalloc.stop()
    from PIL import Image

    with Image.open(io.BytesIO(output)) as stored:
        out_size = stored.size
    return {
        "times_ms": times,
        "maxrss_delta_mb": maxrss_delta / 1024,  # ru_maxrss is in KiB on Linux
        "vmhwm_delta_mb": hwm_delta / 1024,
        "baseline_mb": before / 1024,
        "tracemalloc_peak_mb": traced_peak / 2**20,
        "output": {"size": out_size, "bytes": len(output)},
        "stored": [info.width, info.height],
    }


def vm_hwm_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_child(*args) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, *map(str, args)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        files = run_child("--prepare", tmp)
        print(
            f"{'input':<10} {'pixels':>11} {'file MB':>8} {'runs':>4} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'maxrss Δ MB':>11} {'VmHWM Δ MB':>10} {'tracemalloc MB':>14}  output"
        )
        for name, meta in files.items():
            runs = RUNS if "12mp" in name else 3
            result = run_child("--measure", meta["path"], runs)
            times = result["times_ms"]
            width, height = meta["size"]
            print(
                f"{name:<10} {f'{width}x{height}':>11} {meta['bytes'] / 2**20:>8.1f} {runs:>4} "
                f"{statistics.median(times):>7.0f} {percentile(times, 0.95):>7.0f} "
                f"{result['maxrss_delta_mb']:>11.0f} {result['vmhwm_delta_mb']:>10.0f} "
                f"{result['tracemalloc_peak_mb']:>14.1f}  "
                f"{result['output']['size'][0]}x{result['output']['size'][1]} "
                f"{result['output']['bytes'] / 1024:.0f} KB"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--prepare"]:
        print(json.dumps(prepare(Path(sys.argv[2]))))
    elif sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]))))
    else:
        main()
