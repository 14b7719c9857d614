"""Run every benchmark on the full catalogue and print each beside its reference.

Steps, each timed in this one run:
1. first start: an empty instance folder to the first served page
   (``enviro-buyer serve``), beside a bare Flask endpoint under the same gunicorn;
2. import of the 42 ENERGY STAR exports, beside reading the same CSV files with ``csv``;
3. full index rebuild, beside building an SQLite FTS5 index of the same products;
4. search latency p50/p95 over the fixed query set: in process (Whoosh backend vs FTS5),
   through the JSON endpoint and the HTML page (vs the bare endpoint), then throughput
   with several clients and the memory of each worker.

Results go to stdout and to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import fts5
from bench.latency import measure_http, query_paths, summarize, throughput
from bench.queries import QUERIES
from bench.server import BIN, ROOT, free_port, running, worker_rss_mb

ENERGYSTAR_DIR = ROOT.parent / "shared" / "data" / "energystar_us_2019-04"
RESULTS = ROOT / "bench" / "results"


def timed(command: list[str], env: dict[str, str]) -> float:
    """Run ``command`` to completion and return its wall-clock seconds."""
    started = time.perf_counter()
    subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def gunicorn_command(app: str, port: int) -> list[str]:
    """Command serving ``app`` with gunicorn's two sync workers on ``port``."""
    return [
        str(BIN / "gunicorn"),
        "--no-control-socket",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        app,
    ]


def instance_env(folder: Path, **extra: str) -> dict[str, str]:
    """Environment that points the app at ``folder``."""
    env = {"ENVIROBUYER_INSTANCE_DIR": str(folder), "ENVIROBUYER_LOG_LEVEL": "WARNING"}
    env.update({f"ENVIROBUYER_{key}": value for key, value in extra.items()})
    return env


def bench_first_start(instance: Path) -> dict:
    """Seconds from an empty instance to the first page, and a bare server's start."""
    port = free_port()
    command = [str(BIN / "enviro-buyer"), "serve", "--port", str(port)]
    with running(command, instance_env(instance), port, timeout=900) as (_, seconds):
        first_start = seconds
    port = free_port()
    bare = gunicorn_command("bench.bare_app:app", port)
    with running(bare, {}, port) as (_, bare_seconds):
        pass
    return {
        "first_start_s": round(first_start, 2),
        "bare_server_start_s": round(bare_seconds, 2),
    }


def bench_import(scratch: Path) -> dict:
    """Seconds to import the 42 exports into an empty database, and to read them."""
    env = instance_env(scratch, LOAD_CATALOGUE_ON_START="false")
    timed([str(BIN / "enviro-buyer"), "init"], env)
    seconds = timed(
        [str(BIN / "enviro-buyer"), "import", "energystar", str(ENERGYSTAR_DIR)], env
    )
    started = time.perf_counter()
    rows = 0
    for path in sorted(ENERGYSTAR_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += sum(1 for _ in csv.DictReader(handle))
    return {
        "import_s": round(seconds, 2),
        "reference_csv_read_s": round(time.perf_counter() - started, 2),
        "rows": rows,
    }


def bench_rebuild(instance: Path) -> dict:
    """Seconds for a full index rebuild, and for an FTS5 build of the same products."""
    seconds = timed(
        [str(BIN / "enviro-buyer"), "index", "rebuild"], instance_env(instance)
    )
    _, fts_seconds = fts5.build(instance / "enviro_buyer.sqlite3")
    return {
        "rebuild_s": round(seconds, 2),
        "reference_fts5_build_s": round(fts_seconds, 2),
    }


def bench_in_process(instance: Path, rounds: int) -> dict:
    """Latency of the search service in process, beside FTS5 on the same queries."""
    from enviro_buyer import create_app
    from enviro_buyer.search.backend import SearchRequest
    from enviro_buyer.search.services import search

    app = create_app({"INSTANCE_DIR": str(instance), "LOG_LEVEL": "WARNING"})
    requests = []
    for _, params in QUERIES:
        filters = {
            k: (params[k],) for k in ("category", "country", "label") if k in params
        }
        requests.append(
            SearchRequest(
                text=params.get("q", ""),
                lang=params.get("lang", "en"),
                filters=filters,
                sort=params.get("sort", "relevance"),
            )
        )
    whoosh_samples = []
    with app.test_request_context("/en/"):
        for request in requests:
            search(request)
        for _ in range(rounds):
            for request in requests:
                started = time.perf_counter()
                search(request)
                whoosh_samples.append(time.perf_counter() - started)

    conn, _ = fts5.build(instance / "enviro_buyer.sqlite3")
    fts_samples = []
    for _ in range(rounds):
        for _, params in QUERIES:
            started = time.perf_counter()
            fts5.search(conn, params)
            fts_samples.append(time.perf_counter() - started)
    return {
        "whoosh": summarize(whoosh_samples),
        "reference_fts5": summarize(fts_samples),
    }


def bench_http(instance: Path, rounds: int, seconds: float, clients: int) -> dict:
    """Latency and throughput under gunicorn with 2 workers, beside a bare endpoint."""
    results: dict = {}
    port = free_port()
    command = gunicorn_command("wsgi:app", port)
    json_paths = query_paths("/api/v1/products", QUERIES)
    page_paths = query_paths("/search", QUERIES)
    with running(command, instance_env(instance), port) as (proc, _):
        measure_http(port, json_paths + page_paths, 1)
        results["json"] = summarize(measure_http(port, json_paths, rounds))
        results["page"] = summarize(measure_http(port, page_paths, rounds))
        results["page_rps"] = round(throughput(port, page_paths, clients, seconds), 1)
        results["worker_rss_mb"] = [round(mb, 1) for mb in worker_rss_mb(proc.pid)]

    port = free_port()
    bare = gunicorn_command("bench.bare_app:app", port)
    with running(bare, {}, port) as (proc, _):
        results["reference_bare"] = summarize(measure_http(port, ["/en/"], rounds * 40))
        results["reference_bare_rps"] = round(
            throughput(port, ["/en/"], clients, seconds), 1
        )
    return results


def cpu_model() -> str:
    """Name the processor, as Linux reports it."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.machine()


def main() -> int:
    """Run the benchmarks and write bench/results/latest.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=10, help="passes over the queries"
    )
    parser.add_argument("--seconds", type=float, default=10, help="throughput duration")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    args = parser.parse_args()
    if not ENERGYSTAR_DIR.is_dir():
        print(f"The real data is missing: {ENERGYSTAR_DIR}", file=sys.stderr)
        return 2

    report = {
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    with tempfile.TemporaryDirectory(prefix="eb-bench-") as scratch:
        served = Path(scratch) / "served"
        report["first_start"] = bench_first_start(served)
        print(json.dumps(report["first_start"]), flush=True)
        report["import"] = bench_import(Path(scratch) / "imported")
        print(json.dumps(report["import"]), flush=True)
        report["rebuild"] = bench_rebuild(served)
        print(json.dumps(report["rebuild"]), flush=True)
        report["search_in_process"] = bench_in_process(served, args.rounds)
        print(json.dumps(report["search_in_process"]), flush=True)
        report["search_http"] = bench_http(
            served, args.rounds, args.seconds, args.clients
        )
        print(json.dumps(report["search_http"]), flush=True)

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
