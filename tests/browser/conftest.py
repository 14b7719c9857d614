"""Browser-test harness: one real server and one real Chromium for the whole session.

The session builds a small, fully known catalogue (``browser_catalogue.py``) in a
temporary instance folder, serves it with gunicorn on a free loopback port exactly as in
production, and drives Debian's Chromium through Playwright. Each test gets a fresh
browser context (no cookies or storage from another test) and its pages are recorded, so
that a failing test leaves a screenshot, the page's HTML and its console messages under
``test-artifacts/<test name>/``.

Nothing is ever passed silently: without Chromium every browser test is skipped with
the command that installs it, and without axe-core the accessibility scans say how to
get it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browser_catalogue import BrowserCatalogue
from browser_checks import DESKTOP, PHONE

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARTIFACTS_DIR = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"

NO_CHROMIUM = f"no Chromium at {CHROMIUM}: apt-get install chromium"
NO_AXE = "axe-core is not installed: run npm ci --prefix tests/browser"
NO_PLAYWRIGHT = "Playwright is not installed: run .venv/bin/pip install -e '.[test]'"

# Playwright cannot download browsers here; these flags keep Debian's build quiet,
# offline and headless. Playwright gives every launch a fresh temporary profile.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 60.0
# Generous, so that a slow CI machine is never mistaken for a broken page.
ACTION_TIMEOUT_MS = 10_000

PAGES_KEY = pytest.StashKey[list]()


@dataclass
class LiveServer:
    """The running app: where it answers and what catalogue it serves."""

    base_url: str
    catalogue: BrowserCatalogue
    log_path: Path

    def url(self, path: str) -> str:
        """Return the absolute URL of ``path`` (which starts with a slash)."""
        return self.base_url + path


@dataclass
class PageRecord:
    """A page opened by a test, with what its console said."""

    page: Any
    console: list[str] = field(default_factory=list)


# --- session: Chromium, the catalogue, the server ------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    """Debian's Chromium, or a skip that says how to install it."""
    if not CHROMIUM.is_file():
        pytest.skip(NO_CHROMIUM)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_executable: Path) -> Iterator[Any]:
    """One headless Chromium shared by every browser test."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(NO_PLAYWRIGHT)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_executable), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _free_port() -> int:
    """Return a loopback port that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _clean_environment(instance: Path) -> dict[str, str]:
    """Return the server's environment: ours, without the caller's ENVIROBUYER_ ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENVIROBUYER_")}
    env.update(
        ENVIROBUYER_INSTANCE_DIR=str(instance),
        ENVIROBUYER_SECRET_KEY="browser-tests-" + os.urandom(16).hex(),
        ENVIROBUYER_LOAD_CATALOGUE_ON_START="false",
        ENVIROBUYER_TODAY="2019-06-01",
        ENVIROBUYER_SEARCH_PAGE_SIZE="20",
        ENVIROBUYER_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def _build_catalogue(instance: Path, env: dict[str, str]) -> BrowserCatalogue:
    """Migrate and fill ``instance`` in a child process; return the facts it reports."""
    done = subprocess.run(
        [sys.executable, str(HERE / "browser_catalogue.py"), str(instance)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        pytest.fail(f"building the browser catalogue failed:\n{done.stderr[-4000:]}")
    return BrowserCatalogue(**json.loads(lines[-1]))


def _wait_until_answering(process: subprocess.Popen, url: str, log_path: Path) -> None:
    """Poll ``url`` until the server answers at all; fail with its log if it dies."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # any HTTP answer means the app is up; the tests judge the status
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    log = log_path.read_text(encoding="utf-8", errors="replace")
    pytest.fail(f"gunicorn did not answer {url} in {SERVER_START_TIMEOUT:.0f}s:\n{log}")


def _stop(process: subprocess.Popen) -> None:
    """Stop gunicorn gracefully, then for good."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture(scope="session")
def server(
    chromium_executable: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The real app under gunicorn, over the browser-test catalogue."""
    folder = tmp_path_factory.mktemp("browser")
    instance = folder / "instance"
    env = _clean_environment(instance)
    catalogue = _build_catalogue(instance, env)

    port = _free_port()
    log_path = folder / "gunicorn.log"
    # Two workers as in production, so that a connection Chromium opens ahead of time
    # never holds up the next request; no control socket, which every gunicorn on the
    # machine would otherwise share with a developer's running server.
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        "2",
        "--no-control-socket",
    ]
    command += ["--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT), "wsgi:app"]
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(process, base_url + "/en/", log_path)
        yield LiveServer(base_url=base_url, catalogue=catalogue, log_path=log_path)
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def catalogue(server: LiveServer) -> BrowserCatalogue:
    """Facts about the catalogue the server holds."""
    return server.catalogue


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The pinned axe-core script, or a skip that says how to install it."""
    if not AXE_JS.is_file():
        pytest.skip(NO_AXE)
    return AXE_JS.read_text(encoding="utf-8")


# --- per test: fresh contexts and pages, kept for the failure artefacts --------------


@pytest.fixture
def new_page(
    browser: Any, server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Any]]:
    """Open pages in fresh browser contexts: ``new_page(viewport=PHONE)``."""
    contexts: list[Any] = []
    records: list[PageRecord] = request.node.stash.setdefault(PAGES_KEY, [])

    def open_page(viewport: dict[str, int] | None = None, **options: Any) -> Any:
        """Return a page of a new context sized ``viewport`` (desktop by default)."""
        if viewport == PHONE:
            options.setdefault("is_mobile", True)
            options.setdefault("has_touch", True)
        context = browser.new_context(
            base_url=server.base_url, viewport=viewport or DESKTOP, **options
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        record = PageRecord(page)
        page.on("console", lambda msg: record.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda error: record.console.append(f"pageerror: {error}"))
        records.append(record)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A desktop-sized page in a fresh context."""
    return new_page()


@pytest.fixture
def phone_page(new_page: Callable[..., Any]) -> Any:
    """A 375-pixel-wide touch page in a fresh context."""
    return new_page(viewport=PHONE)


# --- failure artefacts ---------------------------------------------------------------


def _artefact_folder(item: pytest.Item) -> Path:
    """Return test-artifacts/<test name>/, emptied."""
    name = re.sub(r"[^A-Za-z0-9_.=-]+", "_", item.name).strip("_")
    folder = ARTIFACTS_DIR / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _save_artefacts(item: pytest.Item, records: list[PageRecord]) -> list[str]:
    """Write a screenshot, the HTML and the console of every open page; return paths."""
    from playwright.sync_api import Error as PlaywrightError

    folder = _artefact_folder(item)
    lines = []
    for number, record in enumerate(records, start=1):
        page = record.page
        if page.is_closed():
            continue
        stem = folder / f"page{number}"
        lines.append(f"page {number}: {page.url}")
        try:
            page.screenshot(
                path=f"{stem}.png", full_page=True, timeout=ACTION_TIMEOUT_MS
            )
            lines.append(f"  screenshot: {stem}.png")
        except PlaywrightError as error:  # a broken page must not hide the failure
            lines.append(f"  screenshot failed: {error}")
        try:
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
            lines.append(f"  html: {stem}.html")
        except PlaywrightError as error:
            lines.append(f"  html failed: {error}")
        Path(f"{stem}.console.txt").write_text(
            "\n".join(record.console), encoding="utf-8"
        )
        lines.append(f"  console: {stem}.console.txt")
    return lines


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """Save and report the browser artefacts of a failed test."""
    report = yield
    records = item.stash.get(PAGES_KEY, [])
    if report.when == "call" and report.failed and records:
        lines = _save_artefacts(item, records)
        report.sections.append(("browser artefacts", "\n".join(lines)))
    return report
