"""Fixtures of the API tests: compiled translations and a sample site per module."""

from sample_catalogue import client, compiled_translations, sample, site

__all__ = ["client", "compiled_translations", "sample", "site"]
