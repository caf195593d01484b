"""The shipped data files pass their schemas (checked here, so a run on them need not load pandera)."""

import re
import subprocess
import sys

import pytest

from openfisca_ct_education.data import inputs
from openfisca_ct_education.data.inputs import (
    DATA_DIR,
    SHIPPED_FORMULA_INPUTS,
    SHIPPED_SHA256SUMS,
    check_shipped_data,
    file_sha256,
    is_shipped,
    read_formula_inputs,
)
from openfisca_ct_education.errors import InputDataError


def test_shipped_files_pass_their_schemas():
    check_shipped_data()


def test_shipped_files_are_known_by_their_hash():
    """data/SHA256SUMS lists every shipped CSV with its hash (update it with `sha256sum *.csv > SHA256SUMS` in the
    data folder after checking a changed file), and the provenance table of data/README.md agrees."""
    listed = dict(reversed(line.split()) for line in SHIPPED_SHA256SUMS.read_text(encoding="utf-8").splitlines() if line.strip())
    actual = {path.name: file_sha256(path) for path in sorted(DATA_DIR.glob("*.csv"))}
    assert listed == actual
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name, digest in re.findall(r"\| `([\w.]+\.csv)` \|.*\| `([0-9a-f]{64})` \|", readme):
        assert actual[name] == digest, f"data/README.md: the sha256 of {name}"


def test_shipped_means_the_content_not_the_folder(tmp_path, monkeypatch):
    """A byte-identical copy is the checked content; a file edited in the data folder is checked like any other."""
    copy = tmp_path / "ecs_formula_inputs_fy2026.csv"
    copy.write_bytes(SHIPPED_FORMULA_INPUTS[2026].read_bytes())
    assert is_shipped(SHIPPED_FORMULA_INPUTS[2026]) and is_shipped(copy)
    edited = tmp_path / "data" / "ecs_formula_inputs_fy2026.csv"
    edited.parent.mkdir()
    edited.write_text(copy.read_text(encoding="utf-8").replace(",124167,", ",-124167,", 1), encoding="utf-8")
    monkeypatch.setattr(inputs, "DATA_DIR", edited.parent)  # the folder the package would trust by location
    assert not is_shipped(edited)
    with pytest.raises(InputDataError, match=r"'mhi' \(Andover\): -124,167 is negative"):
        read_formula_inputs(edited, 2026)


def test_a_run_on_shipped_data_does_not_load_pandera():
    code = (
        "import sys; from openfisca_ct_education.engine.simulation import build_simulation; "
        "build_simulation(2026).calculate('ecs_entitlement', '2026'); print('pandera' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_a_huge_file_is_refused_unread(tmp_path, monkeypatch):
    """A file over the size cap is refused from its size: neither hashed for the cache nor read."""
    from openfisca_ct_education.data import file_cache

    path = tmp_path / "huge.csv"
    with open(path, "wb") as file:
        file.truncate(5 * 1024**3)  # 5 GB, sparse: nothing written
    monkeypatch.setattr(file_cache, "content_sha256", lambda path: pytest.fail("hashed"))
    monkeypatch.setattr(inputs, "open", lambda *args: pytest.fail("opened"), raising=False)
    with pytest.raises(InputDataError, match="5,368,709,120 bytes, more than a data file"):
        read_formula_inputs(path, 2026)
