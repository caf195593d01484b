"""Slow clients do not take the hardened server down (issue 12, item 14).

Against a real gunicorn on loopback, configured as recommended (openfisca_ct_education/web/gunicorn_config.py):
clients that send their headers and then their body a trickle at a time used to hold both sync
workers of a 2-worker server until the 30 s worker timeout, so /spec waited. Now each holds one
thread, and is answered 408 once ``Limits.body_read_seconds`` have passed. Bounded: every socket has
a timeout, and the server is stopped on leaving (tests/web/web_server.py).
"""

from __future__ import annotations

import socket
import time
import urllib.request

from web_server import hardened_server  # noqa: F401 (pytest fixture)

from openfisca_ct_education.web.checks import Limits

SLOW_CLIENTS = 3  # more than the 2 workers of the test server


#: Every POST of the hardened app: the web API's and the workbench's (each reads its body within the time allowed).
POSTS = ("/calculate", "/compare", "/explain")


def _slow_client(url: str, path: str) -> socket.socket:
    """A connection that has sent its headers and the first bytes of a 1,000-byte body, and then waits."""
    host, port = url.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=Limits().body_read_seconds + 20)
    connection.sendall(
        f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n".encode()
        + b"Content-Length: 1000\r\n\r\n{\"towns\": "
    )
    return connection


def _everything(connection: socket.socket) -> str:
    """What the server sends until it closes the connection (it does, after a 408)."""
    received = b""
    while chunk := connection.recv(4096):
        received += chunk
    return received.decode("latin-1")


def test_slow_clients_do_not_block_the_server(hardened_server):  # noqa: F811
    clients = [_slow_client(hardened_server, POSTS[index % len(POSTS)]) for index in range(SLOW_CLIENTS)]
    try:
        time.sleep(0.5)  # let the server take them in
        # Before: both workers were reading the slow bodies; /spec waited for the 20 s worker timeout.
        with urllib.request.urlopen(hardened_server + "/spec", timeout=Limits().body_read_seconds / 2) as answer:
            assert answer.status == 200
        for client in clients:
            answer = _everything(client)
            assert answer.startswith("HTTP/1.1 408"), answer[:300]
            assert "not received within" in answer
    finally:
        for client in clients:
            client.close()
