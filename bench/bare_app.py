"""A bare Flask endpoint: the reference for what gunicorn itself costs."""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/en/")
def hello():
    """Answer with a tiny JSON document."""
    return jsonify({"total": 0, "items": []})
