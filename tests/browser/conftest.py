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
from playwright.sync_api import TimeoutError as PlaywrightTimeout

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


# Counts the app's finished script runs (whole page or fragment), so a test waits for the run an
# action caused instead of sleeping: the script state goes from "running" back to "notRunning".
COUNT_RUNS = """
window.__runsDone = 0;
new MutationObserver(records => {
  for (const r of records) {
    if (r.oldValue === 'running' && r.target.getAttribute('data-test-script-state') === 'notRunning') window.__runsDone++;
  }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ['data-test-script-state']});
"""
IDLE = "[data-test-script-state='notRunning']"


class Visit:
    """One page in its own context, cut off from every host but this machine."""

    def __init__(self, browser, viewport=(1400, 1000), touch: bool = False):
        self.context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, has_touch=touch, is_mobile=touch
        )
        self.blocked: list[str] = []
        self.context.route("**/*", self._route)
        self.context.add_init_script(COUNT_RUNS)
        self.page = self.context.new_page()
        self.runs_seen = 0

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
        """Wait until the app is connected and has finished a script run since the last settle.

        An action that causes no run (opening an expander) waits 5 s for one, then goes on.
        """
        self.page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=60000)
        try:
            self.page.wait_for_function("n => window.__runsDone > n", arg=self.runs_seen, timeout=5000)
        except PlaywrightTimeout:
            pass
        self.page.wait_for_selector(IDLE, timeout=60000)
        self.runs_seen = self.page.evaluate("window.__runsDone")

    @property
    def map(self):
        return self.page.frame_locator(FRAME)

    def click_on_map(self, locator) -> None:
        """Click an element of the map with the map's frame in view first: left to scroll from
        inside the frame, Playwright lands the click beside a Leaflet marker (seen here)."""
        self.page.locator(FRAME).scroll_into_view_if_needed()
        locator.click()

    def markers(self, selector: str = ".site-marker") -> int:
        self.map.locator(".leaflet-map-pane").wait_for(state="attached", timeout=30000)
        return self.map.locator(selector).count()

    def frame(self):
        """The map's frame (for evaluating its script), once the map is in it."""
        self.map.locator(".leaflet-map-pane").wait_for(state="attached", timeout=30000)
        return self.page.locator(FRAME).element_handle().content_frame()

    def sites_shown(self, expected: int | None = None) -> int:
        """Return how many sites the map's store draws (in clusters or alone); with `expected`,
        wait until it draws that many (the store fetches its data after the page loads)."""
        frame = self.frame()
        if expected is not None:
            frame.wait_for_function(
                "n => window.__mapappSites && window.__mapappSites.ready && window.__mapappSites.shown() === n",
                arg=expected,
                timeout=30000,
            )
        else:
            frame.wait_for_function("() => window.__mapappSites && window.__mapappSites.ready", timeout=30000)
        return frame.evaluate("window.__mapappSites.shown()")

    def reveal(self, site_id: str, group: str = "window.__mapappSites.groups.clusters"):
        """Click, as a visitor would, the clusters that hold a site until its own marker is drawn;
        return the marker's locator. `group` is the cluster group (an export's: `MemoryMap.map._memoryClusters`)."""
        frame = self.frame()
        find = (
            "([id, group]) => { const g = eval(group); const m = g.getLayers().find(l => l.feature && "
            "(l.feature.id === id || l.feature.properties.id === id)); if (!m) return 'missing';"
            " const p = g.getVisibleParent(m); if (!p) return 'hidden'; const el = p.getElement();"
            " document.querySelectorAll('[data-test-target]').forEach(e => e.removeAttribute('data-test-target'));"
            " if (!el) return 'hidden'; el.setAttribute('data-test-target', '1'); return p === m ? 'marker' : 'cluster'; }"
        )
        for _ in range(20):
            found = frame.evaluate(find, [site_id, group])
            if found == "marker":
                return self.map.locator("[data-test-target]")
            assert found == "cluster", f"site {site_id} is not on the map ({found})"
            self.click_on_map(self.map.locator("[data-test-target]"))
            frame.wait_for_function(
                f"() => {{ const g = eval({group!r}); return !g._inZoomAnimation && !g._map._animatingZoom; }}",
                timeout=10000,
            )
            self.page.wait_for_timeout(400)  # the spiderfy or zoom animation ends
        raise AssertionError(f"site {site_id}: twenty clicks on its clusters did not draw it alone")

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def visit(chromium):
    opened = []

    def make(url: str, viewport=(1400, 1000), app: bool = True, touch: bool = False) -> Visit:
        page = Visit(chromium, viewport, touch)
        opened.append(page)
        return page.open(url, app)

    yield make
    for page in opened:
        page.context.close()
