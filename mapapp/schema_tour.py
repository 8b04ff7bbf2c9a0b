"""The schema of a guided tour (`tours/<id>.json`): its title, author, languages and steps.

Each step is a view of the map given as the URL gives one, a short text of the tour author's
own, and the sources of the record it rests on. See `mapapp.tours` for how a step is played.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, PlainValidator, ValidationInfo, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from mapapp import model
from mapapp.schema_parts import Citation, Part, cite
from mapapp.schema_types import Doc, Id, String, Text, describe, fault, list_of, reference
from mapapp.tours import read_view


def _languages(value: Any) -> tuple[str, ...]:
    good = isinstance(value, list) and value and all(item in model.LANGUAGES for item in value)
    if not good or len(set(value)) != len(value):
        raise fault("a list of languages, each once: " + ", ".join(model.LANGUAGES))
    return tuple(value)


Languages = Annotated[
    tuple[str, ...],
    PlainValidator(_languages),
    WithJsonSchema(
        {"type": "array", "items": {"enum": list(model.LANGUAGES)}, "minItems": 1, "uniqueItems": True}
    ),
    Doc("list of `es`, `en`"),
]
VIEW_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^\??[a-z]+=[^&]*(&[a-z]+=[^&]*)*$"},
        {"type": "object", "additionalProperties": {"type": ["string", "number", "array"]}},
    ]
}


class TourStep(Part):
    view: Annotated[Any, Doc("query string or object")] = Field(
        description="the map's view at this step, as the URL gives it: a query string "
        '(`"day=1973-10-16&site=topater&zoom=9"`) or an object of the same parameters '
        "(`start`, `end`, `day`, `cat`, `q`, `region`, `site`, `person`, `center`, `zoom`, `layers`)",
        json_schema_extra=VIEW_SCHEMA,
    )
    text: Text = Field(description="what the step shows, in the tour author's own words")
    sources: list_of(Citation, 1) = Field(description="the sources of the record the text rests on")

    @field_validator("view", mode="before")
    @classmethod
    def _view(cls, value: Any, info: ValidationInfo) -> tuple[tuple[str, str], ...]:
        try:
            pairs = read_view(value)
        except ValueError as error:
            raise fault(f"a view: {error}", got=describe(value)) from None
        site = dict(pairs).get("site")
        if site:
            try:
                reference(info, "site", site)
            except PydanticCustomError as error:  # the site's own fault, said of the view's field
                cause = (error.context or {}).get("cause", "")
                raise fault("a view whose `site` is a site that loaded", got=site, cause=cause) from None
        return pairs

    def build(self) -> model.TourStep:
        return model.TourStep(self.view, self.text, cite(self.sources))


def _cause(error: Exception) -> str:
    return str((getattr(error, "context", None) and error.context.get("cause")) or "")


class Tour(Part):
    id: Id = Field(description="unique among tours; the file is named by it")
    title: Text = Field(description="the tour's title")
    author: String = Field(description="who wrote the tour's texts")
    languages: Languages = Field(description="the languages its texts are written in")
    steps: list_of(TourStep, 1) = Field(description="the steps, in the order they are played")

    def build(self) -> model.Tour:
        steps = tuple(step.build() for step in self.steps)
        return model.Tour(self.id, self.title, self.author, self.languages, steps)
