"""The guides' commands, run as a reader would run them.

Each guide shows shell scripts from docs/guides/examples/ (``literalinclude``): this test runs every
one of them with bash, in a scratch folder laid out like the repository (``docs`` linked in), with
the running environment's ``bin`` first on PATH, as if it were activated. Where the guide shows the
output, it is the committed ``.out`` file beside the script, and the output must equal it; set
``UPDATE_GUIDE_OUTPUTS=1`` to rewrite them after a deliberate change.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from openfisca_ct_education.web.local_server import free_port

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "guides" / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.sh"))
# Scripts whose output varies from run to run (timings, versions): only these lines are checked.
EXPECTED_LINES = {"drafter_test.sh": ["foundation_bill_test.yaml ..", "2 passed"]}


def test_every_guide_has_its_scripts():
    guides = {path.stem: path.read_text(encoding="utf-8") for path in (ROOT / "docs" / "guides").glob("*.md")}
    shown = {script.name for text in guides.values() for script in SCRIPTS if f"examples/{script.name}" in text}
    assert shown == {script.name for script in SCRIPTS}, "every example script is shown in a guide"
    for guide in ("drafter", "auditor", "app_developer"):
        assert guide in guides, f"docs/guides/{guide}.md"


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.name for script in SCRIPTS])
def test_guide_script_runs(script, tmp_path):
    (tmp_path / "docs").symlink_to(ROOT / "docs")
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PORT": str(free_port()),
    }
    environment.pop("PYTHONPATH", None)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", str(script.relative_to(ROOT))],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"{script.name} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    if script.name in EXPECTED_LINES:
        for line in EXPECTED_LINES[script.name]:
            assert line in result.stdout, f"{script.name}: {line!r} not in:\n{result.stdout}"
        return
    expected = script.with_suffix(".out")
    if os.environ.get("UPDATE_GUIDE_OUTPUTS"):
        expected.write_text(result.stdout, encoding="utf-8")
    assert expected.exists(), f"{expected.name} is missing: run with UPDATE_GUIDE_OUTPUTS=1"
    assert result.stdout == expected.read_text(encoding="utf-8"), f"{script.name}: the output differs from {expected.name}"
