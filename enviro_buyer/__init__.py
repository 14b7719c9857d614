"""EnviroBuyer: certified greener products for Canada, the United States and Mexico."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask

from enviro_buyer.config import load_config
from enviro_buyer.paths import STATIC_DIR, TEMPLATES_DIR


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application; nothing is read, written or indexed before this call."""
    app = Flask(
        __name__,
        template_folder=str(TEMPLATES_DIR),
        static_folder=str(STATIC_DIR),
        instance_relative_config=False,
    )
    app.config.from_mapping(load_config(config))
    configure_logging(app)

    init_extensions(app)
    init_search(app)

    register_blueprints(app)
    register_security_headers(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_cli(app)
    return app


def configure_logging(app: Flask) -> None:
    """Send the package's log lines to stderr at the configured level."""
    logger = logging.getLogger("enviro_buyer")
    logger.setLevel(app.config["LOG_LEVEL"])
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        logger.addHandler(handler)


def init_extensions(app: Flask) -> None:
    """Bind the database, migrations, translations and CSRF protection."""
    from enviro_buyer.catalogue import models  # noqa: F401  (registers the tables)
    from enviro_buyer.extensions import babel, csrf, db, migrate
    from enviro_buyer.i18n import init_i18n
    from enviro_buyer.paths import MIGRATIONS_DIR

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    init_i18n(app, babel)
    csrf.init_app(app)


def init_search(app: Flask) -> None:
    """Open the search backend and keep it in step with database commits."""
    from enviro_buyer.search.sync import init_search as init

    init(app)


def register_blueprints(app: Flask) -> None:
    """Mount the web pages (under /en, /fr, /es) and the JSON API (under /api/v1)."""
    from enviro_buyer.api.views import bp as api_bp
    from enviro_buyer.catalogue.views import bp as catalogue_bp
    from enviro_buyer.catalogue.views import root_bp

    app.register_blueprint(root_bp)
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(api_bp)


# Pages load nothing but their own stylesheet: no scripts, frames or foreign hosts.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def register_security_headers(app: Flask) -> None:
    """Send headers that stop framing, MIME sniffing and foreign content."""

    @app.after_request
    def add_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def register_template_helpers(app: Flask) -> None:
    """Expose formatting and language helpers to every template."""
    from enviro_buyer.templating import init_templating

    init_templating(app)


def register_error_handlers(app: Flask) -> None:
    """Turn errors into translated pages and JSON errors."""
    from enviro_buyer.errors import register_error_handlers as register

    register(app)


def register_cli(app: Flask) -> None:
    """Add the enviro-buyer commands (import, index, catalogue) to the app's CLI."""
    from enviro_buyer.cli import register_commands

    register_commands(app)
