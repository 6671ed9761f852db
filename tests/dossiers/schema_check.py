"""A small JSON Schema checker for the keywords our published schema uses.

jsonschema is not a dependency; this covers type, const, enum, properties, required,
additionalProperties: false, items, anyOf, $ref to #/$defs, minimum/maximum and the
date / date-time formats, which is everything dossier-register-1.schema.json contains.
An unknown keyword fails loudly, so the schema cannot outgrow the checker unnoticed.
"""

from __future__ import annotations

import re
from typing import Any

TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}
FORMATS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "date-time": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$"),
}
ANNOTATIONS = {"$schema", "$id", "title", "description", "$defs"}


def _is_type(value: Any, name: str) -> bool:
    if name in ("integer",) and isinstance(value, bool):
        return False
    return isinstance(value, TYPES[name])


def validate(value: Any, schema: dict, root: dict | None = None, path: str = "$") -> list[str]:
    root = root or schema
    errors: list[str] = []
    for key, rule in schema.items():
        if key in ANNOTATIONS or key in ("properties", "additionalProperties"):
            continue
        if key == "$ref":
            target = root
            for part in rule.removeprefix("#/").split("/"):
                target = target[part]
            errors += validate(value, target, root, path)
        elif key == "type":
            names = rule if isinstance(rule, list) else [rule]
            if not any(_is_type(value, n) for n in names):
                errors.append(f"{path}: {value!r} is not {names}")
        elif key == "const":
            if value != rule:
                errors.append(f"{path}: {value!r} != {rule!r}")
        elif key == "enum":
            if value not in rule:
                errors.append(f"{path}: {value!r} not in {rule}")
        elif key == "required":
            if isinstance(value, dict):
                errors += [f"{path}: missing {k}" for k in rule if k not in value]
        elif key == "items":
            if isinstance(value, list):
                for i, item in enumerate(value):
                    errors += validate(item, rule, root, f"{path}[{i}]")
        elif key == "anyOf":
            if all(validate(value, option, root, path) for option in rule):
                errors.append(f"{path}: {value!r} matches none of anyOf")
        elif key == "minimum":
            if isinstance(value, int) and value < rule:
                errors.append(f"{path}: {value} < {rule}")
        elif key == "maximum":
            if isinstance(value, int) and value > rule:
                errors.append(f"{path}: {value} > {rule}")
        elif key == "format":
            if isinstance(value, str) and not FORMATS[rule].match(value):
                errors.append(f"{path}: {value!r} is not a {rule}")
        else:
            raise AssertionError(f"schema keyword {key} not supported by the test checker")
    if isinstance(value, dict) and "properties" in schema:
        for name, sub in schema["properties"].items():
            if name in value:
                errors += validate(value[name], sub, root, f"{path}.{name}")
        if schema.get("additionalProperties") is False:
            errors += [f"{path}: unexpected {k}" for k in value if k not in schema["properties"]]
    return errors
