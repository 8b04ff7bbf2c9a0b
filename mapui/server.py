"""Start the app as `make run` does: Streamlit's own server, with its metrics endpoint closed
and the oEmbed routes added (`mapui.oembed_routes`).

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
    """Build Streamlit's server with its metrics route answering 404 Not Found."""
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from streamlit.web.server.starlette import starlette_app, starlette_routes

    def closed(request) -> PlainTextResponse:
        return PlainTextResponse("Not Found", status_code=404)

    def routes(runtime, base_url) -> list:
        path = starlette_routes._with_base(starlette_routes.ROUTE_METRICS, base_url)
        return [Route(path, closed, methods=["GET", "OPTIONS"])]

    starlette_app.create_metrics_routes = routes


def add_oembed() -> None:
    """Build Streamlit's server with the oEmbed routes before its own (its last route answers any path)."""
    from streamlit.web.server.starlette import starlette_app

    from mapui import oembed_routes

    streamlit_routes = starlette_app.create_streamlit_routes

    def routes(runtime) -> list:
        return [*oembed_routes.routes(), *streamlit_routes(runtime)]

    starlette_app.create_streamlit_routes = routes


def main(argv: list[str]) -> None:
    add_oembed()
    if not settings.metrics():
        close_metrics()
    from streamlit.web.cli import main as streamlit

    sys.argv = ["streamlit", "run", str(APP), *argv]
    streamlit()


if __name__ == "__main__":
    main(sys.argv[1:])
