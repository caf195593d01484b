"""Writing the package's output files: all or nothing, through a temporary file in the same folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder: all or nothing."""

    def write(temporary):
        with open(temporary, "w", encoding="utf-8", newline="") as file:
            file.write(text)

    write_atomically_with(path, write)


def write_atomically_with(path, write) -> None:
    """Call ``write(temporary_path)``, then move the file to ``path``: all or nothing."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix or ".tmp")
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
