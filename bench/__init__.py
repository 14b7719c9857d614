"""Benchmarks of EnviroBuyer on the full catalogue, each beside a reference run.

Run with ``make bench`` (or ``.venv/bin/python -m bench``); see docs/performance.md.
"""
