"""Latency and throughput of HTTP endpoints over keep-alive connections."""

from __future__ import annotations

import http.client
import json
import math
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode


def percentile(values: list[float], fraction: float) -> float:
    """Return the value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[rank]


def summarize(samples: list[float]) -> dict[str, float]:
    """Return p50, p95 and mean of ``samples`` (seconds) in milliseconds."""
    return {
        "p50_ms": round(percentile(samples, 0.50) * 1000, 2),
        "p95_ms": round(percentile(samples, 0.95) * 1000, 2),
        "mean_ms": round(statistics.fmean(samples) * 1000, 2),
        "n": len(samples),
    }


def measure_http(port: int, paths: list[str], rounds: int) -> list[float]:
    """Request every path ``rounds`` times in order; return each request's seconds."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    samples = []
    for _ in range(rounds):
        for path in paths:
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            samples.append(time.perf_counter() - started)
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
    conn.close()
    return samples


def throughput(port: int, paths: list[str], clients: int, seconds: float) -> float:
    """Requests per second that ``clients`` connections get through in ``seconds``.

    wrk (Debian package ``wrk``) drives the load when installed, since it costs the
    two cores far less than Python clients; otherwise Python threads do.
    """
    if shutil.which("wrk"):
        return _wrk_throughput(port, paths, clients, seconds)
    deadline = time.perf_counter() + seconds
    counts = [0] * clients

    def client(slot: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        index = slot
        while time.perf_counter() < deadline:
            conn.request("GET", paths[index % len(paths)])
            conn.getresponse().read()
            counts[slot] += 1
            index += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - started)


def _wrk_throughput(port: int, paths: list[str], clients: int, seconds: float) -> float:
    """Requests per second measured by wrk cycling through ``paths``."""
    listed = ", ".join(json.dumps(path) for path in paths)
    script = (
        f"local paths = {{{listed}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\nend\n'
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    output = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{clients}",
            f"-d{int(seconds)}s",
            "-s",
            handle.name,
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    Path(handle.name).unlink()
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not match:
        raise RuntimeError(f"wrk gave no rate:\n{output}")
    return float(match.group(1))


def query_paths(prefix: str, queries: list[tuple[str, dict[str, str]]]) -> list[str]:
    """Turn the query set into request paths under ``prefix``."""
    paths = []
    for _, params in queries:
        params = dict(params)
        lang = params.pop("lang", "en")
        if prefix.startswith("/api"):
            params["lang"] = lang
            paths.append(f"{prefix}?{urlencode(params)}")
        else:
            paths.append(f"/{lang}{prefix}?{urlencode(params)}")
    return paths
