"""Reading the demo's data files: the YAML under each demo package's `data/` folder.

The portal, mapping and ethics demo packages keep their texts in `<app>/demo/data/<name>.yaml` and
read them with `load_yaml(Path(__file__).parent, name)`. The files are found next to the code, so
nothing has to list them for packaging: the project runs from its checkout.
"""

import copy
from functools import lru_cache
from pathlib import Path

import yaml


def data_path(package_dir, name):
    """The data file `name` (without `.yaml`) of the demo package in `package_dir`."""
    return Path(package_dir) / "data" / f"{name}.yaml"


@lru_cache(maxsize=64)
def _parse(path, modified):
    # Keyed by the modification time as well, so an edited file is read again in a running process.
    with open(path, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def mirrored(source, translated, name, key="slug"):
    """The items of the translation file `name` (`topics.kk`, say), checked to be those of its Russian
    source, by `key`, in the same order: a mirror that drifted from its source is refused."""
    if [item[key] for item in translated] != [item[key] for item in source]:
        raise ValueError(f"{name}.yaml does not list the items of its Russian source in the same order.")
    return translated


def load_yaml(package_dir, name):
    """The contents of a demo data file, as plain dicts, lists, strings, numbers and dates.

    Parsing is cached (the pure-Python parser takes a noticeable part of a second for all the files,
    and tests load the demo many times); callers get their own copy, so changing it changes nothing
    for the next caller.
    """
    path = data_path(package_dir, name)
    return copy.deepcopy(_parse(str(path), path.stat().st_mtime_ns))
