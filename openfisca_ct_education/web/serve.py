"""``ct-education web``: the hardened server (gunicorn, the recommended settings) with the workbench page at ``/``."""

from __future__ import annotations

import os
import sys

from openfisca_ct_education.web.local_server import package_home, script

APP = "openfisca_ct_education.web.app:create_app()"
CONFIG = "python:openfisca_ct_education.web.gunicorn_config"


def command(host: str, port: int, workers: int | None = None) -> list[str]:
    """The gunicorn command line that serves the hardened app and the page on ``host:port``."""
    argv = [script("gunicorn"), "--config", CONFIG, "--chdir", str(package_home()), "--bind", f"{host}:{port}"]
    if workers:
        argv += ["--workers", str(workers)]
    return argv + [APP]


def serve(host: str, port: int, workers: int | None = None) -> None:
    """Replace this process with gunicorn (its signals, logs and exit status are the server's own)."""
    argv = command(host, port, workers)
    print(f"ct-education web: the workbench at http://{host}:{port}/ (the web API beside it, /spec)", file=sys.stderr, flush=True)
    os.chdir(package_home())  # the installed package, never a checkout's copy in the working folder
    os.execv(argv[0], argv) if os.path.isabs(argv[0]) else os.execvp(argv[0], argv)
