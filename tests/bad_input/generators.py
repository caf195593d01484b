"""Generators of the bad-input corpus: ``{generate: name, ...}`` in a case calls ``name(tmp, ...)``.

Each returns the bytes or text of a file (or, for ``door: python``, a zero-argument callable). Part of
the corpus format: tests/bad_input/README.md.
"""

from __future__ import annotations

from pathlib import Path


def deep_yaml(tmp: Path, depth: int = 3000) -> str:
    """A parameter edits file nested ``depth`` levels deep (a RecursionError in a naive loader)."""
    return "cgs_10_262f.foundation: " + "[" * depth + "1" + "]" * depth + "\n"


def open_brackets(tmp: Path, count: int = 100_000) -> str:
    """``count`` opening brackets and nothing else."""
    return "[" * count


def deep_json(tmp: Path, depth: int = 3000) -> str:
    return '{"cgs_10_262f.foundation": ' + "[" * depth + "1" + "]" * depth + "}"


def billion_laughs(tmp: Path, levels: int = 9) -> str:
    """The "billion laughs" YAML: a few hundred bytes whose aliases expand to 10**levels items."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels + 1):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{','.join([previous] * 10)}]")
    lines.append(f"cgs_10_262f.foundation: *a{levels}")
    return "\n".join(lines) + "\n"


def large_file(tmp: Path, megabytes: int = 2) -> str:
    """A comment-only YAML file larger than the size limit of an edits file."""
    return "# padding\n" * (megabytes * 1024 * 1024 // 10 + 1)


def shipped_inputs(tmp: Path, year: int = 2026) -> bytes:
    """The bytes of the package's formula-inputs file for ``year`` (a valid --data file)."""
    from openfisca_ct_education.data.inputs import SHIPPED_FORMULA_INPUTS

    return SHIPPED_FORMULA_INPUTS[year].read_bytes()


def inputs_with_cell(tmp: Path, town: str, column: str, value: str, year: int = 2026) -> str:
    """The package's formula-inputs file for ``year`` with one cell (``town``, ``column``) set to ``value``."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(shipped_inputs(tmp, year).decode("utf-8"))))
    index = rows[0].index(column)
    for row in rows[1:]:
        if row[1] == town:
            row[index] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def scenario_from_dict(tmp: Path, content: dict):
    """A call of the Python API: a named scenario from a dict (as the web page's /compare body), checked."""
    from openfisca_ct_education.workbench.scenarios import ScenarioSpec

    return lambda: ScenarioSpec.from_dict(content).checked()
