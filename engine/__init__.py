"""Encore's engine: music and setlist models, with no Qt anywhere below this package."""

__version__ = "0.1.0"
