"""The command line: `python -m mapapp validate`, `export`, `publish` and `import`.

Whatever comes from the data is printed through `mapapp.escape.terminal`, so a control
character in a record cannot drive the terminal. A file that cannot be written is one line,
`error: cannot write FILE: reason`, and exit code 2; `export -o` never replaces a file
unless told `--force`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import sys
from pathlib import Path

from mapapp import escape
from mapapp.assets import missing
from mapapp.boundaries import communes_geojson
from mapapp.dates import COUP
from mapapp.export import to_csv, to_geojson
from mapapp.filters import filter_catalog
from mapapp.geocode_command import add_arguments as geocode_arguments
from mapapp.geocode_command import run as geocode
from mapapp.i18n import DEFAULT_LANGUAGE
from mapapp.load import load_catalog
from mapapp.model import CATEGORIES, LANGUAGES, REGIONS
from mapapp.publish import PublishError, publish
from mapapp.sheet import sheet
from mapapp.standalone import standalone_html
from mapapp.victims import load_layer
from mapapp.victims_import import import_freire
from mapapp.victims_records import FreireError
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
    export.add_argument(
        "-o", "--output", help="file to write (default: standard output); never replaced unless --force"
    )
    export.add_argument("--force", action="store_true", help="replace the -o file when it exists")
    publisher = commands.add_parser("publish", help="write the whole record as a static site any host can serve")
    publisher.add_argument("dir", help="an empty folder, or one written by an earlier publish")
    publisher.add_argument("--data", help="data directory (default: $MAPAPP_DATA or geodata/)")
    publisher.add_argument(
        "--base-url",
        default="",
        help="where the site will be served (https://...): its pages' permanent addresses and oEmbed answers (oembed/)",
    )
    importer = commands.add_parser("import", help="import a third-party dataset as a layer")
    importer.add_argument("dataset", choices=("freire",), help="freire: Freire et al. (2019), the Rettig victims")
    importer.add_argument("path", help="the dataset's CSV file, as published")
    importer.add_argument("--into", help="data directory to write the layer into (default: $MAPAPP_DATA or geodata/)")
    importer.add_argument(
        "--force", action="store_true", help="replace the layer even when rows do not parse or it loses people"
    )
    geocode_arguments(commands.add_parser("geocode", help="place sites by their address on INE's address points"))
    return parser


def _say(text: object, to=None) -> None:
    """Print text that may come from data (to stdout by default), its control characters shown as escapes."""
    print(escape.terminal(text, keep_newlines=True), file=to or sys.stdout)


def cannot_write(path: object, error: BaseException) -> str:
    """Return the one-line message for a file that cannot be written."""
    if isinstance(error, FileExistsError):
        reason = "it exists; use --force to replace it"
    else:
        reason = getattr(error, "strerror", None) or str(error)
    return f"error: cannot write {getattr(error, 'filename', None) or path}: {reason}"


def write_output(path: str, data: bytes, force: bool) -> str:
    """Write data to path (refusing an existing file unless force); return an error line, or ''."""
    try:
        if os.path.isdir(path):  # "xb" would call a directory a file that exists
            raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
        with open(path, "wb" if force else "xb") as out:
            out.write(data)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        return cannot_write(path, error)
    return ""


def _import(args: argparse.Namespace) -> int:
    code, report = import_freire(args.path, args.into, force=args.force)
    _say(report, sys.stderr if code == 2 else sys.stdout)
    return code


def _victims_layer(data: str | None):
    """Return the data's victims layer for the data package, or None (saying why, when it cannot be read)."""
    try:
        return load_layer(data)
    except FreireError as error:
        _say(f"not published: the victims layer: {error}", sys.stderr)
        return None


def _publish(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.data)
    for rejection in catalog.rejections:
        _say(f"not published: {rejection}", sys.stderr)
    try:
        written = publish(catalog, Path(args.dir), victims=_victims_layer(args.data), base_url=args.base_url)
    except PublishError as error:
        _say(f"error: {error}", sys.stderr)
        return 2
    except (OSError, ValueError) as error:
        _say(cannot_write(args.dir, error), sys.stderr)
        return 2
    _say(f"wrote {len(written)} files to {args.dir}")
    return 0


def _victims(data: str | None) -> tuple[str, str]:
    """Return (what the victims layer holds, why it cannot be read); an absent layer is fine."""
    try:
        layer = load_layer(data)
    except FreireError as error:
        return "", str(error)
    return ("" if layer is None else f", {len(layer.people)} people in the victims layer"), ""


def _validate(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.data)
    people, broken = _victims(args.data)
    loaded = (
        f"{len(catalog.sites)} sites, {len(catalog.testimony)} testimony, {len(catalog.events)} events, "
        f"{len(catalog.routes)} routes, {len(catalog.tours)} tours, {len(catalog.sources)} sources{people}"
    )
    if not catalog.rejections and not broken:
        _say(f"ok: {loaded}")
        return 0
    for rejection in catalog.rejections:
        _say(escape.terminal(rejection))
    if broken:
        _say(escape.terminal(broken))
    partial = f", {catalog.partial_records()} loaded without a broken part" if catalog.partial_records() else ""
    _say(f"{catalog.rejected_records()} records rejected{partial}; loaded {loaded}", sys.stderr)
    return 1


def _export(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.data)
    for rejection in catalog.rejections:
        _say(f"not exported: {escape.terminal(rejection)}", sys.stderr)
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
        return _written(args, sheet(catalog, state, args.format), len(selection.sites))
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
        return _written(args, text.encode("utf-8"), len(selection.sites))
    sys.stdout.write(text)
    return 0


def _written(args: argparse.Namespace, data: bytes, count: int) -> int:
    failed = write_output(args.output, data, args.force)
    if failed:
        _say(failed, sys.stderr)
        return 2
    _say(f"wrote {count} sites to {args.output}", sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"validate": _validate, "export": _export, "import": _import, "publish": _publish, "geocode": geocode}
    return commands[args.command](args)
