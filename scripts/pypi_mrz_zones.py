#!/usr/bin/env python3
"""Zones written by the PyPI `mrz` package, an implementation independent of ours, for
`crates/cli/tests/mrz_pypi.rs`: TD1, TD2 and TD3 zones with their true document number,
each once as generated and once with one digit of its document number changed, as a reader
that misreads a digit would give it.

Usage: pypi_mrz_zones.py COUNT SEED  ->  JSON lines {"format", "zone", "number",
"corrupted"} on standard output (COUNT corrupted zones and COUNT clean ones).
"""
import json
import random
import sys

from mrz.generator.td1 import TD1CodeGenerator
from mrz.generator.td2 import TD2CodeGenerator
from mrz.generator.td3 import TD3CodeGenerator

# numbers rich in the characters an OCR-B reader confuses, as real series are
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "01256 8OIQDZSGBL".replace(" ", "") * 2
SURNAMES = ["HADDAD", "ERIKSSON", "OKAFOR", "NGUYEN", "MUELLER", "AL RASHID", "SILVA"]
GIVEN = ["YUSUF", "ANNA MARIA", "CHIDI", "LAN", "KARL", "FATIMA", "JOAO PEDRO"]
STATES = ["UTO", "JOR", "D", "SYR", "ESP", "FRA", "NGA", "VNM", "BRA", "GBR", "EGY", "IRQ"]


def number(rng):
    while True:
        text = "".join(rng.choice(ALPHABET) for _ in range(9))
        if any(c.isdigit() for c in text):
            return text


def date(rng, first, last):
    return "%02d%02d%02d" % (rng.randint(first, last) % 100, rng.randint(1, 12), rng.randint(1, 28))


def zone(rng, shape, document_number):
    state, nationality = rng.choice(STATES), rng.choice(STATES)
    surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
    birth, expiry = date(rng, 1940, 2005), date(rng, 2026, 2035)
    sex = rng.choice("MF")
    if shape == "TD1":
        code = TD1CodeGenerator("I", state, document_number, birth, sex, expiry, nationality,
                                surname, given)
    elif shape == "TD2":
        code = TD2CodeGenerator("I", state, surname, given, document_number, nationality,
                                birth, sex, expiry)
    else:
        code = TD3CodeGenerator("P", state, surname, given, document_number, nationality,
                                birth, sex, expiry)
    return str(code)


def corrupt(rng, shape, text):
    """One digit of the document number changed to another digit."""
    lines = text.split("\n")
    row, start = (0, 5) if shape == "TD1" else (1, 0)
    field = lines[row][start:start + 9]
    places = [i for i, c in enumerate(field) if c.isdigit()]
    at = rng.choice(places)
    digit = rng.choice([d for d in "0123456789" if d != field[at]])
    line = lines[row]
    lines[row] = line[:start + at] + digit + line[start + at + 1:]
    return "\n".join(lines)


def main():
    count, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    for index in range(count):
        shape = ("TD1", "TD2", "TD3")[index % 3]
        document_number = number(rng)
        text = zone(rng, shape, document_number)
        for corrupted in (False, True):
            shown = corrupt(rng, shape, text) if corrupted else text
            print(json.dumps({"format": shape, "zone": shown, "number": document_number,
                              "corrupted": corrupted}))


if __name__ == "__main__":
    main()
