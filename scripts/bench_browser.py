"""The browser half of the benchmark: the real app on a free port, Debian's Chromium through Playwright.

Flags, host list and the map's iframe come from tests/browser/conftest.py, so the benchmark
drives the browser exactly as the browser tests do (network cut to this machine). Every wait
has a timeout; a timeout is reported as a figure, never raised.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import psutil

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_conftest", ROOT / "tests" / "browser" / "conftest.py")
conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conftest)
FLAGS, CHROMIUM, LOCAL_HOSTS, FRAME, free_port = (
    conftest.FLAGS,
    conftest.CHROMIUM,
    conftest.LOCAL_HOSTS,
    conftest.FRAME,
    conftest.free_port,
)
THUMB = "[data-testid='stSlider'] input[type='range']"
# Sites drawn in the map's iframe: the site store's count of the sites it has drawn (each alone or
# inside a cluster, static/js/sites.js; markers a cluster group still holds in a chunk are not
# counted); -1 until the store exists.
COUNT_JS = (
    "() => { const f = document.querySelector('" + FRAME + "'); const w = f && f.contentWindow;"
    " const s = w && w.__mapappSites; if (!s || !s.ready) { return -1; } return s.drawn(); }"
)


class App(conftest.Server):
    """The browser tests' server (`streamlit run app.py` on a free port), on the given data, with its memory."""

    def __init__(self, data: Path):
        super().__init__({"MAPAPP_DATA": str(data)})

    def rss(self) -> int:
        """Return the resident memory of the server and its children, in bytes."""
        try:
            root = psutil.Process(self.process.pid)
            return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
        except psutil.NoSuchProcess:
            return 0


class Peak:
    """Sample a server's RSS in the background and keep the highest value."""

    def __init__(self, app: App, every: float = 0.25):
        self.app, self.every, self.peak, self._stop = app, every, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.app.rss())
            self._stop.wait(self.every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join(timeout=5)
        return self.peak


def _route(route) -> None:
    url = route.request.url
    host = urlparse(url).hostname or ""
    if url.startswith(("data:", "blob:", "about:", "file:")) or host in LOCAL_HOSTS or host == "::1":
        route.continue_()
    else:
        route.abort()


def new_page(browser):
    """Return a page in a context of its own, cut off from every host but this machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", _route)
    return context, context.new_page()


def markers(page) -> int:
    return page.evaluate(COUNT_JS)


def wait_count(page, test: str, arg: int, timeout: float, polling: int = 250) -> bool:
    """Wait until `test` (a JS expression on n, the marker count, and arg) holds; False on timeout."""
    body = COUNT_JS[len("() => {") : -1]
    script = f"arg => {{ const n = (() => {{{body}}})(); return {test}; }}"
    try:
        page.wait_for_function(script, arg=arg, timeout=timeout * 1000, polling=polling)
        return True
    except Exception:  # noqa: BLE001 - a timeout is a result here
        return False


def settle(page, timeout: float = 120) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout * 1000)
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=timeout * 1000)


def load_time(browser, url: str, expected: int, timeout: float) -> tuple[float | None, object, object]:
    """Open the app; return seconds from navigation to `expected` markers drawn (None: timeout)."""
    context, page = new_page(browser)
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout * 1000)
    drawn = wait_count(page, "n >= arg", expected, timeout)
    return (time.perf_counter() - start if drawn else None), context, page


MARK_KEY_JS = (
    "() => { window.__benchKeyAt = Infinity; document.addEventListener('keydown', () => {"
    " window.__benchKeyAt = performance.timeOrigin + performance.now(); }, {capture: true, once: true}); }"
)
# The first view the map's site store applied after the key press that changed any marker, once drawn.
APPLIED_JS = (
    "() => { const f = document.querySelector('" + FRAME + "'); const s = f && f.contentWindow.__mapappSites;"
    " const key = window.__benchKeyAt; const hit = s && (s.log || []).find(e => e.applied > key && e.changed);"
    " return hit && hit.painted ? [hit.applied - key, hit.painted - key, hit.changed] : null; }"
)


def slider_change(page, key: str, expected: int, timeout: float = 60) -> dict:
    """Press `key` on the span's end thumb; return the times from the key press to the map updated.

    Times are read inside the page: the key press (a listener on the page) and the store's log of
    views applied (in the map's frame), so polling does not add to them or load the browser.
    `applied`: the markers changed; `painted`: the next frame drawn after. The marker count is then
    checked once against the filter's.
    """
    frame = page.locator(FRAME)
    frame.evaluate("f => { f.contentWindow.__bench_mounted = 1; }", timeout=timeout * 1000)
    before = markers(page)
    page.locator(THUMB).nth(1).focus(timeout=timeout * 1000)
    page.evaluate(MARK_KEY_JS)
    page.keyboard.press(key)
    applied = painted = None
    try:
        handle = page.wait_for_function(APPLIED_JS, timeout=timeout * 1000, polling=100)
        applied, painted, _ = (value / 1000 for value in handle.json_value())
    except Exception:  # noqa: BLE001 - a timeout is a result here
        pass
    try:
        settle(page, timeout)
    except Exception:  # noqa: BLE001 - reported through the figures above
        pass
    mounted = frame.evaluate("f => f.contentWindow.__bench_mounted === 1", timeout=timeout * 1000)
    after = markers(page)
    return {
        "applied": applied,
        "painted": painted,
        "count_ok": after == expected,
        "kept_mounted": bool(mounted),
        "before": before,
        "after": after,
    }


def wait_idle(app: App, timeout: float, quiet: float = 4.0, below: float = 5.0) -> float | None:
    """Wait until the server has used under `below` % CPU for `quiet` seconds; return when (None: timeout)."""
    start = time.monotonic()
    processes = [psutil.Process(app.process.pid)]
    processes += processes[0].children(recursive=True)
    calm_since = None
    while time.monotonic() - start < timeout:
        busy = 0.0
        for process in processes:
            try:
                busy += process.cpu_percent(interval=None)
            except psutil.NoSuchProcess:
                pass
        now = time.monotonic()
        if busy < below:
            calm_since = calm_since or now
            if now - calm_since >= quiet:
                return now - start
        else:
            calm_since = None
        time.sleep(0.5)
    return None


def visitors(browser, app: App, url: str, count: int, timeout: float) -> dict:
    """Open `count` more visitors at once; return the server's RSS once it has served them all.

    The server is done when its CPU falls quiet: the browsers may still be drawing, which does
    not change the server's memory.
    """
    peak = Peak(app)
    opened = []
    try:
        for _ in range(count):
            context, page = new_page(browser)
            page.goto(url, wait_until="commit", timeout=timeout * 1000)
            opened.append(context)
        time.sleep(5)  # let every session connect before waiting for quiet
        idle = wait_idle(app, timeout)
        settled_rss = app.rss()
    finally:
        top = peak.stop()
        for context in opened:
            context.close()
    return {"idle": idle, "rss": settled_rss, "peak": top}
