"""Measure the people search (mapapp.people_search) on the real layer and on a list 17 times larger.

    .venv/bin/python scripts/bench_people.py [--size 40000] [--seed 1973] [--repeats 5]

Prints, for the real victims layer (2,398 people) and for a synthetic list of `--size`
people (the real first names and surnames recombined, with a fixed seed), the time to build
the index and the median and slowest time of a set of realistic queries (exact, without
accents, reordered, one surname, given name and surname, a typo, a name still being typed),
and the ratio of the two. Nothing is asserted: the figures are for reading.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapapp.people_search import PeopleIndex
from mapapp.victims import load_layer
from mapapp.victims_records import Person


def synthetic_people(people: tuple[Person, ...], size: int, seed: int) -> list[Person]:
    """Return `size` people: the real ones, then new ones whose names recombine real given names and surnames."""
    rng = random.Random(seed)
    paternal = [person.last_name.rsplit(" ", 1)[0] for person in people if " " in person.last_name]
    maternal = [person.last_name.rsplit(" ", 1)[1] for person in people if " " in person.last_name]
    given = [person.first_name for person in people if person.first_name]
    made = list(people)
    while len(made) < size:
        model = rng.choice(people)
        last_name = f"{rng.choice(paternal)} {rng.choice(maternal)}"
        made.append(replace(model, id=100_000 + len(made), first_name=rng.choice(given), last_name=last_name))
    return made


def realistic_queries(people: list[Person], seed: int) -> list[tuple[str, str]]:
    """Return (kind, query) pairs made from people of the list: the ways a visitor types a name."""
    rng = random.Random(seed)
    queries = []
    for person in rng.sample([p for p in people if " " in p.last_name and p.first_name], 8):
        given, (paternal, maternal) = person.first_name.split()[0], person.last_name.rsplit(" ", 1)
        queries += [
            ("exact", person.name),
            ("accent-free, lower case", person.name.lower().translate(str.maketrans("áéíóúñü", "aeiounu"))),
            ("reordered", f"{person.last_name} {person.first_name}"),
            ("one surname", paternal),
            ("given name + surname", f"{given} {paternal}"),
            ("typo", f"{given} {_typo(paternal, rng)} {maternal}"),
            ("still typing", f"{given} {paternal[:3]}"),
        ]
    return queries


def _typo(word: str, rng: random.Random) -> str:
    """Return the word with two neighbouring letters swapped (a word of under four letters as it is)."""
    if len(word) < 4:
        return word
    at = rng.randrange(len(word) - 1)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def measure(people: list[Person], queries: list[tuple[str, str]], repeats: int) -> dict:
    """Return build seconds (best of three), median and slowest seconds per query (each its best of `repeats`)."""
    builds = []
    for _ in range(3):
        start = time.perf_counter()
        index = PeopleIndex(people)
        builds.append(time.perf_counter() - start)
    times = []
    for _, query in queries:
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            index.search(query)
            runs.append(time.perf_counter() - start)
        times.append(min(runs))
    slowest = max(range(len(times)), key=times.__getitem__)
    return {
        "build": min(builds),
        "median": statistics.median(times),
        "slowest": times[slowest],
        "which": queries[slowest],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=40_000, help="people in the synthetic list")
    parser.add_argument("--seed", type=int, default=1973)
    parser.add_argument("--repeats", type=int, default=5, help="runs of each query; the best counts")
    args = parser.parse_args(argv)
    layer = load_layer()
    if layer is None:
        sys.exit("no victims layer in the data directory: run `python -m mapapp import freire PATH` first")
    real = list(layer.people)
    large = synthetic_people(layer.people, args.size, args.seed)
    queries = realistic_queries(real, args.seed)
    print(f"{len(queries)} queries ({', '.join(sorted({kind for kind, _ in queries}))}), best of {args.repeats} runs")
    rows = [(f"{len(real):,} (real)", measure(real, queries, args.repeats))]
    rows.append((f"{len(large):,} (synthetic)", measure(large, queries, args.repeats)))
    print(f"{'people':>20} {'build ms':>10} {'median ms':>10} {'slowest ms':>11}  slowest query")
    for label, row in rows:
        kind, query = row["which"]
        print(
            f"{label:>20} {row['build'] * 1e3:10.1f} {row['median'] * 1e3:10.3f} {row['slowest'] * 1e3:11.3f}"
            f"  {query!r} ({kind})"
        )
    small, big = rows[0][1], rows[1][1]
    ratio = " ".join(f"{key} {big[key] / small[key]:.1f}x" for key in ("build", "median", "slowest"))
    print(f"{'ratio':>20} {ratio}  (people {len(large) / len(real):.1f}x)")


if __name__ == "__main__":
    main()
