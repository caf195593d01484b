"""The web API computes a chained year from the previous year's inputs, or refuses: never a previous year of 0 (issue 11)."""

from __future__ import annotations

import json

from web_server import hardened_server, post  # noqa: F401 (pytest fixture)

from openfisca_ct_education.data.inputs import read_entitlement_history, read_formula_inputs
from openfisca_ct_education.web.situations import whole_state_situation, whole_state_years_situation


def test_fy2026_from_fy2025_inputs(hardened_server):  # noqa: F811
    """FY2025 and FY2026 inputs, the FY2024 entitlement, only FY2026 asked: FY2025 is computed from its inputs
    (from the published FY2024), FY2026 from it. 168 towns equal the published FY2026 entitlements (Haddam
    +$12, docs/reconciliation_fy2026.md); openfisca-core alone took FY2025 as 0 and changed 78 towns."""
    situation = whole_state_years_situation([read_formula_inputs(None, 2025), read_formula_inputs(None, 2026)])
    status, text = post(hardened_server, "/calculate", json.dumps(situation).encode())
    assert status == 200, text[:300]
    towns = json.loads(text)["towns"]
    published = read_entitlement_history()[2026]
    codes = read_formula_inputs(None, 2026).frame.set_index("town")["town_code"]
    exact = sum(towns[name]["ecs_entitlement"]["2026"] == published[codes[name]] for name in towns)
    assert exact == 168


def test_missing_previous_year_is_refused_with_its_name(hardened_server):  # noqa: F811
    situation = whole_state_situation(read_formula_inputs(None, 2026))
    for town in situation["towns"].values():
        del town["ecs_entitlement"]["2025"]  # FY2026 is still asked for
    status, text = post(hardened_server, "/calculate", json.dumps(situation).encode())
    assert 400 <= status < 500, text[:300]
    assert "ecs_entitlement' for 2025" in text and "never taken as 0" in text
