"""Faults behind the proxy: a replica killed while a visitor is on it, the proxy up before a replica
is, and a replica whose data holds a broken file.
"""

from __future__ import annotations

import shutil
import time

import pytest
from serving import Deployment, cookie_of, key_for, log_lines, upstreams_of

from mapapp.filters import Filter, filter_catalog
from mapapp.i18n import t
from mapapp.load import DEFAULT_DATA, load_catalog

pytestmark = pytest.mark.browser

VIEW = "lang=en&start=1973-10-01&end=1974-12-31&site=la-moneda"
CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"


def expected_sites(catalog=None) -> int:
    import datetime as dt

    wanted = Filter(start=dt.date(1973, 10, 1), end=dt.date(1974, 12, 31))
    return len(filter_catalog(catalog or load_catalog(), wanted).sites)


def test_a_visitor_on_a_killed_replica_reconnects_to_the_other_and_the_view_comes_back(artifacts, visit):
    deployment = Deployment(replicas=2).start()
    try:
        page = visit(f"{deployment.url}/?{VIEW}")
        page.page.locator("article.site-card[data-site='la-moneda']").wait_for(timeout=30000)
        page.sites_shown(expected_sites())
        key = cookie_of(page.context)
        (upstream,) = upstreams_of(deployment, key)
        victim = deployment.replica_at(upstream)
        before = len(log_lines(deployment))
        victim.kill()
        # The page notices, reconnects through the proxy, which sends it to the replica left.
        page.page.wait_for_selector("[data-test-connection-state]:not([data-test-connection-state='CONNECTED'])")
        page.page.wait_for_selector(CONNECTED, timeout=60000)
        page.settle()
        page.page.locator("article.site-card[data-site='la-moneda']").wait_for(timeout=30000)
        page.sites_shown(expected_sites())
        assert "site=la-moneda" in page.page.url
        assert "start=1973-10-01" in page.page.url
        after = {line["upstream"] for line in log_lines(deployment)[before:] if line["key"] == key}
        survivor = next(r for r in deployment.replicas if r is not victim)
        assert f"127.0.0.1:{survivor.port}" in after
        page.shot("proxy-after-a-replica-died")
    finally:
        deployment.stop()


def test_the_proxy_starts_while_a_replica_is_still_starting_and_visitors_are_served(artifacts, visit):
    deployment = Deployment(replicas=2).start(wait_for=0)  # nginx up before any replica answers
    try:
        deployment.replicas[0].wait()
        started = time.monotonic()
        pages = [visit(f"{deployment.url}/?{VIEW}") for _ in range(3)]
        for page in pages:
            page.page.locator("article.site-card[data-site='la-moneda']").wait_for(timeout=30000)
            page.sites_shown(expected_sites())
        assert time.monotonic() - started < 120
        assert not [line for line in log_lines(deployment) if line["status"].startswith("5")]
    finally:
        deployment.stop()


def test_a_replica_on_broken_data_says_records_not_shown_and_serves_the_rest(artifacts, visit, tmp_path):
    broken = shutil.copytree(DEFAULT_DATA, tmp_path / "geodata")
    (broken / "sites" / "antofagasta.geojson").write_text('{"type": "FeatureCollection", "features": [', "utf-8")
    catalog = load_catalog(broken)
    assert 0 < len(catalog.sites) < len(load_catalog().sites)
    deployment = Deployment(replicas=2, envs={1: {"MAPAPP_DATA": str(broken)}}).start()
    try:
        page = visit("about:blank", app=False)
        key = key_for(deployment, deployment.replicas[1])
        page.context.add_cookies([{"name": "mapapp_replica", "value": key, "url": deployment.url}])
        page.open(f"{deployment.url}/?lang=en&start=1973-10-01&end=1974-12-31")
        count = catalog.rejected_records()
        notice = t("ui.rejected_notice", "en", count=count)
        page.page.get_by_text(notice).first.wait_for(timeout=30000)
        page.sites_shown(expected_sites(catalog))
        assert upstreams_of(deployment, key) == {f"127.0.0.1:{deployment.replicas[1].port}"}
        sound = visit("about:blank", app=False)  # a visitor on the other replica gets the whole record
        sound_key = key_for(deployment, deployment.replicas[0])
        sound.context.add_cookies([{"name": "mapapp_replica", "value": sound_key, "url": deployment.url}])
        sound.open(f"{deployment.url}/?lang=en&start=1973-10-01&end=1974-12-31")
        sound.sites_shown(expected_sites())
        assert sound.page.get_by_text(notice).count() == 0
    finally:
        deployment.stop()
