"""Published addresses, read and normalised so they compare with INE's address points.

Both sides go through the same functions: `street_key` (accents, case, punctuation, `Av.`,
`Calle`, `Pasaje`, titles such as `Gral.`, number words), `commune_key` and `number_key`.
`parse_address` reads a published address ("Arturo Prat 1147, Antofagasta") into a street
and a house number, or says why it names no single numbered place (a description, an
intersection, a range, no number).

A house number's leading zero is kept: in Chilean numbering `0963` is on the other side of
the street's axis from `963` (in Temuco the two can be kilometres apart).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Street classes a published address or INE's street name may begin with -> INE's street_class.
CLASSES = {
    "AV": "AVENIDA", "AVDA": "AVENIDA", "AVENIDA": "AVENIDA",
    "CALLE": "CALLE", "CLL": "CALLE",
    "PASAJE": "PASAJE", "PJE": "PASAJE", "PSJE": "PASAJE",
}  # fmt: skip
ABBREVIATIONS = {
    "GRAL": "GENERAL", "CNEL": "CORONEL", "CRL": "CORONEL", "PDTE": "PRESIDENTE", "STA": "SANTA",
    "STO": "SANTO", "DR": "DOCTOR", "CAP": "CAPITAN", "CAPT": "CAPITAN", "TTE": "TENIENTE",
    "SGTO": "SARGENTO", "ALM": "ALMIRANTE", "CMDTE": "COMANDANTE", "PBRO": "PRESBITERO",
}  # fmt: skip
NUMBER_WORDS = {
    word: str(value)
    for value, words in enumerate(
        [
            (), ("UNO", "PRIMERO", "PRIMERA"), ("DOS", "SEGUNDO", "SEGUNDA"), ("TRES", "TERCERO", "TERCERA"),
            ("CUATRO", "CUARTO", "CUARTA"), ("CINCO", "QUINTO", "QUINTA"), ("SEIS", "SEXTO", "SEXTA"),
            ("SIETE", "SEPTIMO", "SEPTIMA"), ("OCHO", "OCTAVO", "OCTAVA"), ("NUEVE", "NOVENO", "NOVENA"),
            ("DIEZ", "DECIMO", "DECIMA"), ("ONCE",), ("DOCE",), ("TRECE",), ("CATORCE",), ("QUINCE",),
            ("DIECISEIS",), ("DIECISIETE",), ("DIECIOCHO",), ("DIECINUEVE",), ("VEINTE",), ("VEINTIUNO",),
        ]
    )
    for word in words
}  # fmt: skip
# Words that say who a street honours, not which street it is: left out of its distinctive words.
TITLES = frozenset(
    "GENERAL CORONEL PRESIDENTE CAPITAN TENIENTE SARGENTO SOLDADO DOCTOR ALMIRANTE COMANDANTE "
    "MARISCAL LIBERTADOR PRESBITERO OBISPO DE DEL LA LAS LOS EL Y".split()
)

DESCRIPTION = re.compile(
    r"\b(km|kilometros?|a un[oa]s?|al (norte|sur|este|oeste|oriente|poniente|nordeste|noreste|sureste|suroeste)|"
    r"cerca|junto|frente|detras|afueras|sector|recinto|camino a|ruta)\b"
)
INTERSECTION = re.compile(r"\b(esquina|con|entre|tramo|altura)\b|\sy\s")
RANGE = re.compile(r"\d+\s*[-–/]\s*\d+")
NUMBERS_ONLY = re.compile(r"\d+[a-z]?(\s*(y|e|-)\s*\d+[a-z]?)*")  # "3224 y 3230", after "Matta 3220,"
NUMBERED = re.compile(r"^(?P<street>.*[a-z].*?)\s+(?P<number>\d+)\s*-?\s*(?P<suffix>[a-z])?$")
NUMBER_SIGN = re.compile(r"(?:\bn[º°o]\.?|#)(?=\s*\d)", re.IGNORECASE)  # "Nº 710", "N° 710", "No. 710", "#710"


@dataclass(frozen=True)
class StreetAddress:
    """A published address read as one street and one house number."""

    street: str  # as published, e.g. "Av. Bernardo O'Higgins"
    number: str  # as published, leading zero kept, letter suffix upper case: "0963", "724B"
    street_class: str = ""  # INE's class when the address names one (AVENIDA, CALLE, PASAJE)


@dataclass(frozen=True)
class NotAnAddress:
    """Why a published address names no single numbered place."""

    reason: str  # one of REASONS
    detail: str = ""


REASONS = {
    "no-address": "no address in the record",
    "description": "a description of where the place is, not a street address",
    "intersection": "an intersection or a stretch of street, not a numbered address",
    "range": "several house numbers or a range",
    "no-number": "no house number (none, or s/n)",
    "two-numbers": "the address gives more than one numbering (then and now, or two sources)",
}


def plain(text: str) -> str:
    """Return text without accents, upper case, apostrophes dropped, other punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).upper()
    bare = re.sub("['\u2019`\u00b4]", "", bare)  # apostrophes, typed or typographic, and accents
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", bare).split())


def commune_key(name: str) -> str:
    """Return the key that matches a commune of the official division with INE's name for it."""
    key = plain(name)
    return {"AISEN": "AYSEN", "COIHAIQUE": "COYHAIQUE"}.get(key, key)  # INE spells these two with Y


def split_class(name: str) -> tuple[str, str]:
    """Return (INE street class or '', the street key without it)."""
    words = [ABBREVIATIONS.get(word, word) for word in plain(name).split()]
    words = [NUMBER_WORDS.get(word, word.lstrip("0") or "0" if word.isdigit() else word) for word in words]
    found = ""
    while len(words) > 1 and words[0] in CLASSES:
        named = CLASSES[words.pop(0)]
        found = found or named
    return found, " ".join(words)


def street_key(name: str) -> str:
    """Return a street name normalised for comparison ("Av. Gral. O'Higgins" -> "GENERAL OHIGGINS")."""
    return split_class(name)[1]


def distinctive(key: str) -> frozenset[str]:
    """Return the words of a street key that tell it apart (no titles, no articles)."""
    return frozenset(word for word in key.split() if word not in TITLES)


def number_key(number: str) -> str:
    """Return a house number for comparison: upper case, no spaces or hyphens, leading zero kept."""
    return re.sub(r"[\s\-.]", "", plain(number or ""))


def _lower_plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower().strip()


def parse_address(address: str) -> StreetAddress | NotAnAddress:
    """Read a published address as a street and a number, or say why it is not one."""
    if not address or not address.strip():
        return NotAnAddress("no-address")
    asides = re.findall(r"\(([^)]*)\)", address)
    segments = [part.strip() for part in re.sub(r"\([^)]*\)", " ", address).split(",")]
    first = _lower_plain(segments[0])
    if DESCRIPTION.search(first):
        return NotAnAddress("description", segments[0])
    if INTERSECTION.search(first):
        return NotAnAddress("intersection", segments[0])
    if RANGE.search(first) or any(NUMBERS_ONLY.fullmatch(_lower_plain(part)) for part in segments[1:]):
        return NotAnAddress("range", address)
    found = NUMBERED.match(" ".join(NUMBER_SIGN.sub(" ", first).split()))
    if not found:
        return NotAnAddress("no-number", segments[0])
    if any(re.search(r"\d", aside) for aside in asides):
        return NotAnAddress("two-numbers", "; ".join(asides))
    published = NUMBER_SIGN.sub(" ", segments[0])
    street = published.rsplit(found.group("number"), 1)[0].strip(" ,")
    number = found.group("number") + (found.group("suffix") or "").upper()
    return StreetAddress(street, number, split_class(street)[0])
