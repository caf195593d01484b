"""The hardened web API (openfisca_ct_education.web.app under gunicorn, as recommended) as a pytest fixture, and a JSON client."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from openfisca_ct_education.web.local_server import ServerError, hardened_command, running_server

TIMEOUT = 30  # seconds, any one request


@pytest.fixture(scope="session")
def hardened_server():
    try:
        with running_server(lambda port: hardened_command(port, workers=2, timeout=20)) as url:
            yield url
    except ServerError as error:
        pytest.fail(str(error))


def post(url: str, path: str, body, content_type: str = "application/json", timeout: float = TIMEOUT):
    """(status, text) of a POST; ``body`` is bytes, or JSON-encoded."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url + path, data=data, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
