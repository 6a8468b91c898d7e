"""The map's part of `load_demo`: reference data, the map's pages, objects, issues, monitoring visits
and citizens' reports, written in `data/*.yaml` and loaded by the modules of this package.

Portal's demo loader finds this package by its name and calls `load_demo(loader)`. `NOTES` (the note of
each step of an issue's timeline) is shared with `manage.py generate_issues`.
"""

from mapping.demo.issues import NOTES
from mapping.demo.loader import load_demo

__all__ = ["NOTES", "load_demo"]
