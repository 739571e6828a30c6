#!/usr/bin/env python3
"""Writes a set that screens the UN Security Council's consolidated list against itself:
each listed individual asked for by its primary name (FIRST_NAME ... FOURTH_NAME), with
the list's individuals (names and aliases of good quality) as the list. Every flag of
another entry is wrong: the list holds families (brothers, sons and fathers sharing most
of a name), so this measures how well relatives are told apart, as alert precision.

    python3 scripts/un_self.py ../shared/data/lists/un_consolidated_2026-02-27.xml OUTDIR

Writes OUTDIR/list.jsonl, OUTDIR/queries.jsonl and OUTDIR/truth.json, the layout
../shared/tools/score.py reads. Nothing of the list is copied into the repository.
"""
import json, pathlib, sys
import xml.etree.ElementTree as ET


def main():
    source, out = sys.argv[1], pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    tree = ET.parse(source)
    truth = {}
    with open(out / "list.jsonl", "w", encoding="utf-8") as listed, open(
        out / "queries.jsonl", "w", encoding="utf-8"
    ) as queries:
        for individual in tree.iter("INDIVIDUAL"):
            entity = individual.findtext("DATAID")
            parts = [
                (individual.findtext(field) or "").strip()
                for field in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
            ]
            name = " ".join(part for part in parts if part)
            if not entity or not name:
                continue
            aliases = [
                alias.findtext("ALIAS_NAME").strip()
                for alias in individual.iter("INDIVIDUAL_ALIAS")
                if (alias.findtext("ALIAS_NAME") or "").strip()
                and (alias.findtext("QUALITY") or "") != "Low"
            ]
            listed.write(json.dumps({"id": entity, "schema": "Person",
                                     "properties": {"name": [name], "alias": aliases[:20]}}) + "\n")
            queries.write(json.dumps({"id": "q" + entity, "schema": "Person",
                                      "properties": {"name": [name]}}) + "\n")
            truth["q" + entity] = entity
    (out / "truth.json").write_text(json.dumps(truth))


if __name__ == "__main__":
    main()
