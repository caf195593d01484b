"""Writing the package's output files without losing anything that was at the path.

* A **regular file** (new or existing, or the file a symbolic link points to) is written through a
  temporary file in its own folder, then renamed over it: all or nothing. An existing file keeps its
  mode; a new one gets the user's umask (0644 under umask 022), as ``open`` would give it; a symbolic
  link stays a link to the file it names.
* Anything else at the path (a terminal, ``/dev/stdout``, ``/dev/null``, a pipe, a FIFO, a socket) is
  **written in place**, never replaced: ``--output /dev/stdout`` prints.
* An output path that is one of the command's input files (the same file, by device and inode) is
  refused before anything is computed or written (:func:`check_not_an_input`).
* A folder for several outputs (``reconcile --output-dir``) is created only if its parent exists
  (:func:`output_directory`): a mistyped path never creates a tree of folders.

Errors are :class:`~openfisca_ct_education.errors.InputDataError` naming the path the user gave, never
the temporary file.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from openfisca_ct_education.errors import InputDataError


def write_atomically(path, text: str) -> None:
    """Write ``text`` to ``path`` (see the module docstring): all or nothing for a regular file."""

    def write(target):
        with open(target, "w", encoding="utf-8", newline="") as file:
            file.write(text)

    write_atomically_with(path, write)


def _problem(path, error: OSError) -> InputDataError:
    return InputDataError(f"{path}: cannot be written ({error.strerror or error}).")


def write_atomically_with(path, write) -> None:
    """Call ``write(target_path)`` so that ``path`` ends up holding the output (see the module docstring)."""
    given = path
    path = Path(path)
    try:
        status = os.stat(path)  # follows a symbolic link: what matters is what the output lands in
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise _problem(given, error) from None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise InputDataError(f"{given}: is a folder; give a file name.")
    if status is not None and not stat.S_ISREG(status.st_mode):
        try:
            write(str(path))  # a device, pipe or socket: written in place, never replaced
        except OSError as error:
            raise _problem(given, error) from None
        return
    target = Path(os.path.realpath(path))  # through a symbolic link, to the file it names (the link stays)
    if not target.parent.is_dir():
        raise InputDataError(f"{given}: the folder {path.parent} does not exist.")
    # The same suffix as the target: a writer may choose the format by it (matplotlib does).
    temporary = target.parent / f".{target.stem}.{secrets.token_hex(4)}{target.suffix or '.tmp'}"
    try:
        # 0o666 less the umask, as open() gives a new file; an existing file keeps its own mode.
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        if status is not None:
            os.chmod(temporary, stat.S_IMODE(status.st_mode))
        write(str(temporary))
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _problem(given, error) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def check_not_an_input(outputs, inputs) -> None:
    """Refuse an output path that is one of the input files (the same file, however it is named)."""
    for option, output in outputs:
        if output is None:
            continue
        for role, source in inputs:
            if source is None:
                continue
            try:
                same = os.path.samefile(output, source)
            except OSError:  # one of them does not exist: not the same file
                continue
            if same:
                raise InputDataError(f"{option} {output}: is the {role} ({source}); writing there would replace it. Choose another path.")


def check_output_directory(path) -> Path:
    """``path`` as a folder to write in, checked before anything is computed: a folder, or a missing last
    folder inside one that exists (:func:`output_directory` creates it)."""
    given = path
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputDataError(f"{given}: is not a folder.")
    if not path.exists() and not path.parent.is_dir():
        raise InputDataError(f"{given}: its parent folder {path.parent} does not exist (only the last folder of the path is created).")
    return path


def output_directory(path) -> Path:
    """``path`` as a folder to write in: created if missing, but only inside a folder that exists."""
    given = path
    path = check_output_directory(path)
    if path.is_dir():
        return path
    try:
        path.mkdir()
    except OSError as error:
        raise _problem(given, error) from None
    return path
