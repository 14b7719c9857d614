"""Every answer, page or JSON, carries the headers that stop framing and sniffing."""

import pytest


@pytest.mark.parametrize("path", ["/en/", "/fr/no-such-page", "/api/v1/products"])
def test_security_headers_on_every_answer(client, path: str) -> None:
    response = client.get(path)

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src" not in response.headers["Content-Security-Policy"]
