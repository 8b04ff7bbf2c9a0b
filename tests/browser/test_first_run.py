"""The first command a newcomer types: `make run`, in an environment built from the runtime requirements alone.

Regression (issue 14): the core imported orjson, which only the dev requirements installed, so a
fresh `make run` showed `ModuleNotFoundError` instead of the map while every test passed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from conftest import ROOT, free_port

pytestmark = pytest.mark.browser

VENV = ROOT / "test-artifacts" / "runtime-venv"  # a venv of its own, never the test venv


@pytest.fixture(scope="module")
def make_run(artifacts):
    """Start the app exactly as the README says (`make run`), with its own venv of runtime packages."""
    port = free_port()
    log = open(ROOT / "test-artifacts" / "make-run.log", "w")  # noqa: SIM115
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    process = subprocess.Popen(
        ["make", "run", f"VENV={VENV}", f"PORT={port}", "PYTHON=python3"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # make, python and streamlit: stopped together
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # the first run installs the runtime requirements
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"`make run` exited with {process.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(1)
        else:
            pytest.fail(f"`make run` did not serve the app within 10 minutes; see {log.name}")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_the_runtime_venv_holds_no_test_tool(make_run):
    for module in ("pytest", "playwright", "ruff"):
        found = subprocess.run([str(VENV / "bin" / "python"), "-c", f"import {module}"], capture_output=True)
        assert found.returncode != 0, f"{module} is installed in the runtime venv: it would hide a missing requirement"


def test_make_run_serves_the_map_with_no_error(make_run, visit):
    page = visit(f"{make_run}/?lang=en")
    page.map.locator(".site-cluster, .site-marker").first.wait_for(timeout=60000)
    assert page.sites_shown() > 100
    assert page.page.locator("[data-testid='stException']").count() == 0
    assert page.page.get_by_text("ModuleNotFoundError").count() == 0
    assert page.page.get_by_role("heading", name="Memory map: Chile 1973-1990").count() == 1


def test_the_metrics_endpoint_is_closed(make_run):
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(f"{make_run}/_stcore/metrics", timeout=10)
    assert answer.value.code == 404


def test_the_metrics_endpoint_opens_when_the_setting_says_so(artifacts):
    from conftest import Server

    app = Server({"MAPAPP_METRICS": "1"})
    try:
        with urllib.request.urlopen(f"{app.url}/_stcore/metrics", timeout=10) as answer:
            assert answer.status == 200
            # Streamlit's metrics, not the page its catch-all route answers unknown paths with.
            assert "openmetrics" in answer.headers["Content-Type"]
    finally:
        app.stop()
