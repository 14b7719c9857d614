"""Configuration: a commented table of defaults, overridden by ENVIROBUYER_* variables.

``load_config`` starts from ``DEFAULTS``, applies ``ENVIROBUYER_<KEY>`` environment
variables (converted to the type of the default), then the mapping given to
``create_app``, and validates the result. An unknown ENVIROBUYER_ key warns; a missing
secret key outside debug and testing stops the start.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from enviro_buyer.errors import ConfigError
from enviro_buyer.paths import CATALOGUE_DATA_DIR, DEFAULT_INSTANCE_DIR

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "fr", "es")
COUNTRIES = ("CA", "US", "MX")

DEFAULTS: dict[str, Any] = {
    # Folder for the SQLite database, the search index and uploads.
    "INSTANCE_DIR": str(DEFAULT_INSTANCE_DIR),
    # SQLAlchemy URL; empty means SQLite at INSTANCE_DIR/enviro_buyer.sqlite3.
    "DATABASE_URL": "",
    # Folder of the live Whoosh index; empty means INSTANCE_DIR/index.
    "SEARCH_INDEX_DIR": "",
    # Seconds a search-index writer waits for the lock before giving up.
    "SEARCH_LOCK_TIMEOUT": 30.0,
    # Results per page on the search page and in the API.
    "SEARCH_PAGE_SIZE": 20,
    # Highest page number a search may ask for (deep pages cost, and nobody reads them).
    "SEARCH_MAX_PAGE": 500,
    # Keep the search index in step with the database through commit hooks.
    "SEARCH_SYNC": True,
    # Load catalogue_data/ into an empty database when the app first starts.
    "LOAD_CATALOGUE_ON_START": True,
    # Folder of the shipped products loaded on first start (`enviro-buyer init`) and
    # written by `enviro-buyer catalogue export`; tests point it at a tiny folder.
    "PRODUCTS_DATA_DIR": str(CATALOGUE_DATA_DIR / "products"),
    # Signs sessions and CSRF tokens. Required outside debug and testing.
    "SECRET_KEY": "",
    # Debug mode: never in production.
    "DEBUG": False,
    # Test mode: set by the test suite.
    "TESTING": False,
    # Turns CSRF checks off (tests only).
    "WTF_CSRF_ENABLED": True,
    # Language used when the browser states none we speak.
    "DEFAULT_LANGUAGE": "en",
    # Day on which certificate status is judged (ISO date; empty = the real today).
    "TODAY": "",
    # Log level of the app's logger.
    "LOG_LEVEL": "INFO",
}

ENV_PREFIX = "ENVIROBUYER_"
# File under INSTANCE_DIR holding this installation's random secret key.
SECRET_KEY_FILE = "secret_key"


def ensure_secret_key_file(instance_dir: str | Path) -> Path:
    """Write a random secret key to the instance folder unless one is there already."""
    import secrets

    folder = Path(instance_dir)
    folder.mkdir(parents=True, exist_ok=True)
    key_file = folder / SECRET_KEY_FILE
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file


def _convert(key: str, raw: str, default: Any) -> Any:
    """Turn an environment string into the type of its default."""
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise ConfigError(f"{ENV_PREFIX}{key} must be true or false, not {raw!r}")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError as exc:
            raise ConfigError(f"{ENV_PREFIX}{key} must be a whole number") from exc
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError as exc:
            raise ConfigError(f"{ENV_PREFIX}{key} must be a number") from exc
    return raw


def load_config(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Return the validated settings: defaults, then environment, then overrides."""
    environ = os.environ if environ is None else environ
    config = dict(DEFAULTS)

    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        key = name[len(ENV_PREFIX) :]
        if key not in DEFAULTS:
            logger.warning("Unknown setting %s is ignored", name)
            continue
        config[key] = _convert(key, raw, DEFAULTS[key])

    config.update(overrides or {})
    _derive_paths(config)
    _validate(config)
    return config


def _derive_paths(config: dict[str, Any]) -> None:
    """Fill the settings whose default depends on INSTANCE_DIR."""
    instance = Path(config["INSTANCE_DIR"]).resolve()
    config["INSTANCE_DIR"] = str(instance)
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{instance / 'enviro_buyer.sqlite3'}"
    if not config["SEARCH_INDEX_DIR"]:
        config["SEARCH_INDEX_DIR"] = str(instance / "index")
    config["SQLALCHEMY_DATABASE_URI"] = config["DATABASE_URL"]


def _validate(config: dict[str, Any]) -> None:
    """Stop the start on settings the app cannot run with."""
    if not config["SECRET_KEY"]:
        key_file = Path(config["INSTANCE_DIR"]) / SECRET_KEY_FILE
        if key_file.is_file():
            config["SECRET_KEY"] = key_file.read_text(encoding="utf-8").strip()
    if not config["SECRET_KEY"]:
        if not (config["DEBUG"] or config["TESTING"]):
            raise ConfigError(
                "No secret key: set ENVIROBUYER_SECRET_KEY to a long random string, "
                "or run `enviro-buyer init`, which writes a random one to "
                "instance/secret_key."
            )
        config["SECRET_KEY"] = os.urandom(32).hex()
    if config["DEFAULT_LANGUAGE"] not in LANGUAGES:
        raise ConfigError(f"DEFAULT_LANGUAGE must be one of {', '.join(LANGUAGES)}")
    if config["SEARCH_PAGE_SIZE"] < 1 or config["SEARCH_MAX_PAGE"] < 1:
        raise ConfigError("SEARCH_PAGE_SIZE and SEARCH_MAX_PAGE must be at least 1")
