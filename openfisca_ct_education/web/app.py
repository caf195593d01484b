"""The OpenFisca web API of this package, hardened for serving: bounded requests, 4xx for bad input.

``openfisca serve --country-package openfisca_ct_education`` still serves the stock app. This app
factory wraps the same Flask app (``openfisca_web_api.app.create_app``) and:

* refuses a body over ``Limits.max_body_bytes`` (Flask ``MAX_CONTENT_LENGTH``: 413, before parsing);
* parses JSON strictly (no NaN or Infinity; too deep a nesting is a 400, not a recursion error);
* checks the situation (:mod:`openfisca_ct_education.web.checks`): at most ``max_entities``
  entities, fiscal-year periods in a bounded range, finite numbers, counts not negative;
* maps the engine's errors on user input to 4xx with a message, and never answers NaN;
* wants ``application/json`` (415 otherwise);
* serves the drafter's workbench: the page at ``/`` for a browser, ``POST /compare`` and
  ``POST /explain`` (:mod:`openfisca_ct_education.web.workbench_api`), documented in ``/spec``;
* parses each period string once (:mod:`openfisca_ct_education.engine.period_cache`): a 169-town /calculate
  in 0.16 s instead of 0.41 s;
* answers /calculate without dpath (:mod:`openfisca_ct_education.web.calculate`: the stock answer,
  each requested variable computed once for all entities): the handler in half the time.

Serve it with gunicorn (settings in :mod:`openfisca_ct_education.web.gunicorn_config`)::

    gunicorn --config python:openfisca_ct_education.web.gunicorn_config 'openfisca_ct_education.web.app:create_app()'
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import socket
import time

from flask import jsonify, request
from openfisca_core.errors import PeriodMismatchError, SituationParsingError
from openfisca_web_api import handlers
from openfisca_web_api.app import create_app as create_openfisca_app
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge

from openfisca_ct_education.engine import period_cache
from openfisca_ct_education.web import calculate, spec, workbench_api
from openfisca_ct_education.web.checks import Limits, RequestError, check_situation

log = logging.getLogger(__name__)


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


def _first_non_finite(value, path=()):
    if isinstance(value, float) and not math.isfinite(value):
        return path
    if isinstance(value, dict):
        for key, item in value.items():
            found = _first_non_finite(item, (*path, str(key)))
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_non_finite(item, (*path, str(index)))
            if found is not None:
                return found
    return None


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


def _compute(system, handler, limits: Limits):
    if request.mimetype != "application/json":
        raise RequestError({"error": "Send the situation as JSON (Content-Type: application/json)."}, 415)
    data = parse_body(read_body(limits))
    check_situation(system, data, limits)
    try:
        result = handler(system, data)
    except (SituationParsingError, PeriodMismatchError) as error:
        raise RequestError(error.error, error.code or 400) from None
    except RecursionError:
        raise RequestError({"error": "The situation asks for a computation nested too deeply."}) from None
    except (ValueError, OverflowError) as error:  # the engine's checks of periods and values
        log.info("refused: %s", error)
        raise RequestError({"error": str(error)}) from None
    where = _first_non_finite(result)
    if where is not None:
        raise RequestError({"error": f"The computation gave a non-finite value at {'/'.join(where)}: check the inputs."}, 422)
    return result


def create_app(tax_benefit_system=None, limits: Limits | None = None):
    """The hardened Flask app of the web API (the current-law system by default)."""
    from openfisca_ct_education.engine.simulation import current_law

    period_cache.install()
    system = tax_benefit_system or current_law()
    limits = limits or Limits()
    app = create_openfisca_app(system)
    app.config["MAX_CONTENT_LENGTH"] = limits.max_body_bytes

    def guarded(handler):
        def view():
            return jsonify(_compute(system, handler, limits))

        return view

    app.view_functions["calculate"] = guarded(calculate.calculate)
    app.view_functions["trace"] = guarded(handlers.trace)
    workbench_api.install(app)
    app.view_functions["get_spec"] = spec.extended(app.view_functions["get_spec"])

    @app.errorhandler(RequestError)
    def refused(error: RequestError):
        return jsonify(error.payload), error.status

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_error):
        return jsonify({"error": f"Request body over {limits.max_body_bytes} bytes: send fewer towns per request."}), 413

    return app
