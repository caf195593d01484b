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
  each requested variable computed once for all entities): the handler in half the time;
* builds a situation of whole columns (an app's 169 towns) as arrays (:mod:`openfisca_ct_education.web.columns`,
  parsed by orjson, :mod:`openfisca_ct_education.web.json_body`), anything else the stock way: the same
  answers and messages, a whole-state /calculate in a tenth of the time.

Serve it with gunicorn (settings in :mod:`openfisca_ct_education.web.gunicorn_config`)::

    gunicorn --config python:openfisca_ct_education.web.gunicorn_config 'openfisca_ct_education.web.app:create_app()'
"""

from __future__ import annotations

import contextlib
import logging

from flask import jsonify
from openfisca_core.errors import PeriodMismatchError, SituationParsingError
from openfisca_web_api import handlers
from openfisca_web_api.app import create_app as create_openfisca_app
from werkzeug.exceptions import RequestEntityTooLarge

from openfisca_ct_education.engine import period_cache
from openfisca_ct_education.web import calculate, spec, workbench_api
from openfisca_ct_education.web.checks import Limits, RequestError, check_situation
from openfisca_ct_education.web.json_body import answer, parse_body, request_body

log = logging.getLogger(__name__)


@contextlib.contextmanager
def _engine_errors():
    """The engine's errors on user input as 4xx with its message."""
    try:
        yield
    except (SituationParsingError, PeriodMismatchError) as error:
        raise RequestError(error.error, error.code or 400) from None
    except RecursionError:
        raise RequestError({"error": "The situation asks for a computation nested too deeply."}) from None
    except (ValueError, OverflowError) as error:  # the engine's checks of periods and values
        log.info("refused: %s", error)
        raise RequestError({"error": str(error)}) from None


def _calculate(system, limits: Limits):
    """/calculate: the situation with its null values computed (:mod:`.calculate`; whole columns by :mod:`.columns`)."""
    body = request_body(limits, "situation")
    with _engine_errors():
        result = calculate.calculate_body(system, body, limits)
    return answer(result)


def _trace(system, limits: Limits):
    """/trace: the stock handler, on a checked situation."""
    data = parse_body(request_body(limits, "situation"))
    check_situation(system, data, limits)
    with _engine_errors():
        result = handlers.trace(system, data)
    calculate.refuse_non_finite(result)
    return jsonify(result)


def create_app(tax_benefit_system=None, limits: Limits | None = None):
    """The hardened Flask app of the web API (the current-law system by default)."""
    from openfisca_ct_education.engine.simulation import current_law

    period_cache.install()
    system = tax_benefit_system or current_law()
    limits = limits or Limits()
    app = create_openfisca_app(system)
    app.config["MAX_CONTENT_LENGTH"] = limits.max_body_bytes

    app.view_functions["calculate"] = lambda: _calculate(system, limits)
    app.view_functions["trace"] = lambda: _trace(system, limits)
    workbench_api.install(app, limits)
    app.view_functions["get_spec"] = spec.extended(app.view_functions["get_spec"])

    @app.errorhandler(RequestError)
    def refused(error: RequestError):
        return jsonify(error.payload), error.status

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_error):
        return jsonify({"error": f"Request body over {limits.max_body_bytes} bytes: send fewer towns per request."}), 413

    return app
