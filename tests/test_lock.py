"""The lock (requirements/*.txt, written by `make lock`) that CI and deployments install Python packages
from: every dependency declared in pyproject.toml pinned at a version its specifier allows, every pin with
its sha256 hashes, nothing missing and nothing left over, the test lock holding the runtime lock's versions,
and the Makefile installing from the lock only, with --require-hashes, again whenever the lock changes.

Offline and fast: the lock is read as text, the dependency tree from the installed packages' metadata, and
the Makefile through `make -n` (which only prints its commands).
"""

import os
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
BASE, TEST, TOOLS = (REQUIREMENTS / f"{name}.txt" for name in ("base", "test", "tools"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;=]+)$")
HASH = re.compile(r"^--hash=sha256:([0-9a-f]{64})$")


@dataclass(frozen=True)
class Pin:
    version: Version
    hashes: frozenset


def parse_lock(text):
    """The pins of a pip-compile lock, by canonical name, and the problems found: a line that is not
    `name==version` followed only by sha256 hashes (unpinned, a URL, an editable, an index option...)."""
    pins, problems, logical, current = {}, [], [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        current += " " + stripped.removesuffix("\\")
        if not stripped.endswith("\\"):
            logical.append(current.strip())
            current = ""
    if current:
        logical.append(current.strip())
    for entry in logical:
        first, *options = entry.split()
        match = PIN.match(first)
        if not match:
            problems.append(f"not an exact pin: {entry}")
            continue
        hashes = [HASH.match(option) for option in options]
        if not options or not all(hashes):
            problems.append(f"{first}: every option must be --hash=sha256:<64 hex>, and one at least")
        name = canonicalize_name(match[1])
        if name in pins:
            problems.append(f"{name} pinned twice")
        pins[name] = Pin(Version(match[2]), frozenset(h[1] for h in hashes if h))
    return pins, problems


def read_lock(path):
    pins, problems = parse_lock(path.read_text())
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)
    return pins


def requirement_lines(path):
    """The `-r`/`name` lines of a pip-compile input (requirements/*.in)."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def runtime_requirements():
    return [Requirement(line) for line in PYPROJECT["project"]["dependencies"]]


def extra_requirements():
    return [Requirement(line) for line in PYPROJECT["project"]["optional-dependencies"]["test"]]


def roots(lock):
    """What a lock is compiled from: pyproject.toml's dependencies (and the test extras) and pip.in."""
    installer = [Requirement(line) for line in requirement_lines(REQUIREMENTS / "pip.in")]
    return runtime_requirements() + (extra_requirements() if lock == "test" else []) + installer


def applies(requirement, extras):
    """Whether a dependency applies here (this Python, this platform), asked for with these extras."""
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in {"", *extras})


def dependency_closure(roots, pins):
    """Every package the roots need, walked through the installed packages' metadata, checking on the way
    that each is pinned at a version its dependents allow and that the version installed is the pin (the
    metadata read is then that of the pinned release). Returns the names reached and the problems."""
    reached, problems = set(), []
    queue = [(requirement, "the project") for requirement in roots]
    seen = set()
    while queue:
        requirement, dependent = queue.pop()
        name = canonicalize_name(requirement.name)
        pin = pins.get(name)
        if pin is None:
            problems.append(f"{name} (needed by {dependent}) is not in the lock: run `make lock`")
            continue
        if not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{name}=={pin.version} does not satisfy {dependent}'s {requirement}")
        reached.add(name)
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            problems.append(f"{name} is not installed: run `make install-test`")
            continue
        if installed != pin.version:
            problems.append(
                f"{name} {installed} is installed, the lock says {pin.version}: make install-test"
            )
            continue
        for line in metadata.requires(name) or ():
            dependency = Requirement(line)
            if applies(dependency, requirement.extras):
                queue.append((dependency, f"{name}=={pin.version}"))
    return reached, problems


# The lock itself


def test_parse_lock_accepts_pip_compile_output_and_flags_anything_unhashed_or_unpinned():
    good = (
        "# header\n"
        "Django==5.2.19 \\\n"
        f"    --hash=sha256:{'a' * 64} \\\n"
        f"    --hash=sha256:{'b' * 64}\n"
        "    # via\n    #   wagtail\n"
    )
    pins, problems = parse_lock(good)
    assert problems == []
    assert pins == {"django": Pin(Version("5.2.19"), frozenset({"a" * 64, "b" * 64}))}

    for bad, problem in [
        ("segno==1.6.6\n", "segno==1.6.6: every option"),
        (f"segno>=1.6 \\\n    --hash=sha256:{'a' * 64}\n", "not an exact pin"),
        (f"segno==1.6.6 \\\n    --hash=md5:{'a' * 32}\n", "segno==1.6.6: every option"),
        (f"segno==1.6.6 \\\n    --hash=sha256:{'a' * 63}\n", "segno==1.6.6: every option"),
        ("-e .\n", "not an exact pin"),
        ("--index-url https://example.org/simple\n", "not an exact pin"),
        (f"segno==1.6.6 --hash=sha256:{'a' * 64}\nSegno==1.6.6 --hash=sha256:{'a' * 64}\n", "pinned twice"),
    ]:
        _, problems = parse_lock(bad)
        assert len(problems) == 1 and problem in problems[0], (bad, problems)


@pytest.mark.parametrize("path", [BASE, TEST, TOOLS], ids=lambda path: path.name)
def test_every_line_of_the_lock_is_an_exact_pin_with_its_hashes(path):
    pins = read_lock(path)
    assert len(pins) >= 8
    assert all(pin.hashes for pin in pins.values())
    # pip is hashed too: the install takes it from the lock, never unhashed from the index.
    assert "pip" in pins
    # Nothing of this machine's pip configuration (local mirrors) is written into the lock.
    assert not re.search(r"^\s*-(-index-url|-extra-index-url|-find-links|i|f)\b", path.read_text(), re.M)


def test_every_dependency_in_pyproject_is_pinned_at_a_version_it_allows():
    base, test = read_lock(BASE), read_lock(TEST)
    for lock, requirements in [
        (base, runtime_requirements()),
        (test, runtime_requirements() + extra_requirements()),
    ]:
        for requirement in requirements:
            name = canonicalize_name(requirement.name)
            assert name in lock, f"{requirement} is not in the lock: run `make lock`"
            assert requirement.specifier.contains(lock[name].version, prereleases=True), (
                f"{name}=={lock[name].version} does not satisfy {requirement}: run `make lock`"
            )
    # The two added with staff sign-in's second factor, named because they came after the lock.
    assert {"django-otp", "segno"} <= base.keys()


def test_the_test_lock_holds_every_pin_of_the_runtime_lock_at_the_same_version():
    base, test = read_lock(BASE), read_lock(TEST)
    assert set(test) > set(base)
    different = {name: (pin.version, test[name].version) for name, pin in base.items() if test[name] != pin}
    assert different == {}


@pytest.mark.parametrize("lock", ["base", "test"])
def test_the_lock_is_complete_and_holds_nothing_else(lock):
    """`pip install --no-deps` trusts the lock to be complete: every dependency of every pin, with the
    extras asked for (psycopg[binary], django-storages[s3]), is pinned, at a version it allows; and a
    package no longer needed is not installed for nothing."""
    pins = read_lock(REQUIREMENTS / f"{lock}.txt")
    reached, problems = dependency_closure(roots(lock), pins)
    assert problems == []
    # psycopg-binary comes only through the extra of psycopg[binary]: extras are followed.
    assert "psycopg-binary" in reached
    assert set(pins) - reached == set(), "pinned but needed by nothing: run `make lock`"


def test_the_dependency_walk_reports_a_missing_or_disallowed_pin():
    pins = read_lock(BASE)
    missing = {name: pin for name, pin in pins.items() if name != "sqlparse"}
    _, problems = dependency_closure([Requirement("Django")], missing)
    assert problems == [
        f"sqlparse (needed by django=={pins['django'].version}) is not in the lock: run `make lock`"
    ]

    _, problems = dependency_closure([Requirement("Django<5")], pins)
    assert problems == [f"django=={pins['django'].version} does not satisfy the project's Django<5"]


def test_a_marker_for_another_python_or_an_extra_not_asked_for_does_not_apply():
    assert applies(Requirement("a"), set())
    assert not applies(Requirement('a; python_version < "3.8"'), set())
    assert not applies(Requirement('a; extra == "s3"'), set())
    assert applies(Requirement('a; extra == "s3"'), {"s3"})


def test_the_tools_lock_pins_pip_tools_for_make_lock():
    tools = read_lock(TOOLS)
    assert "pip-tools" in tools
    (requirement,) = (Requirement(line) for line in requirement_lines(REQUIREMENTS / "tools.in"))
    assert requirement.specifier.contains(tools["pip-tools"].version)
    # The lock's header names the command that refreshes it.
    for path in (BASE, TEST, TOOLS):
        assert "#    make lock\n" in path.read_text()


# The Makefile


@pytest.fixture
def checkout(tmp_path):
    """The Makefile and the lock in a scratch directory, with a venv that is only its stamp files."""
    if shutil.which("make") is None:
        pytest.fail("make is needed (Debian: apt-get install make)")
    shutil.copy(ROOT / "Makefile", tmp_path)
    shutil.copytree(REQUIREMENTS, tmp_path / "requirements")
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    for name in ("bin/python", ".installed", ".installed-test"):
        (tmp_path / ".venv" / name).touch()
    return tmp_path


def set_mtime(path, seconds):
    os.utime(path, (seconds, seconds))


def make(checkout, *args):
    result = subprocess.run(
        ["make", "--no-print-directory", *args], cwd=checkout, capture_output=True, text=True, timeout=30
    )
    return result.returncode, result.stdout


def compile_commands(output):
    """The pip-compile commands that `make -n lock` prints, one string each (its lines joined)."""
    commands = (" ".join(command.replace("\\\n", " ").split()) for command in output.split("&&"))
    return [command for command in commands if "pip-compile" in command and "--generate-hashes" in command]


def pip_commands(output):
    return [line for line in output.splitlines() if re.search(r"\bpip(3)?\b.* install\b", line)]


def test_a_fresh_install_takes_every_package_from_the_lock_with_hashes(checkout):
    shutil.rmtree(checkout / ".venv")
    code, output = make(checkout, "-n", ".venv/.installed-test")
    assert code == 0, output
    assert "-m venv .venv" in output
    installs = pip_commands(output)
    assert [re.search(r"-r (\S+)", line)[1] for line in installs] == [
        "requirements/base.txt",
        "requirements/test.txt",
    ]
    for line in installs:
        assert "--require-hashes" in line.split() and "--no-deps" in line.split(), line
        assert "--upgrade" not in line and " -e " not in line, line
    # Each install is checked for completeness (pip check), after it.
    assert output.count("-m pip check") == 2


def test_the_install_runs_again_when_the_lock_changes_and_not_otherwise(checkout):
    venv = checkout / ".venv"
    for path in (checkout / "requirements" / "base.txt", checkout / "requirements" / "test.txt"):
        set_mtime(path, 1_000_000)
    set_mtime(venv / ".installed", 2_000_000)
    set_mtime(venv / ".installed-test", 2_000_001)
    assert make(checkout, "-q", ".venv/.installed-test")[0] == 0  # up to date

    # A change to pyproject.toml alone installs nothing: the lock is what is installed.
    (checkout / "pyproject.toml").write_text("")
    set_mtime(checkout / "pyproject.toml", 3_000_000)
    assert make(checkout, "-q", ".venv/.installed-test")[0] == 0

    set_mtime(checkout / "requirements" / "test.txt", 3_000_000)
    code, output = make(checkout, "-n", ".venv/.installed-test")
    assert code == 0
    assert [re.search(r"-r (\S+)", line)[1] for line in pip_commands(output)] == ["requirements/test.txt"]

    set_mtime(checkout / "requirements" / "base.txt", 3_000_000)
    code, output = make(checkout, "-n", ".venv/.installed-test")
    assert [re.search(r"-r (\S+)", line)[1] for line in pip_commands(output)] == [
        "requirements/base.txt",
        "requirements/test.txt",
    ]


def test_make_lock_runs_pip_compile_from_a_throwaway_venv_installed_by_hash(checkout):
    code, output = make(checkout, "-n", "lock")
    assert code == 0, output
    (install,) = pip_commands(output)
    assert "--require-hashes" in install and "-r requirements/tools.txt" in install
    assert ".venv" not in output  # never the project's venv
    compiles = compile_commands(output)
    outputs = [re.search(r"-o (\S+)", line)[1] for line in compiles]
    assert outputs == ["requirements/base.txt", "requirements/test.txt", "requirements/tools.txt"]
    assert "-c requirements/base.txt" in compiles[1] and "--extra test" in compiles[1]


def test_make_lock_upgrades_a_package_only_in_the_files_that_pin_it(checkout):
    code, output = make(checkout, "-n", "lock", "UPGRADE=pytest Pillow_Heif")
    assert code == 0, output
    options = {
        re.search(r"-o (\S+)", command)[1]: re.findall(r"--upgrade(?:-package \S+)?", command)
        for command in compile_commands(output)
    }
    assert options == {
        "requirements/base.txt": ["--upgrade-package Pillow_Heif"],
        "requirements/test.txt": ["--upgrade-package pytest", "--upgrade-package Pillow_Heif"],
        "requirements/tools.txt": [],
    }
    code, output = make(checkout, "-n", "lock", "UPGRADE=all")
    assert [re.findall(r"--upgrade\S*", command) for command in compile_commands(output)] == [
        ["--upgrade"]
    ] * 3

    # A name pinned nowhere is a typo: make lock stops before it resolves anything.
    code, output = make(checkout, "lock", "UPGRADE=no-such-package")
    assert code != 0
    assert "no-such-package is pinned nowhere" in output
