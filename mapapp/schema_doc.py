"""Write what the schema says for people and editors: README field tables and JSON Schema files.

Both come from the models of `mapapp.schema`, so they cannot drift from the validator;
`tests/test_schema_doc.py` fails when the committed files differ from what this writes.
Run `python -m mapapp.schema_doc` after changing a model.
"""

from __future__ import annotations

import json
import re
import sys
import types
from pathlib import Path
from typing import Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from mapapp.schema import FOLDERS, MODELS, file_model
from mapapp.schema_types import Doc

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
README = GEODATA / "README.md"
SCHEMA_DIR = GEODATA / "schema"
# Fields a point in Chile needs and a point abroad does not: the README calls them required.
UNLESS_ABROAD = ("commune", "region")
TABLE = re.compile(r"^<!-- fields: (\w+) -->\n(?:\|.*\n)*", re.M)
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _label(info: FieldInfo) -> str:
    """Return how the README names a field's type: the type's Doc, or the model it holds."""
    for item in info.metadata:
        if isinstance(item, Doc):
            return item.label
    annotation = info.annotation
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
    return annotation.__name__


def _required(model: type[BaseModel], name: str, info: FieldInfo) -> bool:
    return info.is_required() or (name in UNLESS_ABROAD and "abroad" in model.model_fields)


def field_table(model: type[BaseModel]) -> str:
    """Return the README table of one model: field, type, required, meaning."""
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        required = "yes" if _required(model, name, info) else "no"
        rows.append(f"| `{name}` | {_label(info)} | {required} | {info.description} |")
    return "\n".join(rows) + "\n"


def documented_kinds(text: str) -> list[str]:
    """Return the models the README has a generated table for, in order."""
    return TABLE.findall(text)


def update_readme(text: str) -> str:
    """Return the README with every generated table rewritten from the models."""
    return TABLE.sub(lambda found: found.group(0).split("\n", 1)[0] + "\n" + field_table(MODELS[found.group(1)]), text)


def schema_file_name(folder: str) -> str:
    """Return the JSON Schema file of a folder's files: sites/ -> site.schema.json."""
    kind = FOLDERS[folder][2].__name__.removesuffix("Feature").lower()
    return f"{kind}.schema.json"


def json_schema(folder: str) -> dict:
    """Return the JSON Schema of one whole file of `folder`."""
    schema = file_model(folder).model_json_schema()
    schema["title"] = f"A file of {folder}/ in the memory map's data"
    return {"$schema": DIALECT, "$id": schema_file_name(folder), **schema}


def schema_files() -> dict[str, str]:
    """Return {file name: text} of every JSON Schema file in geodata/schema/."""
    return {
        schema_file_name(folder): json.dumps(json_schema(folder), indent=2, ensure_ascii=False) + "\n"
        for folder in FOLDERS
    }


def write_all() -> list[Path]:
    """Rewrite the README tables and the JSON Schema files; return the files that changed."""
    changed = []
    text = README.read_text(encoding="utf-8")
    if update_readme(text) != text:
        README.write_text(update_readme(text), encoding="utf-8")
        changed.append(README)
    SCHEMA_DIR.mkdir(exist_ok=True)
    for name, content in schema_files().items():
        path = SCHEMA_DIR / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    for path in write_all():
        print(f"wrote {path}")
    sys.exit(0)
