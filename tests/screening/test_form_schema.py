"""forms/schema.json (for editors) agrees with the loader on good and broken forms."""

from __future__ import annotations

import json

import jsonschema
import pytest

from app.resources import forms_dir
from app.screening.yaml_source import parse_yaml

from .conftest import FIXTURES, REAL_FORMS

SCHEMA = json.loads((forms_dir() / "schema.json").read_text(encoding="utf-8"))


def _errors(path):
    document = parse_yaml(path.read_text(encoding="utf-8")).root
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return list(validator.iter_errors(document))


def test_schema_is_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "path", [*REAL_FORMS, FIXTURES / "good" / "mini-screening.yaml"], ids=lambda p: p.name
)
def test_good_forms_match_the_schema(path):
    assert [error.message for error in _errors(path)] == []


def test_broken_structure_fails_the_schema():
    messages = " | ".join(e.message for e in _errors(FIXTURES / "broken" / "structure.yaml"))
    assert "'colour' was unexpected" in messages
    assert "'feelings' is not one of" in messages
    assert "'huge' is not one of" in messages
