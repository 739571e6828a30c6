#!/usr/bin/env python3
"""Writes a FollowTheMoney export shaped as OpenSanctions publishes one, of fictional
people, for measuring how fast a whole export is read and imported.

    scripts/ftm_export.py PERSONS > entities.ftm.json

For every person: one sanction; every second one a passport; every third an address
entity; every fourth a family tie to the next person; every tenth a company they own; and
a few entities of schemas gatecheck does not screen. The order is shuffled with a fixed
seed, as an export lists entities in any order.
"""
import json, random, sys

SYLLABLES = ["ka", "ri", "mo", "sa", "li", "na", "to", "ha", "de", "vi", "ru", "el", "an", "zu", "be", "or"]


def word(rng, n):
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def main():
    persons = int(sys.argv[1])
    rng = random.Random(2026)
    lines = []
    for at in range(persons):
        pid = f"p-{at}"
        props = {"name": [f"{word(rng, 2)} {word(rng, 3)}"], "birthDate": [f"{1950 + at % 50}-0{1 + at % 9}-1{at % 9}"], "nationality": [rng.choice(["iq", "sy", "ye", "ly", "so"])]}
        if at % 3 == 0:
            props["addressEntity"] = [f"addr-{at}"]
            lines.append({"id": f"addr-{at}", "schema": "Address", "properties": {"full": [f"{at} {word(rng, 2)} Street, {word(rng, 2)}"], "country": ["iq"]}})
        lines.append({"id": pid, "schema": "Person", "properties": props})
        lines.append({"id": f"san-{at}", "schema": "Sanction", "properties": {"entity": [pid], "authority": ["Security Council"], "program": ["Fictional programme"], "listingDate": ["2020-01-01"]}})
        if at % 2 == 0:
            lines.append({"id": f"pass-{at}", "schema": "Passport", "properties": {"holder": [pid], "number": [f"N{at:08d}"], "country": ["iq"]}})
        if at % 4 == 0 and at + 1 < persons:
            lines.append({"id": f"fam-{at}", "schema": "Family", "properties": {"person": [pid], "relative": [f"p-{at + 1}"], "relationship": ["brother"]}})
        if at % 10 == 0:
            lines.append({"id": f"c-{at}", "schema": "Company", "properties": {"name": [f"{word(rng, 3)} Trading"]}})
            lines.append({"id": f"own-{at}", "schema": "Ownership", "properties": {"owner": [pid], "asset": [f"c-{at}"], "percentage": ["51"]}})
        if at % 50 == 0:
            lines.append({"id": f"ev-{at}", "schema": "Event", "properties": {"name": ["Hearing"]}})
    rng.shuffle(lines)
    out = sys.stdout
    for line in lines:
        out.write(json.dumps(line, ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
