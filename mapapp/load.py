"""Load the data directory: every valid record into a Catalog, every other one rejected.

A broken file or record never stops the load: it becomes a `Rejection` that names the file,
the record and the field, and everything else still loads. A record loses only the parts
that are at fault when it can stand without them (`mapapp.parsing`), and a record that
depends on a rejected one (testimony at a rejected site) is rejected naming that one.
"""

from __future__ import annotations

import contextlib
import gc
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mapapp import layout
from mapapp.datafiles import Unreadable, read_document, record_files
from mapapp.model import PART, RECORD, Catalog, Rejection
from mapapp.parsing import parse
from mapapp.schema import FOLDERS
from mapapp.schema_types import Known, describe

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "geodata"
ENV_DATA = "MAPAPP_DATA"  # documented in mapapp.settings
# The kinds other records refer to by id, by folder.
REFERRED = {"sources": "source", "sites": "site"}


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Return the data directory: the one given, else $MAPAPP_DATA, else the bundled geodata/."""
    chosen = explicit or os.environ.get(ENV_DATA) or DEFAULT_DATA
    return Path(chosen)


def _records_of(document: Any, key: str, label: str, rejections: list[Rejection]) -> list[Any]:
    records = document.get(key) if isinstance(document, dict) else None
    if not isinstance(records, list):
        got = describe(document) if not isinstance(document, dict) else f"keys {sorted(document)}"
        rejections.append(Rejection(label, "", key, f'an object with a list "{key}"', got))
        return []
    return records


def _record_name(data: dict, index: int) -> str:
    given = data.get("id")
    return given.strip() if isinstance(given, str) and given.strip() else f"record {index}"


class Folder:
    """The records of one folder as they load: by id, with the ids of those rejected."""

    def __init__(self, model: type[BaseModel], context: dict, rejections: list[Rejection]):
        self.model, self.context, self.rejections = model, context, rejections
        self.kind = model.__name__.removesuffix("Feature")
        self.found: dict[str, tuple[Any, str]] = {}
        self.rejected: set[str] = set()

    def add(self, data: Any, label: str, index: int) -> None:
        """Check one record of the file `label` and keep it, with the parts it could lose, or reject it."""
        if not isinstance(data, dict):
            self.rejections.append(
                Rejection(label, f"record {index}", "(record)", f"an object ({self.kind})", describe(data))
            )
            return
        name = _record_name(data, index)
        parsed = parse(self.model, data, self.context)
        if parsed.record is None:
            self.rejected.add(name)
            self.rejections.extend(
                Rejection(label, name, f.field, f.expected, f.got, RECORD, f.cause) for f in parsed.faults
            )
            return
        if parsed.record.id in self.found:
            first = self.found[parsed.record.id][1]
            self.rejections.append(Rejection(label, name, "id", f"an id not used before (used in {first})", name))
            return
        self.found[parsed.record.id] = (parsed.record, label)
        self.rejections.extend(
            Rejection(label, name, f.field, f.expected, f.got, PART, f.cause) for f in parsed.dropped
        )

    def read(self, path: Path, root: Path, key: str, inside: Path) -> None:
        """Add every record of one file; a file that cannot be read is one rejection."""
        label = f"{root.name}/{path.parent.name}/{path.name}"
        try:
            records = _records_of(read_document(path, root, inside), key, label, self.rejections)
            for index, data in enumerate(records, start=1):
                self.add(data, label, index)
        except Unreadable as error:
            self.rejections.append(Rejection(label, "", "(file)", error.expected, error.got))
        except Exception as error:  # noqa: BLE001 - the last guard: one file's surprise is that file's rejection
            got = f"{type(error).__name__}: {str(error)[:200]}"
            self.rejections.append(Rejection(label, "", "(file)", "a file the loader can read", got))

    def keep_in_layout(self, folder: str, sites: dict[str, Any]) -> None:
        """Reject the records not in the file the layout gives them (`mapapp.layout`)."""
        misplaced = layout.misplaced(folder, self.found, sites)
        self.rejections.extend(misplaced)
        files = {item.file for item in misplaced if not item.record}
        records = {item.record for item in misplaced if item.record}
        for record_id, (_record, label) in list(self.found.items()):
            if label in files or record_id in records:
                del self.found[record_id]
                self.rejected.add(record_id)

    def known(self) -> Known:
        return Known(frozenset(self.found), frozenset(self.rejected - set(self.found)))


def _no_files(root: Path) -> Rejection:
    folders = ", ".join(f"{folder}/" for folder in FOLDERS)
    return Rejection(
        str(root), "", "(directory)", "a data directory with record files", f"no .json/.geojson files in {folders}"
    )


@contextlib.contextmanager
def _no_cycle_collection():
    """Pause the cyclic garbage collector while the catalogue is built.

    Validation allocates a model per part of every record, and the domain objects it keeps
    survive; the collector would walk them again and again for cycles there are none of
    (about a fifth of the load's time). Reference counting still frees everything at once.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def load_catalog(root: str | os.PathLike | None = None) -> Catalog:
    """Load every record below the data directory; never raise, whatever the files hold."""
    with _no_cycle_collection():
        return _load(data_dir(root))


def _load(root: Path) -> Catalog:
    if not root.is_dir():
        return Catalog(rejections=(Rejection(str(root), "", "(directory)", "a data directory", "no such directory"),))
    rejections: list[Rejection] = []
    try:
        files = {folder: list(record_files(root, folder, FOLDERS[folder][0])) for folder in FOLDERS}
    except OSError as error:
        files = {}
        rejections.append(Rejection(str(root), "", "(directory)", "a readable data directory", str(error)))
    if not rejections and not any(files.values()):
        return Catalog(rejections=(_no_files(root),))
    context: dict[str, Known] = {}
    inside = root.resolve()
    loaded: dict[str, dict[str, Any]] = {}
    for folder, (_suffix, key, model) in FOLDERS.items():
        records = Folder(model, dict(context), rejections)
        for path in files.get(folder, ()):
            records.read(path, root, key, inside)
        records.keep_in_layout(folder, loaded.get("sites", {}))
        loaded[folder] = {record_id: record for record_id, (record, _label) in records.found.items()}
        if folder in REFERRED:
            context[REFERRED[folder]] = records.known()
    return Catalog(
        sources=loaded["sources"],
        sites=loaded["sites"],
        testimony=loaded["testimony"],
        events=loaded["events"],
        routes=loaded["routes"],
        tours=loaded["tours"],
        rejections=tuple(rejections),
    )
