"""Output paths (issue 12, item 1): a regular file is replaced atomically with the right mode; a device,
pipe or FIFO is written in place and stays what it is; errors name the user's path. The refusals
(an output that is an input, a missing folder, --output-dir) are cases of tests/bad_input/cli_outputs.yaml."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading

import pytest

from openfisca_ct_education.cli import main
from openfisca_ct_education.data.output_files import write_atomically, write_atomically_with
from openfisca_ct_education.errors import InputDataError


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_file_gets_the_users_umask(tmp_path, umask_022):
    # Was 0600: the temporary file's mode (mkstemp) was kept by the rename.
    path = tmp_path / "out.txt"
    write_atomically(path, "x\n")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    os.umask(0o077)
    other = tmp_path / "private.txt"
    write_atomically(other, "x\n")
    assert stat.S_IMODE(os.stat(other).st_mode) == 0o600


def test_an_existing_file_keeps_its_mode_and_is_replaced_whole(tmp_path, umask_022):
    path = tmp_path / "out.txt"
    path.write_text("old\n")
    path.chmod(0o640)
    write_atomically(path, "new\n")
    assert path.read_text() == "new\n" and stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary file left


def test_a_failed_write_leaves_the_file_and_no_temporary(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old\n")

    def fail(target):
        with open(target, "w") as file:
            file.write("half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_atomically_with(path, fail)
    assert path.read_text() == "old\n" and sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_fifo_is_written_in_place_and_stays_a_fifo(tmp_path):
    # Was: the FIFO replaced by a regular file.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, encoding="utf-8").read()))
    reader.start()
    write_atomically(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert received == ["through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_link_to_a_device_is_written_through_and_neither_is_replaced(tmp_path):
    # A temporary link to /dev/null stands for the device (never the real /dev/null as the path).
    link = tmp_path / "null"
    os.symlink("/dev/null", link)
    write_atomically(link, "discarded\n")
    assert os.path.islink(link) and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_link_to_a_file_stays_a_link_and_its_file_is_replaced(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old\n")
    link = tmp_path / "link.txt"
    os.symlink(target, link)
    write_atomically(link, "new\n")
    assert os.path.islink(link) and target.read_text() == "new\n"


def test_the_error_names_the_users_path_not_a_temporary_file(tmp_path):
    (tmp_path / "file").write_text("x")
    given = tmp_path / "file" / "out.txt"  # a path under a file: cannot be written
    with pytest.raises(InputDataError) as error:
        write_atomically(given, "x\n")
    assert str(given) in str(error.value) and ".tmp" not in str(error.value)


def test_output_to_the_standard_output_prints(tmp_path):
    # Was: /dev/stdout replaced by a regular file (as root, the system's own). The test names the standard
    # output through a temporary link to /proc/self/fd/1 (what /dev/stdout is), never the system's
    # /dev/stdout itself: code with the bug would replace only the link.
    link = tmp_path / "stdout"
    os.symlink("/proc/self/fd/1", link)
    result = subprocess.run(
        [sys.executable, "-m", "openfisca_ct_education.cli", "run", "--year", "2026", "--format", "csv", "--output", str(link)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("town_code,town,") and "TOTAL" in result.stdout
    assert os.path.islink(link) and os.readlink(link) == "/proc/self/fd/1"


def test_reconcile_creates_only_the_last_folder(tmp_path, capsys):
    assert main(["reconcile", "--year", "2026", "--output-dir", str(tmp_path / "reports")]) == 0
    assert (tmp_path / "reports" / "reconciliation_fy2026.md").exists()
