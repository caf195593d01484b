"""Reading a user's YAML or JSON file that maps names to values (parameter edits, projection assumptions): checked, one message on error."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from openfisca_ct_education.errors import InputDataError


def read_mapping(path, what: str) -> dict:
    """The non-empty mapping in ``path`` (JSON if it ends in .json, else YAML); ``what`` says what it should map, for the error."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputDataError(f"{path}: cannot be read ({error.strerror}).") from None
    try:
        content = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise InputDataError(f"{path}: not valid {'JSON' if path.suffix == '.json' else 'YAML'} ({error}).") from None
    if not isinstance(content, dict) or not content:
        raise InputDataError(f"{path}: expected a mapping of {what}.")
    return content
