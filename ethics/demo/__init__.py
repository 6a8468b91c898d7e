"""The ethics guide's part of `load_demo`: the texts in `data/` (guide.yaml, topics.yaml,
self-check.yaml) and their loader, `ethics.demo.loader`.

Portal's demo loader finds this package by its name and calls `load_demo(loader)`.
"""

from ethics.demo.loader import load_demo

__all__ = ["load_demo"]
