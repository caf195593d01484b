"""The file cache (issue 12, item 2): keyed on the file's content, so a file replaced by another of the
same size and modification time (``cp -p``) is read again, never served stale."""

from __future__ import annotations

import os
import shutil

from openfisca_ct_education.data import file_cache
from openfisca_ct_education.data.inputs import SHIPPED_FORMULA_INPUTS, read_formula_inputs


def _same_size_same_mtime(path, old: str, new: str) -> None:
    """Change ``old`` to ``new`` (same length) in the file, then give it back its modification time."""
    status = os.stat(path)
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new) and old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert os.stat(path).st_size == status.st_size and os.stat(path).st_mtime_ns == status.st_mtime_ns


def test_a_file_rewritten_with_the_same_size_and_time_is_read_again(tmp_path):
    path = tmp_path / "inputs.csv"
    shutil.copy2(SHIPPED_FORMULA_INPUTS[2026], path)
    first = read_formula_inputs(path, 2026)
    assert first.frame.loc[first.frame["town"] == "Andover", "population"].iloc[0] == 3150
    _same_size_same_mtime(path, ",2022,3150.0,", ",2022,4150.0,")  # Andover's population (2022 vintage)
    second = read_formula_inputs(path, 2026)
    assert second.frame.loc[second.frame["town"] == "Andover", "population"].iloc[0] == 4150
    assert second.sha256 != first.sha256


def test_a_file_replaced_by_another_like_cp_p_is_read_again(tmp_path):
    calls = []

    @file_cache.by_file
    def read(path):
        calls.append(path)
        return path.read_text()

    path, other = tmp_path / "a.txt", tmp_path / "b.txt"
    path.write_text("1234\n")
    other.write_text("5678\n")
    status = os.stat(path)
    assert read(path) == "1234\n" and read(path) == "1234\n" and len(calls) == 1  # cached
    os.utime(other, ns=(status.st_atime_ns, status.st_mtime_ns))
    os.replace(other, path)  # what cp -p over it, or a save by rename, does
    assert read(path) == "5678\n" and len(calls) == 2
