"""The import command: replace the stored victims layer only with a file that passes its checks.

A cut, truncated or shifted copy of `pinochet.csv` must never overwrite a good layer. The
new file is read in full first; it replaces the layer only when no row and no value of it
was left out, and it does not collapse the layer (fewer than `SHRINK` of the current
layer's people), unless the user says `--force`. The layer it replaces is kept beside it as
`freire2019.json.bak` (`BACKUP_SUFFIX`). Nothing is written otherwise.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from mapapp.load import DEFAULT_DATA, data_dir, load_catalog
from mapapp.victims import LAYER_FILE, load_layer, report_text, write_layer
from mapapp.victims_csv import read_freire
from mapapp.victims_places import PlacesError, load_places
from mapapp.victims_records import KEPT, FreireError, ImportResult

SHRINK = 0.9  # a new file with fewer people than this share of the current layer's is refused
BACKUP_SUFFIX = ".bak"
SHOWN = 5  # problems named in a refusal


def refusals(result: ImportResult, source: Path, current: ImportResult | None, current_path: Path) -> list[str]:
    """Return why the new result must not replace the current layer (empty when it may)."""
    reasons = []
    left_out = [problem for problem in result.problems if problem.effect != KEPT]
    for problem in left_out[:SHOWN]:
        reasons.append(f"{source}: {problem}")
    if len(left_out) > SHOWN:
        reasons.append(f"{source}: and {len(left_out) - SHOWN} more rows or values that do not parse")
    if current is not None and len(result.people) < SHRINK * len(current.people):
        reasons.append(
            f"{source}: {len(result.people):,} people, fewer than {SHRINK:.0%} of the {len(current.people):,} "
            f"in {current_path}: a cut or truncated file?"
        )
    return reasons


def _current(path_into: Path) -> tuple[ImportResult | None, str]:
    """Return the stored layer (None when there is none or it is unreadable) and a note when unreadable."""
    try:
        return load_layer(path_into), ""
    except FreireError as error:
        return None, f"the current layer could not be read ({error}); replacing it\n"


def backup(layer: Path) -> Path | None:
    """Copy the current layer to `<name>.bak` (replacing an older backup); return the copy, or None."""
    if not layer.is_file():
        return None
    kept = layer.with_name(layer.name + BACKUP_SUFFIX)
    temporary = layer.with_name(f".{kept.name}.tmp")
    shutil.copy2(layer, temporary)
    os.replace(temporary, kept)
    return kept


def _refused(reasons: list[str]) -> str:
    listed = "\n".join(f"error: {reason}" for reason in reasons)
    return f"{listed}\nthe layer was not replaced (use --force to replace it anyway); nothing written"


def import_freire(
    path: str | os.PathLike, into_dir: str | os.PathLike | None = None, force: bool = False
) -> tuple[int, str]:
    """Import pinochet.csv into the data directory; return (exit code, report text). Print nothing.

    The places are checked against the curated sites of `into_dir` (of the bundled geodata/
    when it has none) and linked to them through its `victims/places.json` (the bundled one
    when it has none). Exit 0: imported. Exit 1: imported with `force`, but some rows or
    values were not (listed in the report). Exit 2: nothing imported and nothing written
    (the report says why: the file, the row and what is wrong).
    """
    into = data_dir(into_dir)
    layer = into / LAYER_FILE
    catalog = load_catalog(into)
    if not catalog.sites:  # a new data directory: check against the bundled curated sites
        catalog = load_catalog(DEFAULT_DATA)
    try:
        result = read_freire(path, catalog, load_places(into))
    except (FreireError, PlacesError) as error:
        return 2, f"error: {error}\nnothing written"
    current, note = _current(into)
    reasons = refusals(result, Path(path), current, layer)
    if reasons and not force:
        return 2, _refused(reasons)
    try:
        kept = backup(layer)
        written = write_layer(result, into)
    except OSError as error:
        return 2, f"error: cannot write {error.filename or layer}: {error.strerror or error}\nnothing written"
    forced = "".join(f"replaced with --force although {reason}\n" for reason in reasons)
    saved = f"previous layer kept as {kept}\n" if kept else ""
    left_out = any(problem.effect != KEPT for problem in result.problems)
    return (1 if left_out else 0), (
        f"{note}{report_text(result)}\nchecked against {len(catalog.sites)} curated sites\n"
        f"{forced}{saved}wrote {written}"
    )
