"""Start a real ``openfisca serve`` of the package on a free loopback port, for the web API tests."""

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

import pytest

STARTUP_TIMEOUT = 60  # seconds


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def openfisca_command() -> list[str]:
    """The ``openfisca`` console script of the running interpreter's environment."""
    script = Path(sys.executable).parent / "openfisca"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "openfisca_core.scripts.openfisca_command"]


@contextlib.contextmanager
def serve(*arguments):
    """Base URL of ``openfisca serve --country-package openfisca_ct_education [arguments]``, stopped on exit."""
    port = free_port()
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        [*openfisca_command(), "serve", "--country-package", "openfisca_ct_education", "--port", str(port), *arguments],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its gunicorn workers share its process group
    )

    def server_log() -> str:
        log.seek(0)
        return log.read()[-4000:]

    def stop():
        if process.poll() is None:
            process.terminate()  # gunicorn's master stops its workers on SIGTERM
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)
        log.close()

    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"openfisca serve exited with code {process.returncode}:\n{server_log()}")
            try:
                with urllib.request.urlopen(base_url + "/parameters", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"openfisca serve did not answer on port {port} within {STARTUP_TIMEOUT} s:\n{server_log()}")
            time.sleep(0.25)
        yield base_url
    finally:
        stop()
