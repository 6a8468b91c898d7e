"""Figures for the notes, not assertions: how long a photo upload holds a web worker, and what the task
worker then spends on it (issue 12).

Run apart from the suite: `.venv/bin/python tests/perf/photo_benchmark.py [--before <commit>] [runs]`.
`--before` adds the figures of an older revision of the code (extracted with `git archive` into a
temporary folder, and imported from there instead of this checkout), for a before/after comparison.

Every measurement runs in a fresh child process: the inputs are built in one, each request measurement
and each re-encoding in another. (Linux carries `ru_maxrss` over fork and exec, so a parent that had built
a 40-megapixel image would hide the child's peak.)

- request: the public form POSTed through Django's test client (a throwaway SQLite test database, a
  site with a report page), the photo attached; the wall time of each POST and the growth of the peak
  resident size during the first one. The task backend is Django Tasks' dummy backend, so that the
  request's time does not include the tasks the immediate backend would run in it. After each POST the
  photo task (`process_report_photos`) is called and timed, as the task worker would run it.
- worker: `photos.reencode` of the file alone, in a fresh process: its time and the growth of the peak
  resident size (ru_maxrss and VmHWM, Pillow's pixel buffers included) - the memory the task worker needs.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 5
INPUTS = (
    # name, size, format, save parameters
    ("jpeg-12mp", (4000, 3000), "JPEG", {"quality": 90}),
    ("jpeg-40mp", (7745, 5164), "JPEG", {"quality": 90}),
    ("heic-12mp", (4000, 3000), "HEIF", {"quality": 80}),
    ("png-25mp", (6124, 4082), "PNG", {}),
    ("png-40mp", (7745, 5164), "PNG", {}),
)


def use_code(directory: Path):
    """Import the project from `directory`, not from this checkout (whose editable install maps it)."""
    sys.meta_path[:] = [finder for finder in sys.meta_path if "editable" not in repr(finder).lower()]
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT]
    sys.path.insert(0, str(directory))
    os.chdir(directory)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")


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
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    files = {}
    for name, size, fmt, params in INPUTS:
        path = directory / f"{name}.{fmt.lower()}"
        photo_like(size, grain=fmt != "PNG").save(path, format=fmt, **params)
        with Image.open(path) as check:
            files[name] = {"path": str(path), "size": check.size, "bytes": path.stat().st_size}
    return files


def measure_request(path: str, runs: int) -> dict:
    """In a fresh process: POST the form with `path` attached `runs` times; time each POST and the task."""
    import django

    django.setup()
    from django.conf import settings
    from django.core import signing
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    from mapping.models import Report
    from mapping.reports.forms import STARTED_SALT

    try:
        from mapping.reports.pending import process_report_photos
    except ImportError:  # the code before issue 12: the request re-encodes, there is no photo task
        process_report_photos = None

    settings.REPORT_RATE_LIMIT = "100000/m"
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    url = build_site()
    data_bytes = Path(path).read_bytes()
    warm = io.BytesIO()
    photo_like((64, 48)).save(warm, "JPEG")
    client = Client()
    result = {"times_ms": [], "task_ms": [], "status": None}
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        for number in range(runs + 1):
            photo = data_bytes if number else warm.getvalue()  # the first POST warms imports and caches
            data = {
                "description": "Сотрудник ЦОН попросил деньги за ускорение выдачи справки. Замер времени.",
                "address": "г. Кокшетау, ул. Абая, 89",
                "anonymity": "confidential",
                "started": signing.dumps(time.time() - 60, salt=STARTED_SALT),
                "token": f"{number:032x}",
                "photos": [SimpleUploadedFile(Path(path).name, photo)],
            }
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            start = time.perf_counter()
            response = client.post(url, data)
            elapsed = (time.perf_counter() - start) * 1000
            if number == 1:
                result["maxrss_delta_mb"] = (
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
                ) / 1024
            if not number:
                assert response.status_code == 200, response.content.decode()[:2000]
                continue
            result["times_ms"].append(elapsed)
            result["status"] = response.status_code
            report = Report.objects.filter(idempotency_token=data["token"]).first()
            if report is not None and process_report_photos is not None:
                start = time.perf_counter()
                process_report_photos.call(report.pk)
                result["task_ms"].append((time.perf_counter() - start) * 1000)
    return result


def build_site() -> str:
    """A home page as the default site's root and a report page under it; the form's address."""
    from wagtail.models import Page, Site

    from tests.factories import HomePageFactory, ReportPageFactory

    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root)
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    return ReportPageFactory(parent=home).url


def measure_worker(path: str, runs: int) -> dict:
    """In a fresh process: re-encode `path` `runs` times; peak memory of the first run, times of all."""
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mapping.reports.photos import reencode

    data = Path(path).read_bytes()
    before, hwm_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, vm_hwm_kib()
    times = []
    for run in range(runs):
        start = time.perf_counter()
        output, info = reencode(SimpleUploadedFile(Path(path).name, data))
        times.append((time.perf_counter() - start) * 1000)
        if not run:
            maxrss_delta = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
            hwm_delta = vm_hwm_kib() - hwm_before
    return {
        "times_ms": times,
        "maxrss_delta_mb": maxrss_delta / 1024,  # ru_maxrss is in KiB on Linux
        "vmhwm_delta_mb": hwm_delta / 1024,
        "output": [info.width, info.height, len(output)],
    }


def vm_hwm_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_child(*args, code: Path = ROOT) -> dict:
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--code", str(code), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=code,
        check=False,
    )
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def timing(times):
    return (
        f"{statistics.median(times):>7.0f} {percentile(times, 0.95):>7.0f}" if times else f"{'-':>7} {'-':>7}"
    )


def extract(revision: str, directory: Path) -> Path:
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(directory)], input=archive, check=True)
    return directory


def main(argv):
    before = argv[argv.index("--before") + 1] if "--before" in argv else None
    runs = int(next((arg for arg in argv if arg.isdigit()), RUNS))
    with tempfile.TemporaryDirectory() as tmp:
        files = run_child("--prepare", tmp)
        versions = [("after", ROOT)]
        if before:
            Path(tmp, "before").mkdir()
            versions.insert(0, (f"before ({before[:10]})", extract(before, Path(tmp, "before"))))
        print(f"The web request (form POST through the test client), {runs} runs each; p50/p95 in ms")
        print(
            f"{'code':<18} {'input':<10} {'pixels':>11} {'file MB':>8} {'status':>6} {'p50 ms':>7} "
            f"{'p95 ms':>7} {'maxrss Δ MB':>11}   task p50/p95 ms"
        )
        for label, code in versions:
            for name, meta in files.items():
                result = run_child("--request", meta["path"], runs, code=code)
                width, height = meta["size"]
                print(
                    f"{label:<18} {name:<10} {f'{width}x{height}':>11} {meta['bytes'] / 2**20:>8.2f} "
                    f"{result['status']:>6} {timing(result['times_ms'])} "
                    f"{result['maxrss_delta_mb']:>11.0f}   {timing(result['task_ms'])}"
                )
        print()
        print("The task worker's re-encoding (photos.reencode), fresh process each; first run's peak memory")
        print(
            f"{'input':<10} {'runs':>4} {'p50 ms':>7} {'p95 ms':>7} {'maxrss Δ MB':>11} "
            f"{'VmHWM Δ MB':>10}  output"
        )
        for name, meta in files.items():
            result = run_child("--worker", meta["path"], runs)
            if result is None:
                print(f"{name:<10} {'-':>4} refused by its header: it never reaches the worker")
                continue
            width, height, size = result["output"]
            print(
                f"{name:<10} {runs:>4} {timing(result['times_ms'])} {result['maxrss_delta_mb']:>11.0f} "
                f"{result['vmhwm_delta_mb']:>10.0f}  {width}x{height} {size / 1024:.0f} KB"
            )


def child(argv):
    """`--code DIR COMMAND ARGS…`: one measurement, with the project imported from DIR."""
    use_code(Path(argv[1]))
    command, argv = argv[2], argv[2:]
    if command == "--prepare":
        return prepare(Path(argv[1]))
    if command == "--request":
        return measure_request(argv[1], int(argv[2]))
    try:
        return measure_worker(argv[1], int(argv[2]))
    except Exception as error:  # noqa: BLE001 - a refused input has no worker figures
        if type(error).__name__ == "PhotoError":
            return None
        raise


if __name__ == "__main__":
    if sys.argv[1:2] == ["--code"]:
        print(json.dumps(child(sys.argv[1:])))
    else:
        main(sys.argv[1:])
