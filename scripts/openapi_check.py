"""Checks real answers of gatecheck's API against the schemas its OpenAPI document gives
them (crates/server/tests/openapi_contract.rs).

    python scripts/openapi_check.py DOCUMENT.json EXCHANGES.json

EXCHANGES.json is a list of {"method", "path" (as documented, `/v1/records/{id}`),
"status", "body"}: each JSON body is validated, with jsonschema's Draft 2020-12 validator
(OpenAPI 3.1's dialect), against the schema of its status's `application/json` content,
`$ref`s resolved within the document. Prints every answer refused and exits 1 if any was.
"""

import json
import sys

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:gatecheck:openapi"


def main(document_path, exchanges_path):
    with open(document_path, encoding="utf-8") as file:
        document = json.load(file)
    with open(exchanges_path, encoding="utf-8") as file:
        exchanges = json.load(file)
    registry = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    refused = 0
    for exchange in exchanges:
        where = f"{exchange['method'].upper()} {exchange['path']} {exchange['status']}"
        status = str(exchange["status"])
        response = document["paths"][exchange["path"]][exchange["method"]]["responses"][status]
        pointer = "/".join(
            ["", "paths", _escaped(exchange["path"]), exchange["method"], "responses", status]
        )
        if "$ref" in response:
            pointer = response["$ref"].lstrip("#")
        # the schema read where it stands in the document, so that its $refs resolve
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": f"{DOCUMENT_URI}#{pointer}/content/application~1json/schema",
        }
        validator = jsonschema.Draft202012Validator(schema, registry=registry)
        errors = sorted(validator.iter_errors(exchange["body"]), key=lambda e: list(e.path))
        for error in errors:
            refused += 1
            path = "/".join(str(part) for part in error.absolute_path)
            print(f"{where}: at /{path}: {error.message[:300]}")
    print(f"{len(exchanges)} answers checked, {refused} refusals")
    return 1 if refused else 0


def _escaped(segment):
    return segment.replace("~", "~0").replace("/", "~1")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
