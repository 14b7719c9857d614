"""The project's exceptions and the HTTP handlers that turn them into pages or JSON.

Services raise these; views never catch them. A user's mistake becomes a 4xx logged at
INFO; anything else is ours and is logged at ERROR with a plain, translated page.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)


class EnviroBuyerError(Exception):
    """Base of every error the project raises on purpose."""


class ConfigError(EnviroBuyerError):
    """The configuration cannot be used; the message says how to fix it."""


class UserInputError(EnviroBuyerError):
    """Input from a person or client is not acceptable (HTTP 400).

    ``message`` is already translated for the person who sent the input.
    """

    status_code = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(EnviroBuyerError):
    """A named thing does not exist (HTTP 404)."""

    status_code = 404

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportFileError(EnviroBuyerError):
    """A whole import file cannot be read; nothing of it was written."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class SearchUnavailableError(EnviroBuyerError):
    """The search index is missing or cannot be opened."""


def _wants_json() -> bool:
    """Tell whether the failed request came to the JSON API."""
    return request.path.startswith("/api/")


def _render_error(status: int, message: str | None = None):
    """Answer with a JSON error under /api/ and a translated page elsewhere."""
    from enviro_buyer.i18n import gettext as _

    titles = {
        400: _("This request could not be understood"),
        404: _("Page not found"),
        405: _("This action is not allowed here"),
        429: _("Too many requests: please wait a moment and try again"),
        500: _("Something went wrong on our side"),
        503: _("The service is temporarily unavailable"),
    }
    title = titles.get(status, titles[500] if status >= 500 else titles[400])
    if _wants_json():
        return jsonify(
            {"error": {"status": status, "message": message or title}}
        ), status
    return render_template(
        "error.html", status=status, title=title, message=message
    ), status


def register_error_handlers(app: Flask) -> None:
    """Map the project's exceptions and HTTP errors to pages and JSON answers."""

    @app.errorhandler(UserInputError)
    def handle_user_input(error: UserInputError):
        logger.info("Bad input on %s: %s", request.path, error.message)
        return _render_error(400, error.message)

    @app.errorhandler(NotFoundError)
    def handle_not_found(error: NotFoundError):
        return _render_error(404, error.message)

    @app.errorhandler(SearchUnavailableError)
    def handle_search_unavailable(error: SearchUnavailableError):
        logger.error("Search unavailable: %s", error)
        return _render_error(503)

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):
        status = error.code or 500
        if status >= 500:
            logger.error("HTTP %s on %s", status, request.path)
        response = make_response(_render_error(status))
        # Keep the headers the error carries (a 405's Allow, which HTTP requires);
        # the body and its Content-Type are ours.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(500)
    def handle_server_error(error: Exception):
        logger.exception("Unhandled error on %s", request.path)
        return _render_error(500)
