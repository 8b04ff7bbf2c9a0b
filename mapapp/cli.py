"""The command line: `python -m mapapp validate` and `python -m mapapp export`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from mapapp.assets import missing
from mapapp.boundaries import communes_geojson
from mapapp.dates import COUP
from mapapp.export import to_csv, to_geojson
from mapapp.filters import filter_catalog
from mapapp.i18n import DEFAULT_LANGUAGE
from mapapp.load import load_catalog
from mapapp.model import CATEGORIES, LANGUAGES, REGIONS
from mapapp.publish import PublishError, publish
from mapapp.sheet import sheet
from mapapp.standalone import standalone_html
from mapapp.victims import import_freire
from mapapp.viewstate import ViewState


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mapapp", description="Memory map of Chile 1973-1990.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every record; exit 1 if any is rejected")
    validate.add_argument("--data", help="data directory (default: $MAPAPP_DATA or geodata/)")
    export = commands.add_parser("export", help="write the filtered sites as GeoJSON, CSV or one HTML map")
    export.add_argument("--format", choices=("geojson", "csv", "html", "pdf", "png"), required=True)
    export.add_argument("--data", help="data directory (default: $MAPAPP_DATA or geodata/)")
    export.add_argument("--start", type=_day, help="first day of the span, YYYY-MM-DD (default: 1973-09-11)")
    export.add_argument("--end", type=_day, help="last day of the span, YYYY-MM-DD (default: open)")
    export.add_argument("--category", nargs="+", choices=CATEGORIES, help="categories to keep (default: all)")
    export.add_argument("--search", default="", help="text to look for in names and places")
    export.add_argument("--region", choices=REGIONS, help="keep only this region's sites")
    export.add_argument("--site", default="", help="html: the site to centre the map on")
    export.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="html: language (default: es)")
    export.add_argument("--offline", action="store_true", help="html: draw Chile's communes instead of map tiles")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    publisher = commands.add_parser("publish", help="write the whole record as a static site any host can serve")
    publisher.add_argument("dir", help="an empty folder, or one written by an earlier publish")
    publisher.add_argument("--data", help="data directory (default: $MAPAPP_DATA or geodata/)")
    importer = commands.add_parser("import", help="import a third-party dataset as a layer")
    importer.add_argument("dataset", choices=("freire",), help="freire: Freire et al. (2019), the Rettig victims")
    importer.add_argument("path", help="the dataset's CSV file, as published")
    importer.add_argument("--into", help="data directory to write the layer into (default: $MAPAPP_DATA or geodata/)")
    return parser


def _import(args: argparse.Namespace) -> int:
    code, report = import_freire(args.path, args.into)
    print(report)
    return code


def _publish(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.data)
    for rejection in catalog.rejections:
        print(f"not published: {rejection}", file=sys.stderr)
    try:
        written = publish(catalog, Path(args.dir))
    except PublishError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} files to {args.dir}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.data)
    loaded = (
        f"{len(catalog.sites)} sites, {len(catalog.testimony)} testimony, {len(catalog.events)} events, "
        f"{len(catalog.routes)} routes, {len(catalog.sources)} sources"
    )
    if not catalog.rejections:
        print(f"ok: {loaded}")
        return 0
    for rejection in catalog.rejections:
        print(rejection)
    print(f"{catalog.rejected_records()} records rejected; loaded {loaded}", file=sys.stderr)
    return 1


def _export(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.data)
    for rejection in catalog.rejections:
        print(f"not exported: {rejection}", file=sys.stderr)
    state = ViewState(
        start=args.start or COUP,
        end=args.end,
        categories=frozenset(args.category or CATEGORIES),
        text=args.search,
        region=args.region or "",
        site=args.site,
        lang=args.lang,
    )
    if state.end and state.end < state.start:
        print(f"error: --end {state.end} is before --start {state.start}", file=sys.stderr)
        return 2
    if state.site and state.site not in catalog.sites:
        print(f"error: --site {state.site!r} is not a site id", file=sys.stderr)
        return 2
    selection = filter_catalog(catalog, state.filter())
    if args.format in ("pdf", "png"):
        if not args.output:
            print(f"error: --format {args.format} needs -o FILE", file=sys.stderr)
            return 2
        Path(args.output).write_bytes(sheet(catalog, state, args.format))
        print(f"wrote {len(selection.sites)} sites to {args.output}", file=sys.stderr)
        return 0
    if args.format == "html":
        if missing():
            print(f"error: {', '.join(missing())} not installed: run `make assets`", file=sys.stderr)
            return 2
        communes = communes_geojson() if args.offline else None
        text = standalone_html(catalog, state, communes, offline=args.offline)
    elif args.format == "geojson":
        text = to_geojson(selection, catalog, state.filter())
    else:
        text = to_csv(selection, catalog)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {len(selection.sites)} sites to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"validate": _validate, "export": _export, "import": _import, "publish": _publish}
    return commands[args.command](args)
