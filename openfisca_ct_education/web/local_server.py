"""A web API server in a subprocess on a free loopback port, for tests and benchmarks.

:func:`running_server` starts a command (``openfisca serve`` or gunicorn on
:mod:`openfisca_ct_education.web.app`) bound to 127.0.0.1, waits a bounded time for it to answer, and
always stops it (its whole process group: gunicorn's workers too) on leaving the ``with`` block.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def script(name: str) -> str:
    """A console script (``openfisca``, ``gunicorn``) of the running interpreter's environment."""
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else name


def package_home() -> Path:
    """The folder the running package was imported from (site-packages for an installed wheel, the checkout
    for an editable install). A server is started there: gunicorn puts its working folder first on the
    import path, and in a checkout that folder holds a copy of the package without its reforms."""
    import openfisca_ct_education

    return Path(openfisca_ct_education.__file__).resolve().parent.parent


def openfisca_serve_command(port: int) -> list[str]:
    """The stock server: ``openfisca serve --country-package openfisca_ct_education``."""
    return [script("openfisca"), "serve", "--country-package", "openfisca_ct_education", "--port", str(port)]


def hardened_command(port: int, workers: int = 2, threads: int | None = None, timeout: int = 30) -> list[str]:
    """The hardened app of :mod:`openfisca_ct_education.web.app` under gunicorn, as its documentation recommends
    (``threads``: per worker, as :mod:`~openfisca_ct_education.web.gunicorn_config` says if not given)."""
    return [
        script("gunicorn"),
        "--config", "python:openfisca_ct_education.web.gunicorn_config",
        "--chdir", str(package_home()),
        "--bind", f"{HOST}:{port}",
        "--workers", str(workers),
        *(["--threads", str(threads)] if threads is not None else []),
        "--timeout", str(timeout),
        "openfisca_ct_education.web.app:create_app()",
    ]


class ServerError(RuntimeError):
    """The server exited or did not answer in time; the message carries the end of its log."""


@contextlib.contextmanager
def running_server(command_for_port, startup_timeout: float = 60, ready_path: str = "/parameters"):
    """Yield the base URL of the server ``command_for_port(port)`` starts; stop it afterwards."""
    port = free_port()
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        command_for_port(port), stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=package_home()
    )
    base_url = f"http://{HOST}:{port}"

    def tail() -> str:
        log.seek(0)
        return log.read()[-4000:]

    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                raise ServerError(f"server exited with code {process.returncode}:\n{tail()}")
            try:
                with urllib.request.urlopen(base_url + ready_path, timeout=5) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                raise ServerError(f"server did not answer on port {port} within {startup_timeout} s:\n{tail()}")
            time.sleep(0.25)
        yield base_url
    finally:
        if process.poll() is None:
            process.terminate()  # gunicorn's master stops its workers on SIGTERM
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)
        log.close()
