"""Reading a text file a user gives (a formula-inputs CSV, a YAML or JSON file of edits or a scenario): bounded,
UTF-8, not empty. One reader, so every file door says the same thing about the same problem."""

from __future__ import annotations

import os
from pathlib import Path

from openfisca_ct_education.errors import InputDataError


def read_text_and_bytes(path, what: str, max_bytes: int, too_big, save_as: str) -> tuple[str, bytes]:
    """The file's UTF-8 text (a BOM dropped) and its bytes. ``too_big(size)``: the message for a file over
    ``max_bytes`` (refused from its size before it is read when the file system gives one: a pipe or device
    has none, so at most ``max_bytes + 1`` bytes are read); ``save_as``: the advice for a file not UTF-8."""
    path = Path(path)
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise InputDataError(f"{path}: {too_big(size)}")
        with open(path, "rb") as file:
            raw = file.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputDataError(f"{path}: no such file ({what}).") from None
    except IsADirectoryError:
        raise InputDataError(f"{path}: is a folder, not a {what}.") from None
    except OSError as error:
        raise InputDataError(f"{path}: cannot be read ({error.strerror}).") from None
    if len(raw) > max_bytes:
        raise InputDataError(f"{path}: {too_big(len(raw))}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputDataError(f"{path}: not UTF-8 text (byte {error.start}); {save_as}.") from None
    if not text.strip():
        raise InputDataError(f"{path}: the file is empty.")
    return text, raw
