"""Reading a data file once per process: results cached by the file's content (its sha256), not its name or date.

The shipped data files are read on every simulation built; parsing and checking them again each
time was most of the cost of building one (benchmarks/results.md). A function decorated with
:func:`by_file` is run again only when its file's **content** changes (the path as given is kept,
for messages); callers get a copy, never the cached object. A file replaced by another of the same
size and modification time (``cp -p``) is read again.

Hashing a file costs about a millisecond per 300 kB. :func:`content_sha256` remembers a file's hash
by its status (device, inode, size, modification and change times) only once the file has not
changed for :data:`SETTLED_SECONDS`: a later change gives it a new change time (``ctime``, which the
kernel sets and ``cp -p`` or ``touch`` cannot), so the remembered hash is never stale; a file changed
just now is hashed on every read (git's rule for "racily clean" files).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import os
import time
from pathlib import Path

#: A file unchanged for this long has its hash remembered by its status.
SETTLED_SECONDS = 2.0
#: Largest data file read (a formula-inputs file of 169 towns is about 35 KB, the history about 150 KB):
#: a bigger one is neither hashed nor cached, and its reader refuses it before reading it.
MAX_FILE_BYTES = 4 * 1024 * 1024
_hashes: dict[tuple, str] = {}


def content_sha256(path) -> str:
    """The sha256 of the file's bytes (raises the OSError of a file that cannot be read)."""
    status = os.stat(path)
    # Device and inode name the file whatever path leads to it, without resolving the path (which took a
    # sixth of a warm build: benchmarks/results.md).
    key = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    known = _hashes.get(key)
    if known is not None:
        return known
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > SETTLED_SECONDS * 1e9:
        if len(_hashes) > 1024:
            _hashes.clear()
        _hashes[key] = digest
    return digest


def file_identity(path) -> tuple | None:
    """(sha256 of the content,), or None if the file cannot be read or is over :data:`MAX_FILE_BYTES` (not read
    to be hashed: the reader refuses it from its size): a cache key that changes with the content."""
    try:
        if os.stat(path).st_size > MAX_FILE_BYTES:
            return None
        return (content_sha256(path),)
    except OSError:
        return None


def by_file(function):
    """Cache ``function(path, *args)`` by the content of ``path``; a file that cannot be read is not cached."""

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
