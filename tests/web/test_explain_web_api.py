"""The explanation an app gets from the web API (/trace and /parameter/<id>) is the one ``explain`` gives.

A real ``openfisca serve`` (the fixture of tests/web/test_web_api.py). The example follows
docs/web_api_explain.md: /trace of Hartford's FY2026 need students, then /parameter/<id> of each
parameter the trace lists, the citation in force picked the same way ``explain`` picks it.
"""

from __future__ import annotations

import copy

import pytest
from test_web_api import _request, example, server  # noqa: F401 (pytest fixtures)

from openfisca_ct_education.audit.citations import citations_in_force
from openfisca_ct_education.audit.explain import explain


def hartford_situation(example, variable):  # noqa: F811
    """Hartford alone, the statewide medians given as inputs of the state, ``variable`` for FY2026 asked."""
    hartford = copy.deepcopy(example["towns"]["Hartford"])
    for name in ("ecs_entitlement", "ecs_fully_funded_grant", "ecs_need_students", "ecs_base_aid_ratio"):
        hartford.pop(name, None)
    hartford["ecs_entitlement"] = {"2025": example["towns"]["Hartford"]["ecs_entitlement"]["2025"]}
    hartford.setdefault(variable, {})["2026"] = None
    state = copy.deepcopy(example["states"]["connecticut"])
    state["members"] = ["Hartford"]
    return {"towns": {"Hartford": hartford}, "states": {"connecticut": state}}


@pytest.fixture(scope="module")
def hartford():
    return explain("Hartford", 2026, "ecs_entitlement")


def walk(node):
    yield node
    for child in node.get("parameters", []) + node.get("children", []):
        yield from walk(child)


def test_trace_gives_the_documented_need_students_example(server, example):  # noqa: F811
    answer = _request(server, "POST", "/trace", hartford_situation(example, "ecs_need_students"))
    assert answer.status == 200, answer.text
    trace = answer.json()["trace"]
    node = trace["ecs_need_students<2026>"]
    assert node["value"] == [25158.87]
    assert node["dependencies"] == [
        "ecs_resident_students<2026>",
        "ecs_low_income_students<2026>",
        "ecs_concentrated_poverty_students<2026>",
        "ecs_english_learners<2026>",
    ]
    assert node["parameters"]["cgs_10_262f.need_students.english_learner_weight<2026-01-01>"] == 0.25


def test_trace_agrees_with_explain(server, example, hartford):  # noqa: F811
    answer = _request(server, "POST", "/trace", hartford_situation(example, "ecs_entitlement"))
    assert answer.status == 200, answer.text
    trace = answer.json()["trace"]
    assert trace["ecs_entitlement<2026>"]["value"] == [hartford["tree"]["value"]]
    for node in walk(hartford["tree"]):
        if node["kind"] == "variable" and node["entity"] == "town" and f"{node['name']}<{node['period']}>" in trace:
            value = trace[f"{node['name']}<{node['period']}>"]["value"][0]
            assert value == pytest.approx(node["value"]), node["name"]


def test_explain_cites_what_parameter_endpoint_returns(server, hartford):  # noqa: F811
    parameters = {node["name"]: node for node in walk(hartford["tree"]) if node["kind"] == "parameter"}
    assert "cgs_10_262f.foundation" in parameters and "cgs_10_262f.base_aid_ratio.adjustment_by_pic_rank" in parameters
    for name, node in parameters.items():
        answer = _request(server, "GET", f"/parameter/{name}")
        assert answer.status == 200, answer.text
        served = answer.json()
        assert served["metadata"]["label"] == node["label"]
        key, served_citations = citations_in_force(served["metadata"]["reference"], node["read_at"])
        assert (key, served_citations) == (node["reference_date"], node["citation"]), name
        history = served.get("values") or served.get("brackets")
        start = max(date for date in history if date <= node["read_at"])
        assert start == node["in_force_from"], name
        if "values" in served:
            assert served["values"][start] == pytest.approx(node["value"]), name
        else:
            brackets = {float(threshold): amount for threshold, amount in served["brackets"][start].items()}
            assert brackets == {float(row["threshold"]): row["amount"] for row in node["value"]}, name
