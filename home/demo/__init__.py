"""The home app's demo content (see `home.demo.loader`)."""

from home.demo.loader import load_demo

__all__ = ["load_demo"]
