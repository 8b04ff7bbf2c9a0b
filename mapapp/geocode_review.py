"""Review INE address points proposed for sites placed only by their town.

Every site with an address and a `locality`, `commune` or `approximate` point is tried: its
address is read (`mapapp.addresses`), looked up in INE's points (`mapapp.geocode`), and the
point found is checked against the record: no farther than `FAR_KM` from the site's current
point, inside the commune the record states, and not rejected on review (`REVIEWED`).
`mapapp.geocode_command` prints the proposals and applies the accepted ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mapapp import boundaries
from mapapp.addresses import NotAnAddress, parse_address
from mapapp.geocode import AddressPoints, Placed, Unplaced, km_between, reason_text

TRIED = ("locality", "commune", "approximate")  # only these precisions are ever changed
INE_SOURCE = "ine-direcciones-2021"
FAR_KM = 30.0  # farther than this from the town the record puts it in: suspicious, not applied

# Matches rejected on review by a curator, site id -> why (es/en would be overkill: curators read this).
REVIEWED: dict[str, str] = {}

CHECK_REASONS = {
    "far": f"the INE point is more than {FAR_KM:.0f} km from the site's current point",
    "outside-commune": "the INE point is not in the commune the record states",
    "reviewed": "rejected on review",
}


@dataclass(frozen=True)
class Proposal:
    """What the command found for one site: a point to apply, or why not."""

    site: object  # the catalog's Site
    placed: Placed | None = None
    reason: str = ""  # empty when the point is accepted
    detail: str = ""
    applied: bool = False  # already placed by INE in the record

    @property
    def accepted(self) -> bool:
        return self.placed is not None and not self.reason and not self.applied

    def km(self) -> float | None:
        """Return the distance in km from the site's current point to the INE point."""
        if self.placed is None:
            return None
        return km_between(self.site.lon, self.site.lat, self.placed.lon, self.placed.lat)

    def outcome(self) -> str:
        """Return the result column of the table."""
        if self.applied:
            return "placed by INE (already applied)"
        point = (
            f"{self.placed.lat:.6f}, {self.placed.lon:.6f} ({self.km():.2f} km): {self.placed.label()}"
            if self.placed
            else ""
        )
        if not self.reason:
            return point
        why = reason_text(self.reason) if self.reason not in CHECK_REASONS else CHECK_REASONS[self.reason]
        why = f"{why}: {self.detail}" if self.detail else why
        return f"not placed: {why}" + (f" [{point}]" if point else "")


def placed_by_ine(site) -> bool:
    """Tell whether a site's point is already INE's point for its address."""
    cited = {citation.source for citation in site.location.sources}
    return site.location.precision == "street" and INE_SOURCE in cited


def candidates(catalog, only: list[str] | None = None) -> list:
    """Return the sites with an address to try (or already placed by INE), sorted by region and id."""
    chosen = [
        site
        for site in catalog.sites.values()
        if site.address and not site.abroad and (site.location.precision in TRIED or placed_by_ine(site))
    ]
    if only:
        chosen = [site for site in chosen if site.id in only]
    return sorted(chosen, key=lambda site: (site.region, site.id))


def propose(site, points: AddressPoints) -> Proposal:
    """Return the proposal for one site: INE's point for its address, checked, or why not."""
    if placed_by_ine(site):
        return Proposal(site, applied=True)
    address = parse_address(site.address)
    if isinstance(address, NotAnAddress):
        return Proposal(site, reason=address.reason, detail=address.detail)
    found = points.locate(address, site.commune)
    if isinstance(found, Unplaced):
        return Proposal(site, reason=found.reason, detail=found.detail)
    return _checked(Proposal(site, found))


def _checked(proposal: Proposal) -> Proposal:
    site, placed = proposal.site, proposal.placed
    if proposal.km() > FAR_KM:
        return Proposal(site, placed, "far", f"{proposal.km():.1f} km")
    outside = boundaries.mismatch(placed.lon, placed.lat, site.commune, site.region)
    if outside:
        return Proposal(site, placed, "outside-commune", outside)
    if site.id in REVIEWED:
        return Proposal(site, placed, "reviewed", REVIEWED[site.id])
    return proposal


def address_sources(site, sources: dict) -> list[str]:
    """Return the ids of the sources that give the site's address.

    Those the location note names ("la dirección es la que da Memoria Viva"), among the
    site's own sources; when the note names none, the site's own sources. The sources of
    the old town-level coordinate are never taken for the address's.
    """
    old = {citation.source for citation in site.location.sources}
    own = [citation.source for citation in site.sources if citation.source not in old]
    own = list(dict.fromkeys(own))
    note = " ".join(site.location.note.get(language) or "" for language in ("es", "en")).lower()
    named = [source for source in own if source in sources and _publisher_named(sources[source].publisher, note)]
    return named or own


def _publisher_named(publisher: str, note: str) -> bool:
    name = re.split(r"[(,/]", publisher)[0].strip().lower()
    return len(name) > 3 and name in note
