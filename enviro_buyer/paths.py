"""Absolute paths of the folders that sit beside the package.

Flask and Flask-Babel resolve relative folders against the package, not the repository,
so every folder outside ``enviro_buyer/`` is named here once, absolutely.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT_DIR = PACKAGE_DIR.parent
TEMPLATES_DIR = ROOT_DIR / "templates"
STATIC_DIR = ROOT_DIR / "static"
TRANSLATIONS_DIR = ROOT_DIR / "translations"
CATALOGUE_DATA_DIR = ROOT_DIR / "catalogue_data"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
DEFAULT_INSTANCE_DIR = ROOT_DIR / "instance"
SHARED_DATA_DIR = ROOT_DIR.parent / "shared" / "data"
