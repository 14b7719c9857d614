"""JSON API v1 (placeholder blueprint until the endpoints land)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
