"""Benchmarks: each module has `run() -> list[(label, figure)]`; `python -m bench` runs them all."""
