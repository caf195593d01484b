"""Reading a data file once per process: results cached by the file's identity (device and inode, size, modification time).

The shipped data files are read on every simulation built; parsing and checking them again each
time was most of the cost of building one (benchmarks/results.md). A function decorated with
:func:`by_file` is run again only when its file changes (the path as given is kept,
for messages); callers get a copy, never the cached object.
"""

from __future__ import annotations

import copy
import functools
import os
from pathlib import Path


def file_identity(path) -> tuple | None:
    """(device, inode, size, modification time in ns), or None if the file cannot be stat'ed.

    The device and inode name the file whatever path leads to it, as the resolved path did, without
    resolving it (which took a sixth of a warm build: benchmarks/results.md).
    """
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def by_file(function):
    """Cache ``function(path, *args)`` by the identity of ``path``; a file that cannot be stat'ed is not cached."""

    @functools.lru_cache(maxsize=64)
    def cached(identity, path, *args):
        return function(path, *args)

    @functools.wraps(function)
    def wrapper(path, *args):
        identity = file_identity(path)
        if identity is None:
            return function(Path(path), *args)  # raises the reader's own error
        return copy.deepcopy(cached(identity, Path(path), *args))

    wrapper.cache_clear = cached.cache_clear
    return wrapper
