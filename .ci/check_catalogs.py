"""Fail when a translation catalogue is stale: a source string missing from a .po, an untranslated
Russian or Kazakh entry, or a committed .mo that differs from what its .po compiles to."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["ru", "kk", "en"]
MUST_TRANSLATE = {"ru", "kk"}


def msgids(po_path):
    """The set of (context, msgid) of a catalogue, with whether each has a non-fuzzy translation."""
    import polib  # noqa: PLC0415

    catalogue = polib.pofile(str(po_path))
    return {
        (entry.msgctxt, entry.msgid): entry.translated() and "fuzzy" not in entry.flags
        for entry in catalogue
        if not entry.obsolete
    }


def main():
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(
            ROOT,
            copy,
            ignore=shutil.ignore_patterns(".venv", ".git", "static", "media", "*.sqlite3*", "node_modules"),
        )
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "--no-obsolete",
                "--no-location",
                "-i",
                "tests/*",
                *sum((["-l", code] for code in LANGUAGES), []),
            ],
            cwd=copy,
            check=True,
            capture_output=True,
        )
        for code in LANGUAGES:
            committed_po = ROOT / "locale" / code / "LC_MESSAGES" / "django.po"
            committed_mo = committed_po.with_suffix(".mo")
            if not committed_po.exists() or not committed_mo.exists():
                problems.append(f"{code}: django.po or django.mo is missing")
                continue
            fresh = msgids(copy / "locale" / code / "LC_MESSAGES" / "django.po")
            current = msgids(committed_po)
            missing = sorted(key[1] for key in fresh if key not in current)
            if missing:
                problems.append(
                    f"{code}: {len(missing)} source strings missing from django.po, e.g. {missing[:3]}"
                )
            if code in MUST_TRANSLATE:
                untranslated = sorted(key[1] for key, done in current.items() if not done and key in fresh)
                if untranslated:
                    problems.append(
                        f"{code}: {len(untranslated)} untranslated or fuzzy, e.g. {untranslated[:3]}"
                    )
            compiled = Path(tmp) / f"{code}.mo"
            subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(committed_po)], check=True)
            if compiled.read_bytes() != committed_mo.read_bytes():
                problems.append(f"{code}: django.mo is not the compiled django.po (run `make catalogs`)")
    if problems:
        print("Translation catalogues are not up to date:")
        for problem in problems:
            print(" -", problem)
        return 1
    print("Catalogues up to date:", ", ".join(LANGUAGES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
