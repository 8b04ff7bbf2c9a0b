"""Read the data files safely: regular files inside the data folder, of bounded size and depth.

Nothing here blocks or raises for a bad file: a symlink that leaves the folder or points at
nothing, a named pipe, a device, a socket, a file too large or nested too deep, bad UTF-8 or
bad JSON each become an `Unreadable` that says what was expected and what was found.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mapapp.schema_types import JsonConstant

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64  # the deepest record nests 11 levels
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class Unreadable(Exception):
    """A data file that cannot be read as a record file."""

    def __init__(self, expected: str, got: str):
        super().__init__(f"expected {expected}, got {got}")
        self.expected, self.got = expected, got


def record_files(root: Path, folder: str, suffix: str) -> Iterator[Path]:
    """Yield the files of one folder with the suffix, in name order (a folder that is missing has none)."""
    where = root / folder
    if where.is_dir():
        yield from sorted(path for path in where.iterdir() if path.name.endswith(suffix))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "nothing"


def _check_place(path: Path, inside: Path) -> None:
    """Refuse a path that is not a regular file inside the folder `inside` (resolved), without opening it."""
    try:
        if not path.resolve().is_relative_to(inside):
            raise Unreadable("a file inside the data folder", f"a link to {_target(path)}")
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise Unreadable("a file that exists", f"a link to {_target(path)}, which is missing") from None
    except (OSError, RuntimeError) as error:  # a loop of links raises RuntimeError in resolve()
        raise Unreadable("a readable file", str(error)) from None
    if not stat.S_ISREG(mode):
        raise Unreadable("a regular file", _kind(mode))


def _read_bytes(path: Path) -> bytes:
    """Read at most MAX_FILE_BYTES; open without blocking, and check again what was opened."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise Unreadable("a readable file", error.strerror or str(error)) from None
    with os.fdopen(handle, "rb") as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not stat.S_ISREG(mode):  # swapped for something else since it was checked
            raise Unreadable("a regular file", _kind(mode))
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(f"a file of at most {MAX_FILE_BYTES:,} bytes", f"more than {MAX_FILE_BYTES:,} bytes")
    return data


def nested_deeper(node: Any, levels: int = MAX_DEPTH) -> bool:
    """Return whether a parsed document nests arrays and objects more than `levels` deep."""
    if levels < 1:
        return isinstance(node, (dict, list))
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    return any(nested_deeper(child, levels - 1) for child in children if isinstance(child, (dict, list)))


def read_document(path: Path, root: Path, inside: Path | None = None) -> Any:
    """Return the JSON document of one data file; raise Unreadable when it is not one.

    `inside` is `root` resolved, when the caller has it already (one resolution per load).
    """
    _check_place(path, inside or root.resolve())
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark some editors write is not an error
    except UnicodeDecodeError as error:
        raise Unreadable("a UTF-8 file", str(error)) from None
    too_deep = Unreadable(f"JSON nested at most {MAX_DEPTH} levels deep", "deeper nesting")
    try:
        document = json.loads(text, parse_constant=JsonConstant)
    except json.JSONDecodeError as error:
        raise Unreadable("valid JSON", f"{error.msg} at line {error.lineno}, column {error.colno}") from None
    except RecursionError:  # json's own guard, far deeper than MAX_DEPTH
        raise too_deep from None
    if nested_deeper(document):
        raise too_deep
    return document
