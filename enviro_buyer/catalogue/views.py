"""Catalogue pages (placeholder blueprint until the pages land)."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__, url_prefix="/<lang>")
root_bp = Blueprint("root", __name__)
