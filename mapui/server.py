"""Start the app as `make run` does: Streamlit's own server, with its metrics endpoint closed.

`python -m mapui.server [streamlit options]` runs `streamlit run app.py` with those options.
Streamlit answers `/_stcore/metrics` to anyone and has no setting to turn it off; the app
holds nothing private, but a public server should not describe its sessions and caches to
every visitor, so the route is left out unless MAPAPP_METRICS=1 (see `mapapp.settings`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mapapp import settings

APP = Path(__file__).resolve().parent.parent / "app.py"


def close_metrics() -> None:
    """Build Streamlit's server without its metrics route."""
    from streamlit.web.server.starlette import starlette_app

    starlette_app.create_metrics_routes = lambda runtime, base_url: []


def main(argv: list[str]) -> None:
    if not settings.metrics():
        close_metrics()
    from streamlit.web.cli import main as streamlit

    sys.argv = ["streamlit", "run", str(APP), *argv]
    streamlit()


if __name__ == "__main__":
    main(sys.argv[1:])
