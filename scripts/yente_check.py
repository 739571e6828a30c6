#!/usr/bin/env python3
"""Validates answers of gatecheck's `POST /match/{dataset}` with yente's own response
model (`yente.data.common.EntityMatchResponse`, from the PyPI package yente), as a yente
client would read them.

    python3 scripts/yente_check.py ANSWERS.json [ALGORITHMS.json]

ANSWERS.json holds a JSON list of answers; ALGORITHMS.json, when given, the answer of
`GET /algorithms`, checked with yente's `AlgorithmResponse`. Prints one line per answer
that fails, with pydantic's errors, and exits 1 if any does; prints how many were valid
otherwise.
"""
import json
import sys

from yente.data.common import AlgorithmResponse, EntityMatchResponse


def main():
    answers = json.load(open(sys.argv[1], encoding="utf-8"))
    failed = 0
    for at, answer in enumerate(answers):
        try:
            EntityMatchResponse.model_validate(answer)
        except Exception as error:  # pydantic's ValidationError, named in the output
            failed += 1
            print(f"answer {at}: {error}")
    if len(sys.argv) > 2:
        try:
            AlgorithmResponse.model_validate(json.load(open(sys.argv[2], encoding="utf-8")))
        except Exception as error:
            failed += 1
            print(f"/algorithms: {error}")
    if failed:
        sys.exit(1)
    print(f"{len(answers)} answers valid")


if __name__ == "__main__":
    main()
