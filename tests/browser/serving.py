"""The deployment of scripts/serve.py (nginx in front of replicas) for the browser tests, and what its access log says."""

from __future__ import annotations

import importlib.util
import re
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("serve", ROOT / "scripts" / "serve.py")
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)
Deployment = serve.Deployment
LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) \d+ upstream=(?P<upstream>.+?) replica_key=(?P<key>\S+)')


def log_lines(deployment) -> list[dict[str, str]]:
    """Return the proxy's access log, one dict per request (method, path, status, upstream, key).

    `upstream` is the replica that answered; `tried` every one nginx tried, in order (a dead one first).
    """
    text = deployment.proxy.access_log.read_text(encoding="utf-8") if deployment.proxy.access_log.exists() else ""
    lines = [match.groupdict() for match in map(LINE.search, text.splitlines()) if match]
    for line in lines:
        line["tried"] = line["upstream"].split(", ")
        line["upstream"] = line["tried"][-1]
    return lines


def upstreams_of(deployment, key: str) -> set[str]:
    """Return the replicas (host:port) that served the requests carrying this affinity key."""
    return {line["upstream"] for line in log_lines(deployment) if line["key"] == key and line["upstream"] != "-"}


def cookie_of(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "mapapp_replica")


def key_for(deployment, replica, tries: int = 200) -> str:
    """Return an affinity key (a cookie value) that the proxy sends to `replica`."""
    for number in range(tries):
        key = f"probe{number}"
        request = urllib.request.Request(f"{deployment.url}/_stcore/health", headers={"Cookie": f"mapapp_replica={key}"})
        urllib.request.urlopen(request, timeout=5).close()
        if upstreams_of(deployment, key) == {f"127.0.0.1:{replica.port}"}:
            return key
    raise AssertionError(f"no key out of {tries} went to the replica on port {replica.port}")
