"""Reading a small YAML or JSON file a user wrote (bill edits, scenarios, projection assumptions) strictly and safely.

* at most :data:`MAX_BYTES`, UTF-8 text, nested at most :data:`MAX_DEPTH` levels;
* YAML without aliases (a few hundred bytes of ``*alias`` can expand to gigabytes: "billion laughs"),
  without tags that build objects, and (unless ``typed``) without YAML 1.1's guesses: every scalar is
  read as the text it is (``011525`` is not the octal 4949, ``12:30`` is not 750, ``on`` is not true);
  the caller parses it (:func:`openfisca_ct_education.workbench.parameter_edits.parse_value`);
* JSON numbers likewise kept as their text (unless ``typed``); ``NaN`` and ``Infinity`` refused;
* a key given twice in a mapping is an error (the last would silently win).

Every problem is an :class:`~openfisca_ct_education.errors.InputDataError` naming the file (and the
line, for YAML).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from openfisca_ct_education.data.user_text import read_text_and_bytes
from openfisca_ct_education.errors import InputDataError

MAX_BYTES = 1_048_576
MAX_DEPTH = 20


def read_text(path, what: str) -> str:
    """The UTF-8 text of a user's file of at most :data:`MAX_BYTES`."""
    too_big = lambda size: f"larger than {MAX_BYTES:,} bytes; a {what} is a few lines."  # noqa: E731
    return read_text_and_bytes(path, what, MAX_BYTES, too_big, f"save the {what} as UTF-8")[0]


class _Strict:
    """No aliases, no duplicate keys, a nesting limit (mixed into a PyYAML loader)."""

    depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", self.peek_event().start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(None, None, "a key must be plain text", key_node.start_mark)
            if key_node.value in seen:
                raise yaml.constructor.ConstructorError(None, None, f"the key {key_node.value!r} is given twice", key_node.start_mark)
            seen.add(key_node.value)
        return super().construct_mapping(node, deep=True)


class _TextLoader(_Strict, yaml.BaseLoader):
    """Every scalar a string: no YAML 1.1 guesses."""


class _TypedLoader(_Strict, yaml.SafeLoader):
    """YAML's own types (numbers, booleans), for files whose reader checks each value's type."""


def load_yaml(text: str, where, typed: bool = False) -> object:
    """The content of a YAML document, every scalar as a string unless ``typed`` (see the module docstring)."""
    try:
        return yaml.load(text, Loader=_TypedLoader if typed else _TextLoader)  # noqa: S506 - Base/SafeLoader: no objects built
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise InputDataError(f"{where}: not valid YAML{at}: {error.problem or error.context}.") from None
    except yaml.YAMLError as error:
        raise InputDataError(f"{where}: not valid YAML ({error}).") from None
    except RecursionError:
        raise InputDataError(f"{where}: nested too deeply.") from None


def _refuse_constant(name):
    raise ValueError(f"{name} is not a number")


def _no_duplicates(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} is given twice")
        result[key] = value
    return result


def _depth(value, level=1) -> int:
    if isinstance(value, dict):
        return max([level] + [_depth(item, level + 1) for item in value.values()])
    if isinstance(value, list):
        return max([level] + [_depth(item, level + 1) for item in value])
    return level


def load_json(text: str, where, typed: bool = False) -> object:
    """The content of a JSON document, numbers kept as their text unless ``typed`` (see the module docstring)."""
    numbers = {} if typed else {"parse_float": str, "parse_int": str}
    try:
        content = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_no_duplicates, **numbers)
    except json.JSONDecodeError as error:
        raise InputDataError(f"{where}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}).") from None
    except ValueError as error:
        raise InputDataError(f"{where}: {error}.") from None
    except RecursionError:
        raise InputDataError(f"{where}: nested too deeply.") from None
    if _depth(content) > MAX_DEPTH:
        raise InputDataError(f"{where}: nested deeper than {MAX_DEPTH} levels.")
    return content


def read_mapping(path, what: str, typed: bool = False) -> dict:
    """A user's YAML (or ``.json``) file that must hold a mapping (``what`` it should map, for messages)."""
    path = Path(path)
    text = read_text(path, what)
    content = load_json(text, path, typed) if path.suffix.lower() == ".json" else load_yaml(text, path, typed)
    if not isinstance(content, dict) or not content:
        raise InputDataError(f"{path}: expected a mapping ({what}).")
    return content
