"""The command line: `python -m mapapp validate` and `python -m mapapp export`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from mapapp.export import to_csv, to_geojson
from mapapp.filters import Filter, filter_catalog
from mapapp.load import load_catalog
from mapapp.model import CATEGORIES


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
    export = commands.add_parser("export", help="write the filtered sites as GeoJSON or CSV")
    export.add_argument("--format", choices=("geojson", "csv"), required=True)
    export.add_argument("--data", help="data directory (default: $MAPAPP_DATA or geodata/)")
    export.add_argument("--start", type=_day, help="first day of the span, YYYY-MM-DD (default: 1973-09-11)")
    export.add_argument("--end", type=_day, help="last day of the span, YYYY-MM-DD (default: open)")
    export.add_argument("--category", nargs="+", choices=CATEGORIES, help="categories to keep (default: all)")
    export.add_argument("--search", default="", help="text to look for in names and places")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    return parser


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
    wanted = Filter(
        start=args.start or Filter().start,
        end=args.end,
        categories=frozenset(args.category or CATEGORIES),
        text=args.search,
    )
    if wanted.end and wanted.end < wanted.start:
        print(f"error: --end {wanted.end} is before --start {wanted.start}", file=sys.stderr)
        return 2
    selection = filter_catalog(catalog, wanted)
    text = to_geojson(selection, catalog, wanted) if args.format == "geojson" else to_csv(selection, catalog)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {len(selection.sites)} sites to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return {"validate": _validate, "export": _export}[args.command](args)
