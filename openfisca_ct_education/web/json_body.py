"""JSON in and out of the web API: request bodies read within a time limit and parsed strictly, a computed situation answered.

* :func:`request_body`: the body of a JSON request (415 otherwise), received within
  ``Limits.body_read_seconds`` (408 otherwise): every POST of the hardened app reads its body so.
* :func:`parse_body`: the standard library's parser, strictly (no NaN or Infinity; too deep a nesting is
  a 400, not a recursion error), its message in a :class:`~.checks.RequestError`. Every refusal a
  client reads comes from it.
* :func:`parse_fast`: orjson's parser (about three times faster on a 169-town situation), or None where
  it refuses the text. It is used only where its document cannot differ from :func:`parse_body`'s for
  what is then accepted (:mod:`.columns`: an integer beyond 64 bits, which orjson reads as a float, is not
  a value it accepts); everything else is parsed again by :func:`parse_body`.
* :func:`answer`: a computed situation as a JSON response, keys sorted as Flask's ``jsonify`` sorts
  them, through orjson (the standard library's encoder for what orjson does not take).
"""

from __future__ import annotations

import contextlib
import json
import socket
import time

import orjson
from flask import Response, jsonify, request
from werkzeug.exceptions import ClientDisconnected

from openfisca_ct_education.web.checks import Limits, RequestError


def request_body(limits: Limits, what: str) -> bytes:
    """The body of a JSON request (``what`` it holds, for the 415's message), within the time allowed."""
    if request.mimetype != "application/json":
        raise RequestError({"error": f"Send the {what} as JSON (Content-Type: application/json)."}, 415)
    return read_body(limits)


def read_body(limits: Limits) -> bytes:
    """The request body, received within ``limits.body_read_seconds`` in all; else a 408.

    Under gunicorn the client's socket is in the WSGI environment: each read waits at most what is left
    of the time allowed, so a client that sends its body slowly (a byte now and then) holds a worker
    thread for seconds, not for the worker's whole timeout.
    """
    connection = request.environ.get("gunicorn.socket")
    deadline = time.monotonic() + limits.body_read_seconds
    previous = connection.gettimeout() if connection is not None else None
    chunks = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            if connection is not None:
                connection.settimeout(left)
            chunk = request.stream.read(64 * 1024)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    except (TimeoutError, ClientDisconnected) as error:
        if isinstance(error, ClientDisconnected) and not isinstance(error.__context__, TimeoutError):
            raise
        if connection is not None:
            with contextlib.suppress(OSError):  # no more reading from this client: gunicorn closes it after the 408
                connection.shutdown(socket.SHUT_RD)
        raise RequestError(
            {"error": f"The request body was not received within {limits.body_read_seconds:g} s: send it in one go."}, 408
        ) from None
    finally:
        if connection is not None:
            connection.settimeout(previous)


def _refuse_constant(name):
    raise ValueError(f"{name} is not a number JSON allows")


def parse_body(body: bytes):
    """The request body as JSON, strictly; a :class:`RequestError` saying what is wrong otherwise."""
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError as error:
        raise RequestError({"error": f"Invalid JSON: not UTF-8 (byte {error.start})."}) from None
    except RecursionError:
        raise RequestError({"error": "Invalid JSON: nested too deeply."}) from None
    except ValueError as error:
        raise RequestError({"error": f"Invalid JSON: {error}"}) from None


def parse_fast(body: bytes):
    """The request body as JSON by orjson (RFC 8259: no NaN, no Infinity, UTF-8 only), or None if it refuses it."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None


def answer(payload) -> Response:
    """``payload`` as a JSON response (keys sorted, as ``jsonify``)."""
    try:
        return Response(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS), mimetype="application/json")
    except TypeError:  # what orjson does not encode (an integer beyond 64 bits)
        return jsonify(payload)
