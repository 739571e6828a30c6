#!/usr/bin/env python3
"""Validates answers of gatecheck's yente routes with yente's own models (the PyPI package
yente), as a yente client would read them.

    python3 scripts/yente_check.py ANSWERS.json

ANSWERS.json holds an object naming, for each of yente's models, a list of answers to
check with it: `EntityMatchResponse` (`POST /match/{dataset}`), `SearchResponse`
(`GET /search/{dataset}`), `EntityResponse` (`GET /entities/{id}`), `DataCatalogModel`
(`GET /catalog`), `AlgorithmResponse` (`GET /algorithms`), `StatusResponse`
(`GET /healthz`) and `ErrorResponse` (an error of those routes but a 422). Prints one line
per answer that fails, with pydantic's errors, and exits 1 if any does (or a model is
unknown); prints how many were valid otherwise.
"""
import json
import sys

from yente.data import common

MODELS = {
    name: getattr(common, name)
    for name in [
        "EntityMatchResponse",
        "SearchResponse",
        "EntityResponse",
        "DataCatalogModel",
        "AlgorithmResponse",
        "StatusResponse",
        "ErrorResponse",
    ]
}


def main():
    answers = json.load(open(sys.argv[1], encoding="utf-8"))
    failed = 0
    valid = 0
    for name, listed in answers.items():
        model = MODELS.get(name)
        if model is None:
            failed += 1
            print(f"{name}: not one of yente's models checked here")
            continue
        for at, answer in enumerate(listed):
            try:
                model.model_validate(answer)
                valid += 1
            except Exception as error:  # pydantic's ValidationError, named in the output
                failed += 1
                print(f"{name} {at}: {error}")
    if failed:
        sys.exit(1)
    print(f"{valid} answers valid")


if __name__ == "__main__":
    main()
