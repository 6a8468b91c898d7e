"""Every public page type is valid HTML: the Nu Html Checker (vnu.jar, the W3C's checker) finds no error.

One page of every type (tests/page_types.py) is rendered from the demo in Russian, with a few in Kazakh
and English, written to a folder and checked in a single run of the checker (a JVM start costs seconds).
The checker is the npm package vnu-jar, pinned in package.json and installed by `make install-test`
(`npm ci`); it runs on the machine's Java. Without either the test fails, saying what to install: it never
skips, so that a machine without them cannot pass unchecked.
"""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

# The pages are rendered once for this module and tests/test_meta.py (tests/conftest.py), in one worker.
pytestmark = [pytest.mark.django_db, pytest.mark.html_checker, pytest.mark.xdist_group("pages-of-every-type")]

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Beside every Russian page: the types whose texts or layout differ most by language.
OTHER_LANGUAGES = {
    "kk": ("home", "briefing", "transparency", "issue", "ethics-topic"),
    "en": ("map", "visit", "self-check", "report", "404"),
}


def java_command():
    """The checker's command line, or a failure saying what is missing and how to install it."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "No java on the PATH: the HTML checker needs Java 11 or later "
            "(`make install-test` installs Debian's default-jre-headless as root)."
        )
    if not VNU_JAR.is_file():
        pytest.fail(
            f"{VNU_JAR} is missing: run `make install-test` (npm ci installs vnu-jar from package-lock.json)."
        )
    # A short run: the quick compiler alone and one garbage-collector thread start and finish sooner.
    quick = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m"]
    return [java, *quick, "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]


@pytest.fixture
def pages(pages_of_every_type):
    """{name: (path, status, html)}: one page of every type in Russian and a few in Kazakh and English."""
    chosen = {name for name in pages_of_every_type if name.startswith("ru:")}
    chosen |= {f"{language}:{name}" for language, types in OTHER_LANGUAGES.items() for name in types}
    return {name: pages_of_every_type[name] for name in chosen}


def check(files):
    """The checker's messages for `files` (paths), from one run: [{"url", "lastLine", "message", ...}]."""
    result = subprocess.run(
        [*java_command(), *map(str, files)], capture_output=True, text=True, timeout=240, check=False
    )
    # The checker prints its JSON report on stderr and exits 1 when it found an error.
    try:
        return json.loads(result.stderr)["messages"]
    except ValueError:
        pytest.fail(f"The HTML checker gave no report (exit {result.returncode}):\n{result.stderr[-2000:]}")


def test_every_public_page_type_is_valid_html(pages):
    assert {status for name, (_path, status, _html) in pages.items() if name.endswith(":404")} == {404}
    assert all(status == 200 for name, (_p, status, _h) in pages.items() if not name.endswith(":404"))
    with tempfile.TemporaryDirectory(prefix="html-valid-") as folder:
        files = {}
        for name, (path, _status, html) in pages.items():
            file = Path(folder) / (name.replace(":", "-") + ".html")
            file.write_text(html, encoding="utf-8")
            files[str(file.resolve())] = (name, path, html.splitlines())
        messages = check(files)
    errors = []
    for message in messages:
        # The checker names a file as file:/tmp/…: its path follows the scheme.
        checked = message.get("url", "").removeprefix("file:")
        name, path, lines = files.get(checked, ("?", checked, []))
        line = message.get("lastLine", 0)
        source = lines[line - 1].strip()[:160] if 0 < line <= len(lines) else ""
        errors.append(f"{name} ({path}) line {line}: {message.get('message')}\n    {source}")
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors)
