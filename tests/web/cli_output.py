"""What ``ct-education compare`` prints for a scenario, for the workbench's tests: the page and its endpoints must give the same."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

from openfisca_ct_education.cli import main


def compare_output(*argv, fmt: str = "json"):
    """The standard output of ``ct-education compare --format FMT ARGV...`` (parsed when JSON)."""
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["compare", "--format", fmt, *argv]) == 0
    return json.loads(out.getvalue()) if fmt == "json" else out.getvalue()


def statewide(document, variable="ecs_entitlement") -> dict:
    """The statewide row of ``variable`` in a one-year comparison's JSON."""
    return next(row for row in document["statewide"] if row["variable"] == variable)
