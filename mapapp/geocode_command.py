"""`python -m mapapp geocode`: place sites by their published address on INE's address points.

Without `--apply` it prints a table (site, address, commune, precision, and the INE point
with its distance from the current point, or why none); `--apply` writes the accepted points
into the region files; `--report FILE` writes the summary per region (docs/geocoding.md).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from mapapp import escape
from mapapp.geocode import INE_ADDRESSES, AddressPoints, reason_text
from mapapp.geocode_review import CHECK_REASONS, Proposal, candidates, propose
from mapapp.geocode_write import apply, drop_sources, uncited
from mapapp.load import data_dir, load_catalog
from mapapp.model import REGIONS

SHARED = 3  # a point shared by more sites than this is reported


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the geocode command's options to its sub-parser."""
    parser.add_argument("--data", help="data directory (default: $MAPAPP_DATA or geodata/)")
    parser.add_argument("--apply", action="store_true", help="write the accepted points into the region files")
    parser.add_argument("--site", nargs="+", metavar="ID", help="try only these sites")
    parser.add_argument("--report", metavar="FILE", help="write the summary per region (Markdown) to FILE")
    parser.add_argument("--addresses", default=str(INE_ADDRESSES), help="INE's address points (parquet)")


def proposals_for(catalog, addresses: str, only: list[str] | None) -> list[Proposal]:
    """Return a proposal for every site with an address to try."""
    sites = candidates(catalog, only)
    points = AddressPoints.read(addresses, {site.commune for site in sites if site.commune})
    return [propose(site, points) for site in sites]


def table(proposals: list[Proposal]) -> str:
    """Return the review table: site, address, commune, precision, result."""
    lines = ["site | address | commune | precision | result"]
    for proposal in proposals:
        site = proposal.site
        lines.append(f"{site.id} | {site.address} | {site.commune} | {site.location.precision} | {proposal.outcome()}")
    accepted = sum(proposal.accepted for proposal in proposals)
    lines.append(f"{len(proposals)} sites tried, {accepted} points accepted")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run the command; return its exit code (1 when the record does not load cleanly)."""
    catalog = load_catalog(args.data)
    if catalog.rejections:
        for rejection in catalog.rejections:
            print(escape.terminal(f"rejected: {rejection}"), file=sys.stderr)
        print("error: fix the record's rejections before geocoding it", file=sys.stderr)
        return 1
    proposals = proposals_for(catalog, args.addresses, args.site)
    print(escape.terminal(table(proposals), keep_newlines=True))
    if args.apply:
        catalog = _apply(args.data, proposals, catalog)
        for rejection in catalog.rejections:
            print(escape.terminal(f"rejected after applying: {rejection}"), file=sys.stderr)
        proposals = proposals_for(catalog, args.addresses, args.site)
        if catalog.rejections:
            return 1
    if args.report:
        Path(args.report).write_text(report(proposals, catalog), encoding="utf-8")
        print(f"wrote {args.report}")
    return 0


def _apply(data: str | None, proposals: list[Proposal], catalog):
    """Write the accepted points; drop the old coordinates' sources nothing cites any more."""
    replaced = {c.source for p in proposals if p.accepted for c in p.site.location.sources}
    written = apply(data_dir(data), proposals, catalog.sources)
    print(f"wrote {', '.join(written) or 'nothing'}")
    orphans = uncited(load_catalog(data), replaced)
    if orphans:
        drop_sources(data_dir(data), orphans)
        print(f"dropped from the bibliography, no longer cited: {', '.join(sorted(orphans))}")
    return load_catalog(data)


def _status(proposal: Proposal) -> str:
    if proposal.applied:
        return "placed"
    return "accepted" if proposal.accepted else proposal.reason


def report(proposals: list[Proposal], catalog) -> str:
    """Return the Markdown summary: per region, tried, placed and not placed by reason."""
    by_region: dict[str, Counter] = {}
    for proposal in proposals:
        by_region.setdefault(proposal.site.region, Counter())[_status(proposal)] += 1
    reasons = sorted({key for counts in by_region.values() for key in counts} - {"placed", "accepted"})
    header = ["region", "tried", "placed", "accepted, not applied", *reasons]
    rows = [f"| {' | '.join(header)} |", f"|{'---|' * len(header)}"]
    total = Counter()
    for region in [name for name in REGIONS if name in by_region]:
        counts = by_region[region]
        total.update(counts)
        rows.append(_row(region, counts, reasons))
    rows.append(_row("**all**", total, reasons))
    legend = [f"- `{key}`: {CHECK_REASONS.get(key) or reason_text(key)}" for key in reasons]
    return "\n".join([*_intro(), *rows, "", "Reasons:", "", *legend, "", *_placed(proposals), *_shared(catalog)]) + "\n"


def _row(label: str, counts: Counter, reasons: list[str]) -> str:
    cells = [label, sum(counts.values()), counts["placed"], counts["accepted"], *(counts[key] for key in reasons)]
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _intro() -> list[str]:
    return [
        "# Sites placed by their published address",
        "",
        "Written by `python -m mapapp geocode --report docs/geocoding.md`; do not edit by hand.",
        "",
        "Each site with an address and a point at `locality`, `commune` or `approximate` precision is",
        "tried against INE's 2021 urban address points (commune, then street, then the exact house",
        "number). A point is applied only if it is within 30 km of the site's old point, inside the",
        "commune the record states, and not rejected on review; it then has `street` precision and",
        "cites the address's source and `ine-direcciones-2021`. The INE data lack most of central",
        "Santiago and parts of other cities: an address not found there is not thereby wrong.",
        "",
    ]


def _placed(proposals: list[Proposal]) -> list[str]:
    lines = ["## Placed by INE", ""]
    for proposal in proposals:
        if proposal.applied:
            site = proposal.site
            at = next(c.at for c in site.location.sources if c.source == "ine-direcciones-2021")
            lines.append(f"- `{site.id}`: {site.address} -> {at} ({site.lat:.6f}, {site.lon:.6f})")
    return [*lines, ""]


def _shared(catalog) -> list[str]:
    points = Counter((site.lon, site.lat) for site in catalog.sites.values() if not site.abroad)
    shared = {point: count for point, count in points.items() if count > SHARED}
    return [
        "## Shared points",
        "",
        f"{len(shared)} points are shared by more than {SHARED} sites ({sum(shared.values())} sites in all).",
    ]
