"""The OpenAPI description of the workbench's endpoints, added to the web API's ``/spec``.

The schemas are those :mod:`openfisca_ct_education.web.scenario_request` checks, so a client (and the
schemathesis fuzzing of ``tests/web/test_web_fuzz.py``) knows what each endpoint takes.
"""

from __future__ import annotations

import json

from flask import Response

from openfisca_ct_education.web.scenario_request import MAX_EDITS, MAX_REFORMS, MAX_TEXT, MAX_TITLE, MAX_WINDOW, REFORMS

_ERROR = {
    "description": "The request is refused: the message says what is wrong, and field names the input.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"error": {"type": "string"}, "field": {"type": "string"}},
                "required": ["error"],
            }
        }
    },
}

SCENARIO = {
    "type": "object",
    "description": "A scenario against current law: the options of `ct-education compare`.",
    "properties": {
        "year": {"type": "integer", "description": "Fiscal year (2026 = 1 July 2025 to 30 June 2026), the first of a window.", "example": 2026},
        "through": {"type": "integer", "description": f"The window's last fiscal year (at most {MAX_WINDOW} years); chained year to year.", "example": 2029},
        "reforms": {
            "type": "array",
            "maxItems": MAX_REFORMS,
            "items": {"type": "string", "enum": list(REFORMS)},
            "description": "Reforms applied together, in order (e.g. opportunity_network).",
        },
        "set": {
            "type": "array",
            "maxItems": MAX_EDITS,
            "items": {"type": "string", "maxLength": MAX_TEXT},
            "description": "Parameter edits PATH=VALUE[@FY], as `ct-education compare --set`.",
            "example": ["cgs_10_262f.foundation=12025@2026"],
        },
        "staged": {"type": "boolean", "description": "Keep the reforms' effective fiscal year (default: as if in force)."},
        "title": {"type": "string", "maxLength": MAX_TITLE, "description": "The scenario's label (e.g. a bill number)."},
    },
    "required": ["year"],
    "additionalProperties": False,
}

EXPLAIN = {
    "type": "object",
    "properties": {
        "town": {"type": "string", "description": "Town name or CSDE code.", "example": "Ansonia"},
        "variable": {"type": "string", "description": "The variable to explain.", "example": "ecs_entitlement"},
        "depth": {"type": "integer", "minimum": 0, "maximum": 50},
        "shown": {"type": "integer", "description": "With a window (year, through): the fiscal year explained, at the end of the window's chain."},
        **SCENARIO["properties"],
    },
    "required": ["town", "year"],
    "additionalProperties": False,
}

def _post(operation: str, summary: str, schema: dict, answer: str) -> dict:
    """A JSON-in, JSON-out POST operation whose refusals are the hardened app's (400, 413, 415)."""
    return {
        "post": {
            "summary": summary,
            "operationId": operation,
            "tags": ["Workbench"],
            "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
            "responses": {
                "200": {"description": answer, "content": {"application/json": {"schema": {"type": "object"}}}},
                **{status: _ERROR for status in ("400", "413", "415")},
            },
        }
    }


PATHS = {
    "/compare": _post(
        "compare",
        "Compare a scenario with current law for every town",
        SCENARIO,
        "Per-town and statewide results, designations entering and leaving, the edits applied, metadata.",
    ),
    "/explain": _post(
        "explain",
        "Explain one town's figure under a scenario, down to the statute",
        EXPLAIN,
        "The explanation tree of `ct-education explain --format json`.",
    ),
}


def extended(get_spec):
    """Wrap OpenFisca's ``/spec`` view so that its description includes :data:`PATHS`."""

    def view():
        response = get_spec()
        document = json.loads(response.get_data())
        document.setdefault("paths", {}).update(PATHS)
        return Response(json.dumps(document), mimetype="application/json")

    return view
