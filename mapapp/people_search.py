"""Find people of the victims layer by name, the way people type names.

A query matches a person when each of its words matches a word of the person's name, in any
order, given names and surnames alike: without accents or case ("munoz" finds "Muñoz"), with
one typo (a letter added, dropped, changed, or two swapped) in a word of four letters or more,
and with the last word still being typed (a prefix: "jara mart"). Particles ("de", "la",
"del") are left out of the query, so "Emilia Mercedes" and "Emilia de las Mercedes" find the
same person. A query of three words or more may miss one word (a wrong second surname).

Results rank by words matched, then fewer typos, then fewer prefixes, then whether a word
matched the first surname ("Jara" lists Jara Martinez before Alarcon Jara), then surname order.
`PeopleIndex` holds the names once, as an index of words and of the words' one-letter
deletions (SymSpell), so a query looks up a few keys instead of comparing itself with every
name; `index_for` keeps the index of a layer, built once. `person_hint` is the short line
(dates, first place) that tells two people of the same name apart.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence

from mapapp.filters import fold
from mapapp.victims_map import date_text
from mapapp.victims_records import ImportResult, Person

PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "e", "da", "do", "dos", "di", "van", "von"})
TYPO_MIN = 4  # a word shorter than this must be typed exactly (or as a prefix, when last)
EXACT, PREFIX, TYPO = 0, 1, 2  # how a query word matched a word of the name, best first
_APOSTROPHES = re.compile("['\u2019\u02bc`\u00b4]")  # dropped before folding: NFKD makes the acute a space
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def name_words(text: str) -> list[str]:
    """Return the words of a name or a query, folded ("Dall'Orzo Ruiz-Tagle" -> dallorzo, ruiz, tagle)."""
    return [word for word in _SEPARATORS.split(fold(_APOSTROPHES.sub("", text))) if word]


def _person_words(person: Person) -> set[str]:
    """Return the words a person is found by: each word, and a hyphenated name also joined ("ruiztagle")."""
    words = set(name_words(person.name))
    words.update("".join(name_words(part)) for part in person.name.split() if "-" in part)
    words.discard("")
    return words


def _surnames(person: Person) -> str:
    """Return the surnames as they sort: folded, particles left out ("De la Jara" sorts under J)."""
    return " ".join(word for word in name_words(person.last_name) if word not in PARTICLES)


def _deletions(word: str) -> set[str]:
    return {word[:at] + word[at + 1 :] for at in range(len(word))}


def one_edit(a: str, b: str) -> bool:
    """Return whether b is a one letter inserted, dropped, changed, or two neighbours swapped (a != b)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) < len(b):
        a, b = b, a
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(b))
    if len(a) > len(b):
        return a[at + 1 :] == b[at:]
    if a[at + 1 :] == b[at + 1 :]:
        return True
    return a[at : at + 2] == b[at : at + 2][::-1] and a[at + 2 :] == b[at + 2 :]


class PeopleIndex:
    """The names of a list of people, indexed for `search`; build it once per list."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.people = tuple(people)
        self._words = [tuple(_person_words(person)) for person in self.people]
        postings: dict[str, list[int]] = defaultdict(list)
        for number, words in enumerate(self._words):
            for word in words:
                postings[word].append(number)
        self._postings = dict(postings)
        self._vocabulary = sorted(self._postings)
        deleted: dict[str, list[str]] = defaultdict(list)
        for word in self._vocabulary:
            if len(word) >= TYPO_MIN:
                for shorter in _deletions(word):
                    deleted[shorter].append(word)
        self._deleted = dict(deleted)
        self._surname = [_surnames(person).partition(" ")[0] for person in self.people]
        self._order = [(_surnames(person), fold(person.first_name), person.id) for person in self.people]

    def _typos(self, word: str) -> set[str]:
        """Return the words of the index one edit away from `word`, both of TYPO_MIN letters or more."""
        if len(word) < TYPO_MIN:
            return set()
        shorter = _deletions(word)
        found = set(self._deleted.get(word, ()))  # a letter left out of the query
        found.update(short for short in shorter if len(short) >= TYPO_MIN and short in self._postings)
        for short in shorter:  # a letter changed, or two swapped: the same word once one is dropped
            found.update(self._deleted.get(short, ()))
        return {candidate for candidate in found if one_edit(word, candidate)}

    def _prefixed(self, word: str) -> list[str]:
        start = bisect_left(self._vocabulary, word)
        end = bisect_left(self._vocabulary, word + "\uffff", start)
        return self._vocabulary[start:end]

    def _matches(self, word: str, last: bool) -> dict[str, int]:
        """Return the words of the index that `word` matches, each with how (EXACT, PREFIX, TYPO)."""
        found = dict.fromkeys(self._typos(word), TYPO)
        if last:
            found.update(dict.fromkeys(self._prefixed(word), PREFIX))
        if word in self._postings:
            found[word] = EXACT
        return found

    def _reach(self, matches: dict[str, int]) -> set[int]:
        return {number for word in matches for number in self._postings[word]}

    def _rank(self, number: int, matches: list[dict[str, int]]) -> tuple:
        """Return the person's sort key for the query: words missed, typos, prefixes, surname, name."""
        words = self._words[number]
        how = [min((found[word] for word in words if word in found), default=None) for found in matches]
        by_surname = any(self._surname[number] in found for found in matches)
        return (how.count(None), how.count(TYPO), how.count(PREFIX), not by_surname, self._order[number])

    def search(self, query: str, limit: int = 50) -> list[Person]:
        """Return up to `limit` people the query finds, best first (the order is in the module's docstring)."""
        words = name_words(query)
        if not words or limit <= 0:
            return []
        if any(word not in PARTICLES for word in words):
            words = [word for word in words if word not in PARTICLES]
        typing = not query[-1].isspace()  # a query that ends in a space has its last word complete
        matches = [self._matches(word, typing and at == len(words) - 1) for at, word in enumerate(words)]
        may_miss = 1 if len(words) >= 3 else 0
        # Everyone found matches at least one of any may_miss + 1 words: start from the rarest.
        rarest = sorted(matches, key=lambda found: sum(len(self._postings[word]) for word in found))
        candidates = set().union(*(self._reach(found) for found in rarest[: may_miss + 1]))
        ranked = ((self._rank(number, matches), number) for number in candidates)
        best = heapq.nsmallest(limit, (item for item in ranked if item[0][0] <= may_miss))
        return [self.people[number] for _, number in best]


_INDEXES: dict[int, tuple[ImportResult, PeopleIndex]] = {}
_KEPT = 4  # layers whose index is kept; the app has one


def index_for(layer: ImportResult) -> PeopleIndex:
    """Return the index of the layer's people, built the first time it is asked for.

    A layer is immutable, so its index is too. The layer is held with its index, so its id
    cannot be reused by another layer while the entry lives.
    """
    entry = _INDEXES.get(id(layer))
    if entry is None or entry[0] is not layer:
        if len(_INDEXES) >= _KEPT:
            _INDEXES.pop(next(iter(_INDEXES)))
        entry = (layer, PeopleIndex(layer.people))
        _INDEXES[id(layer)] = entry
    return entry[1]


def person_hint(person: Person, lang: str) -> str:
    """Return the line that tells people of the same name apart: the dates and the first named place."""
    place = next((place.label.strip() for place in person.places if place.label.strip()), "")
    return " · ".join(part for part in (date_text(person, lang), place) if part)
