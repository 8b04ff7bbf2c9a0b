"""Serve the app as it scales out: nginx in front of N replicas, all on this machine.

    .venv/bin/python scripts/serve.py [--replicas N] [--port 8080] [--host 127.0.0.1]
        [--frame-ancestors "'self' https://platform.example"] [--site DIR]

Each replica is the app as `make run` starts it (`python -m mapui.server`) on a port of its own;
nginx (Debian's, `make proxy`) runs as a child of this process, in the foreground, with
deploy/nginx.conf filled in and written to a temporary folder: no system service, nothing
written outside that folder. A replica that dies is started again on its port; meanwhile nginx
sends its visitors to the others. Ctrl-C stops everything. `--site DIR` also serves a static
site written by `python -m mapapp publish DIR` at /site/.
"""

from __future__ import annotations

import argparse
import getpass
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf"
NGINX = os.environ.get("NGINX", shutil.which("nginx") or "/usr/sbin/nginx")
MIME_TYPES = "/etc/nginx/mime.types"
FAIL_TIMEOUT = 10  # seconds a replica that failed stays out of rotation before nginx tries it again


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str, timeout: float = 2) -> bool:
    """Return whether `url`/_stcore/health answers 200."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as answer:
            return answer.status == 200
    except OSError:
        return False


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: exited with {process.returncode}; see {log}")
        if healthy(url):
            return
        time.sleep(0.3)
    raise RuntimeError(f"{url}: /_stcore/health did not answer within {timeout:.0f} s; see {log}")


class Replica:
    """One Streamlit server running app.py on a local port, with its own environment."""

    def __init__(self, port: int, logs: Path, env: dict[str, str] | None = None):
        self.port, self.env = port, {**os.environ, **(env or {})}
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = logs / f"replica-{port}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Replica:
        command = [sys.executable, "-m", "mapui.server", "--server.port", str(self.port)]
        command += ["--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"]
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        return self

    def wait(self, timeout: float = 90) -> Replica:
        wait_healthy(self.url, self.process, self.log_path, timeout)
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """Kill the replica at once (SIGKILL), as a crash would."""
        if self.alive():
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def render_config(
    listen: str, ports: list[int], temp: Path, frame_ancestors: str = "*", site: Path | None = None
) -> str:
    """Return deploy/nginx.conf with its @NAMES@ filled in."""
    import streamlit

    servers = "".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout={FAIL_TIMEOUT}s;\n" for port in ports
    ).rstrip("\n")
    values = {
        "@USER_DIRECTIVE@": f"user {getpass.getuser()};" if os.geteuid() == 0 else "",
        "@TEMP@": str(temp),
        "@MIME_TYPES@": MIME_TYPES,
        "@UPSTREAM_SERVERS@": servers,
        "@LISTEN@": listen,
        "@FRAME_ANCESTORS@": frame_ancestors,
        "@ROOT@": str(ROOT),
        "@STREAMLIT_STATIC@": str(Path(streamlit.__file__).parent / "static"),
        "@SITE@": str(site or temp / "no-site"),
    }
    if any(char in frame_ancestors for char in '";{}\n'):
        raise ValueError(f"frame-ancestors: expected CSP sources such as \"'self' https://x.example\", got {frame_ancestors!r}")
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(name, value)
    return text


class Proxy:
    """nginx in the foreground, a child of this process, on a config written to a temporary folder."""

    def __init__(self, port: int, ports: list[int], temp: Path, host: str = "127.0.0.1", **options):
        if not Path(NGINX).is_file():
            raise RuntimeError(f"nginx is not installed at {NGINX}: run `make proxy` (Debian's nginx-light)")
        self.port, self.temp = port, temp
        self.url = f"http://127.0.0.1:{port}"
        (temp / "no-site").mkdir(exist_ok=True)
        self.config = temp / "nginx.conf"
        self.config.write_text(render_config(f"{host}:{port}", ports, temp, **options), encoding="utf-8")
        self.access_log = temp / "access.log"
        self.log_path = temp / "nginx-error.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Proxy:
        command = [NGINX, "-p", str(self.temp), "-c", str(self.config), "-e", "stderr", "-g", "daemon off;"]
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}: {self.log_path.read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"nginx did not listen on {self.port} within 15 s; see {self.log_path}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish the requests in flight
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Deployment:
    """N replicas and the proxy in front of them; `envs` gives a replica an environment of its own."""

    def __init__(
        self,
        replicas: int = 2,
        port: int | None = None,
        host: str = "127.0.0.1",
        frame_ancestors: str = "*",
        site: Path | None = None,
        envs: dict[int, dict[str, str]] | None = None,
    ):
        self.temp = Path(tempfile.mkdtemp(prefix="mapapp-serve-"))
        self.temp.chmod(0o755)  # nginx's workers may run as another user
        self.replicas = [Replica(free_port(), self.temp, (envs or {}).get(i)) for i in range(replicas)]
        options = {"frame_ancestors": frame_ancestors, "site": site}
        self.proxy = Proxy(port or free_port(), [r.port for r in self.replicas], self.temp, host, **options)
        self.url = self.proxy.url

    def start(self, wait_for: int | None = None) -> Deployment:
        """Start every replica, then the proxy once `wait_for` of them (default: all) answer their health check."""
        for replica in self.replicas:
            replica.start()
        for replica in self.replicas[: len(self.replicas) if wait_for is None else wait_for]:
            replica.wait()
        self.proxy.start()
        return self

    def replica_at(self, upstream: str) -> Replica:
        return next(r for r in self.replicas if upstream.endswith(f":{r.port}"))

    def restart_dead(self) -> list[Replica]:
        """Start again every replica that has died (on its own port); return them."""
        dead = [r for r in self.replicas if r.process is not None and not r.alive()]
        for replica in dead:
            replica.start()
        return dead

    def stop(self) -> None:
        self.proxy.stop()
        for replica in self.replicas:
            replica.stop()
        shutil.rmtree(self.temp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1", help="address nginx listens on (0.0.0.0: every interface)")
    parser.add_argument("--frame-ancestors", default="*", help="CSP frame-ancestors: who may embed the app")
    parser.add_argument("--site", type=Path, help="a folder written by `python -m mapapp publish`, served at /site/")
    args = parser.parse_args(argv)
    site = args.site.resolve() if args.site else None
    deployment = Deployment(args.replicas, args.port, args.host, args.frame_ancestors, site)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        deployment.start()
        print(f"serving {len(deployment.replicas)} replicas at http://{args.host}:{args.port}/ (Ctrl-C stops)")
        while True:
            for replica in deployment.restart_dead():
                print(f"replica on port {replica.port} died; started again (log: {replica.log_path})", flush=True)
            if deployment.proxy.process.poll() is not None:
                print(f"nginx exited; see {deployment.proxy.log_path}", file=sys.stderr)
                return 1
            time.sleep(1)
    except KeyboardInterrupt:
        return 0
    finally:
        deployment.stop()


if __name__ == "__main__":
    sys.exit(main())
