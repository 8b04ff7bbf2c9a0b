"""The real app as a server on a free local port, and Debian's Chromium driven by Playwright.

Every page here runs with the network cut to this machine: a request to any other host is
aborted and recorded, so the tests also prove that the app works offline. If Chromium is
missing or cannot start, the tests fail and say so; they are never skipped.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A Streamlit server running app.py, stopped when the tests are done."""

    def __init__(self, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable,
            "-m",
            "mapui.server",  # as `make run` starts it
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ]
        (ROOT / "test-artifacts").mkdir(exist_ok=True)
        self.log = open(ROOT / "test-artifacts" / f"server-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=self.log, stderr=subprocess.STDOUT
        )
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the app did not answer /_stcore/health within 60 s; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    from mapapp.assets import missing

    if missing():
        pytest.fail(f"browser assets are not installed ({', '.join(missing())}): run `make assets`")
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@pytest.fixture(scope="session")
def server(artifacts):
    app = Server()
    yield app
    app.stop()


@pytest.fixture(scope="session")
def offline_server(artifacts):
    app = Server({"MAPAPP_OFFLINE": "1"})
    yield app
    app.stop()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make browser` (Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        except Exception as error:  # noqa: BLE001 - any launch failure must fail loudly, not skip
            pytest.fail(f"Chromium at {CHROMIUM} could not start: {error}")
        yield browser
        browser.close()


class Visit:
    """One page in its own context, cut off from every host but this machine."""

    def __init__(self, browser, viewport=(1400, 1000)):
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.blocked: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "about:", "file:")) or host in LOCAL_HOSTS or host == "::1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, url: str, app: bool = True) -> Visit:
        """Go to url; for a page of the app, wait until its script has run."""
        self.page.goto(url)
        if app:
            self.settle()
        return self

    def settle(self) -> None:
        """Wait until the app is connected and its script has finished running."""
        self.page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=60000)
        self.page.wait_for_timeout(300)
        self.page.wait_for_selector("[data-test-script-state='notRunning']", timeout=60000)

    @property
    def map(self):
        return self.page.frame_locator(FRAME)

    def markers(self, selector: str = ".site-marker") -> int:
        self.map.locator(".leaflet-map-pane").wait_for(state="attached", timeout=30000)
        return self.map.locator(selector).count()

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def visit(chromium):
    opened = []

    def make(url: str, viewport=(1400, 1000), app: bool = True) -> Visit:
        page = Visit(chromium, viewport)
        opened.append(page)
        return page.open(url, app)

    yield make
    for page in opened:
        page.context.close()
