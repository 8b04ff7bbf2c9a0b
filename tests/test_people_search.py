"""The people search (mapapp.people_search), on the real victims layer: names as people type them."""

from __future__ import annotations

from collections import defaultdict

import pytest

from mapapp.people_search import PARTICLES, PeopleIndex, index_for, name_words, one_edit, person_hint
from mapapp.victims import Person, find_people, load_layer


@pytest.fixture(scope="module")
def layer():
    found = load_layer()
    assert found is not None, "the victims layer (geodata/victims/freire2019.json) is missing"
    return found


def _person(layer, ident: int) -> Person:
    return next(person for person in layer.people if person.id == ident)


def _ids(layer, query: str, limit: int = 50) -> list[int]:
    return [person.id for person in find_people(layer, query, limit)]


# (query, individual_id of the person it must find): each one a way people type a name.
FOUND = [
    ("Víctor Lidio Jara Martinez", 25),  # exactly as the report writes it
    ("victor jara", 25),  # without accents, lower case, given name and first surname
    ("VICTOR JARA MARTINEZ", 25),
    ("Jara Martinez Victor", 25),  # surnames first
    ("martinez lidio", 25),  # second surname and second given name
    ("Victr Jara", 25),  # a letter dropped
    ("Viictor Jara", 25),  # a letter added
    ("Viktor Jara", 25),  # a letter changed
    ("Jara Martniez", 25),  # two letters swapped
    ("Jaar Martinez", 25),  # two letters swapped in a word of four
    ("jara mart", 25),  # the last word still being typed
    ("Victor Jara Gonzalez", 25),  # a wrong second surname: three words may miss one
    ("Littre Quiroga", 26),  # Littré
    ("Litre Quiroga", 26),
    ("Muñoz Miranda", 29),
    ("ramon munoz miranda", 29),  # Ramón Muñoz
    ("Munos Miranda Ramon", 29),
    ("Corredera", 1),  # one surname only
    ("Mercedes Corredera", 1),  # a given name and a surname
    ("Ruiz-Tagle", 1556),
    ("ruiz tagle", 1556),
    ("ruiztagle", 1556),
    ("Dall'Orzo", 962),
    ("dallorzo badilla", 962),
    ("Emilia de las Mercedes Ulloa", 1334),
    ("Emilia Mercedes Ulloa", 1334),  # the particles left out
    ("Felix de la Jara", 535),
    ("San Martin Sutherland", 8),
    ("Hernan Cea", 24),  # a surname of three letters, typed exactly
]


@pytest.mark.parametrize(("query", "ident"), FOUND)
def test_a_name_typed_as_people_type_it_finds_the_person(layer, query, ident):
    assert ident in _ids(layer, query), f"{query!r} does not find {_person(layer, ident).name}"


@pytest.mark.parametrize(
    ("query", "ident"),
    [
        ("Victor Jara", 25),
        ("Littre Quiroga", 26),
        ("Viktor Jara", 25),
        ("Martinez Jara Victor", 25),
        ("Ramon Jara Espinoza", 78),
        ("Corredera", 1),
    ],
)
def test_the_person_named_comes_first(layer, query, ident):
    assert _ids(layer, query)[0] == ident


# (query, individual_id it must not find): what is not one typo, or is too short for one.
NOT_FOUND = [
    ("Jara Matrinex", 25),  # two typos in one word
    ("Vcitro Jara", 25),  # two swaps in one word
    ("Jra Martinez", 25),  # a typo in a word of three letters
    ("Hernan Cae", 24),  # Cea: a swap in a word of three letters
    ("Victor Jara Martinez Lopez Diaz", 25),  # five words may miss one, not two
]


@pytest.mark.parametrize(("query", "ident"), NOT_FOUND)
def test_more_than_one_typo_per_word_is_not_tolerated(layer, query, ident):
    assert ident not in _ids(layer, query, limit=len(layer.people))


@pytest.mark.parametrize("query", ["xqzt", "Qwrtzy Plmbk", "zzzzzz", "", "   ", "- ' ."])
def test_nonsense_or_empty_finds_nobody(layer, query):
    assert find_people(layer, query) == []


def test_the_limit_holds(layer):
    assert len(find_people(layer, "Gonzalez", 7)) == 7
    assert find_people(layer, "Gonzalez", 0) == []


def test_every_person_is_found_by_their_own_name_reversed_and_folded(layer):
    index = index_for(layer)
    missed = [
        person.name
        for person in layer.people
        if person not in index.search(" ".join(reversed(name_words(person.name))), limit=10)
    ]
    assert missed == []


def test_every_person_is_found_with_a_typo_in_their_longest_word(layer):
    index = index_for(layer)
    missed = []
    for person in layer.people:
        words = [word for word in name_words(person.name) if word not in PARTICLES]
        longest = max(words, key=len)
        if len(longest) < 4:
            continue
        typo = longest[0] + longest[2] + longest[1] + longest[3:]  # the second and third letters swapped
        query = " ".join(typo if word == longest else word for word in words)
        if person not in index.search(query, limit=len(layer.people)):
            missed.append(query)
    assert missed == []


def test_exact_words_rank_before_prefixes_and_prefixes_before_typos(layer):
    found = find_people(layer, "Jara", len(layer.people))
    how = ["exact" if "jara" in name_words(p.name) else "prefix" if "jara" in p.name.lower() else "typo" for p in found]
    assert how == sorted(how, key=["exact", "prefix", "typo"].index)
    assert set(how) == {"exact", "prefix", "typo"}  # Jara, Jaramillo, and Lara are all there


def test_more_words_matched_rank_first(layer):
    query = ["ramon", "jara", "espinoza"]
    matched = [sum(word in name_words(p.name) for word in query) for p in find_people(layer, " ".join(query))]
    assert matched[0] == 3
    assert 2 in matched
    assert matched == sorted(matched, reverse=True)


def test_a_surname_lists_those_it_is_the_first_surname_of_first_in_surname_order(layer):
    found = find_people(layer, "Gonzalez", len(layer.people))
    surnames = [[word for word in name_words(p.last_name) if word not in PARTICLES] for p in found]
    first = [names for names in surnames if names[0] == "gonzalez"]
    assert surnames[: len(first)] == first
    assert len(first) > 10
    assert first == sorted(first)


def test_a_query_ending_in_a_space_has_its_last_word_complete(layer):
    assert 419 in _ids(layer, "Jaramillo")  # Benjamín Alfredo Jaramillo Ruz
    assert 419 in _ids(layer, "Ruz Jaram")
    assert 419 not in _ids(layer, "Ruz Jaram ")


def test_people_of_the_same_name_are_told_apart_by_their_hint(layer):
    both = find_people(layer, "jose fernando torres arenas")
    assert [person.id for person in both] == [61, 2114]
    assert len({person_hint(person, "en") for person in both}) == 2
    same_name = defaultdict(list)
    for person in layer.people:
        same_name[" ".join(name_words(person.name))].append(person)
    for people in same_name.values():
        assert len({person_hint(person, "es") for person in people}) == len(people), [p.id for p in people]


def test_people_of_the_same_surnames_are_told_apart_by_name_and_hint(layer):
    found = find_people(layer, "Perez Vargas")
    assert len(found) == 5
    assert len({(person.name, person_hint(person, "en")) for person in found}) == 5


@pytest.mark.parametrize(
    ("ident", "lang", "hint"),
    [
        (61, "en", "16 Sep - 18 Sep 1973 · Santiago"),
        (2114, "es", "11 sept - 18 sept 1973 · Office of the governorship in Santiago"),
        (2170, "en", "29 Sep 1974 · José Domingo Cañas"),  # its first place has no label: the next one
        (7, "en", "12 Sep 1973 · Intersection of Lo Sierra and Lo Espejo"),
    ],
)
def test_person_hint(layer, ident, lang, hint):
    assert person_hint(_person(layer, ident), lang) == hint


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Víctor Lidio Jara Martinez", ["victor", "lidio", "jara", "martinez"]),
        ("Dall'Orzo Badilla", ["dallorzo", "badilla"]),
        ("D\u00b4Orival Dall\u2019Orzo", ["dorival", "dallorzo"]),  # the acute accent and the curly apostrophe
        ("Ruiz-Tagle", ["ruiz", "tagle"]),
        ("Dr. Carlos", ["dr", "carlos"]),
        ("ÑUÑOA", ["nunoa"]),
        (" - . ", []),
    ],
)
def test_name_words(text, words):
    assert name_words(text) == words


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("jara", "jaara", True),  # inserted
        ("jara", "jra", True),  # dropped
        ("jara", "lara", True),  # changed
        ("jara", "jaar", True),  # swapped
        ("martinez", "matrinez", True),
        ("jara", "jara", False),  # the same word is an exact match, not a typo
        ("martinez", "matrinex", False),
        ("victor", "vcitro", False),
        ("jara", "jarasa", False),
        ("abc", "bca", False),
    ],
)
def test_one_edit(a, b, near):
    assert one_edit(a, b) is near
    assert one_edit(b, a) is near


def test_the_index_is_built_once_per_layer(layer):
    assert index_for(layer) is index_for(layer)
    other = load_layer()
    assert other is not layer
    assert index_for(other) is not index_for(layer)
    assert index_for(layer) is index_for(layer)


def test_an_index_of_part_of_the_layer_finds_only_that_part(layer):
    index = PeopleIndex(layer.people[:100])
    assert [person.id for person in index.search("Victor Jara")] == [25]
    assert 1275 in _ids(layer, "Bernardo Jara")
    assert index.search("Bernardo Jara") == []  # individual_id 1275 is not among the first 100
