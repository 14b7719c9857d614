"""WSGI entry point for gunicorn (``gunicorn wsgi:app``), run by ``enviro-buyer serve``.

The secret key comes from ENVIROBUYER_SECRET_KEY or from the instance folder's
``secret_key`` file, written with a random key on first use (``enviro-buyer init``
writes it too), so no default key is ever used.
"""

import os

from enviro_buyer import create_app
from enviro_buyer.config import DEFAULTS, ensure_secret_key_file

if not os.environ.get("ENVIROBUYER_SECRET_KEY"):
    ensure_secret_key_file(
        os.environ.get("ENVIROBUYER_INSTANCE_DIR", DEFAULTS["INSTANCE_DIR"])
    )

app = create_app()
