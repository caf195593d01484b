"""The workbench's endpoints (POST /compare, POST /explain, GET /workbench/law, downloads) in process.

Each answer is checked against the command line for the same scenario (one engine behind both doors),
and each bad request against its 4xx and the field it names. The browser tests drive the same
endpoints from the page (tests/web/test_workbench_browser.py).
"""

from __future__ import annotations

import io
import json

import pytest
from cli_output import compare_output, statewide

from openfisca_ct_education.web.app import create_app

FOUNDATION_EDIT = "cgs_10_262f.foundation=12025@2026"


@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


def test_compare_gives_the_command_lines_numbers(client):
    answer = client.post("/compare", json={"year": 2026, "set": [FOUNDATION_EDIT]})
    assert answer.status_code == 200
    web = answer.get_json()
    cli = compare_output("--year", "2026", "--set", FOUNDATION_EDIT)
    for variable in ("ecs_entitlement", "alliance_district_grant", "ecs_non_alliance_portion"):
        assert {k: statewide(web, variable)[k] for k in ("baseline", "value", "difference")} == {
            k: statewide(cli, variable)[k] for k in ("baseline", "value", "difference")
        }
    # current law, FY2026: the total reconciled with CSDE's publication (docs/reconciliation_fy2026.md)
    assert statewide(web)["baseline"] == 2_456_045_870
    assert len(web["towns"]) == 169
    assert web["share_query"] == "year=2026&set=cgs_10_262f.foundation%3D12025%402026"


def test_compare_with_a_reform_names_the_network_districts(client):
    web = client.post("/compare", json={"year": 2026, "reforms": ["opportunity_network"]}).get_json()
    network = next(row for row in web["designations"] if row["designation"] == "network")
    # CSDE report, February 2026: the 36 alliance districts and 10 more (README: 46 districts)
    assert (network["baseline_count"], network["count"]) == (36, 46)


@pytest.mark.parametrize(
    "body, field, words",
    [
        ({"year": 2026, "set": ["cgs_10_262f.foundaton=12025"]}, "set[0]", "Did you mean cgs_10_262f.foundation"),
        ({"year": 2031.5}, "year", "not a fiscal year"),
        ({"year": 1999}, "year", "not covered"),
        ({"year": 2026, "reforms": ["antigravity"]}, "reforms[0]", "unknown reform"),
        ({"year": 2026, "reforms": "opportunity_network"}, "reforms", "expected a list"),
        ({"year": 2026, "staged": "yes"}, "staged", "true or false"),
        ({"year": 2026, "sets": []}, "sets", "unknown field"),
        ({"set": [FOUNDATION_EDIT]}, "year", "missing"),
        ({"year": 2026, "set": ["x" * 400]}, "set[0]", "longer than"),
    ],
)
def test_compare_refuses_bad_scenarios_naming_the_field(client, body, field, words):
    answer = client.post("/compare", json=body)
    assert answer.status_code == 400
    payload = answer.get_json()
    assert payload["field"] == field and words.lower() in payload["error"].lower()


def test_compare_wants_json(client):
    assert client.post("/compare", data="year=2026", content_type="application/x-www-form-urlencoded").status_code == 415
    assert client.post("/compare", data=b"{", content_type="application/json").status_code == 400


def test_explain_gives_the_command_lines_tree(client):
    answer = client.post("/explain", json={"town": "Ansonia", "year": 2026, "variable": "ecs_entitlement", "depth": 1})
    assert answer.status_code == 200
    tree = answer.get_json()["tree"]
    assert tree["value"] == 21_332_353  # Ansonia's FY2026 entitlement as CSDE published it
    assert any("sec_10-262" in href for href in tree["reference"])


@pytest.mark.parametrize(
    "body, field",
    [
        ({"year": 2026}, "town"),
        ({"town": "Atlantis", "year": 2026}, "town"),
        ({"town": "Ansonia", "year": 2026, "variable": "no_such_variable"}, "variable"),
        ({"town": "Ansonia", "year": 2026, "variable": "town_code_of_nowhere"}, "variable"),
        ({"town": "Ansonia", "year": 2026, "variable": "evidence_based_incentive"}, "variable"),  # its reform is not on
        ({"town": "Ansonia", "year": 2026, "depth": -1}, "depth"),
    ],
)
def test_explain_refuses_bad_requests_naming_the_field(client, body, field):
    answer = client.post("/explain", json=body)
    assert answer.status_code == 400, answer.get_json()
    assert answer.get_json()["field"] == field


def test_a_reforms_own_variable_is_explained_with_its_reform(client):
    """Any reform's variable, not only the Opportunity Network's, once the scenario switches the reform on."""
    body = {"town": "Ansonia", "year": 2026, "reforms": ["evidence_based_set_aside"], "variable": "evidence_based_set_aside", "depth": 0}
    answer = client.post("/explain", json=body)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["variable"] == "evidence_based_set_aside"


def test_law_lists_the_editable_parameters_with_their_citations(client):
    law = client.get("/workbench/law?year=2026").get_json()
    foundation = next(p for p in law["parameters"] if p["id"] == "cgs_10_262f.foundation")
    assert foundation["value"] == 11525 and foundation["unit"] == "currency-USD"
    assert all(parameter["citations"] for parameter in law["parameters"]), "every editable parameter cites its source"
    assert 2026 in law["years"]
    assert client.get("/workbench/law?year=1850").status_code == 400


def test_downloads_and_chart(client):
    query = "year=2026&set=cgs_10_262f.foundation%3D12025%402026"
    csv = client.get(f"/compare/download?format=csv&{query}")
    assert csv.status_code == 200 and csv.mimetype == "text/csv" and b"Bridgeport" in csv.data
    document = json.loads(client.get(f"/compare/download?format=json&{query}").data)
    assert statewide(document)["value"] == client.post("/compare", json={"year": 2026, "set": [FOUNDATION_EDIT]}).get_json()["statewide"][0]["value"]
    chart = client.get(f"/compare/chart.png?{query}")
    assert chart.status_code == 200 and chart.data.startswith(b"\x89PNG")
    assert client.get(f"/compare/download?format=exe&{query}").status_code == 400
    assert client.get("/compare/download?format=csv&year=2026&bogus=1").status_code == 400


def test_the_page_for_a_browser_and_the_welcome_for_an_api_client(client):
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and b"ECS workbench" in page.data
    assert b"http" not in client.get("/workbench/static/app.js").data.split(b"fetch(")[1][:20]  # same origin, no CDN
    assert client.get("/", headers={"Accept": "application/json"}).get_json()["welcome"]


def test_the_spec_documents_compare_and_explain(client):
    paths = client.get("/spec").get_json()["paths"]
    assert "post" in paths["/compare"] and "post" in paths["/explain"]


def test_a_window_gives_the_command_lines_years(client):
    """A bill dated FY2027 over FY2027-FY2030: every year as `compare --years` gives it, the out-years marked projections."""
    web = client.post("/compare", json={"year": 2027, "through": 2030, "set": ["cgs_10_262f.foundation=12025@2027"]}).get_json()
    cli = compare_output("--years", "2027-2030", "--set", "cgs_10_262f.foundation=12025@2027")
    keys = ("fiscal_year", "status", "variable", "baseline", "value", "difference", "cumulative_difference")
    assert [{k: row[k] for k in keys} for row in web["statewide_by_year"]] == [{k: row[k] for k in keys} for row in cli["statewide_by_year"]]
    assert [row["status"] for row in web["statewide_by_year"] if row["variable"] == "ecs_entitlement"] == ["formula", "projection", "projection", "projection"]
    # current law FY2027: the state's estimate when the budget passed, $2,458,690,805 (docs/reconciliation_fy2019_2027.md)
    assert web["statewide_by_year"][0]["baseline"] == 2_458_690_805
    assert web["share_query"].startswith("year=2027&through=2030&")


def test_a_projected_year_alone_is_marked_and_equals_the_command_line(client):
    web = client.post("/compare", json={"year": 2031, "set": ["cgs_10_262f.foundation=12025@2028"]}).get_json()
    cli = compare_output("--year", "2031", "--set", "cgs_10_262f.foundation=12025@2028")
    keys = ("baseline", "value", "difference")
    assert {k: statewide(web)[k] for k in keys} == {k: statewide(cli)[k] for k in keys}
    assert web["PROJECTION"] == cli["PROJECTION"]


@pytest.mark.parametrize(
    "body, words",
    [({"year": 2027, "through": 2026}, "before the first year"), ({"year": 2019, "through": 2034}, "at most 8"), ({"year": 2027, "through": 2040}, "not covered")],
)
def test_a_bad_window_is_refused(client, body, words):
    answer = client.post("/compare", json=body)
    assert answer.status_code == 400 and answer.get_json()["field"] == "through" and words in answer.get_json()["error"]


def test_the_window_downloads_a_workbook_of_every_year(client):
    import openpyxl

    query = "year=2027&through=2029&set=cgs_10_262f.foundation%3D12025%402027"
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/compare/download?format=xlsx&{query}").data))
    assert workbook.sheetnames[:5] == ["Summary", "Window", "Towns FY2027", "Towns FY2028", "Towns FY2029"]
    document = json.loads(client.get(f"/compare/download?format=json&{query}").data)
    window = next(row for row in document["cumulative"] if row["variable"] == "ecs_entitlement")
    rows = list(workbook["Window"].iter_rows(values_only=True))
    ecs = next(row for row in rows[1:] if row[0] == "ecs_entitlement")
    assert ecs[rows[0].index("difference")] == window["difference"]


def test_the_spec_scenario_has_the_fields_the_server_checks():
    from openfisca_ct_education.web import scenario_request, spec

    assert set(spec.SCENARIO["properties"]) == set(scenario_request.FIELDS)


def test_the_scenario_file_reads_back_as_the_same_scenario(client):
    import yaml

    from openfisca_ct_education.workbench.scenarios import ScenarioSpec

    answer = client.get("/compare/scenario.yaml?year=2026&reform=opportunity_network&set=cgs_10_262f.foundation%3D12025%402026&title=HB+5001")
    assert answer.status_code == 200
    text = answer.data.decode()
    assert "ct-education compare --year 2026 --scenario" in text
    spec = ScenarioSpec.from_dict(yaml.safe_load(text))
    assert (spec.title, spec.reforms, [(e.path, e.value, e.start) for e in spec.edits]) == (
        "HB 5001", ("opportunity_network",), [("cgs_10_262f.foundation", 12025, "2025-07-01")]
    )
    assert client.get("/compare/scenario.yaml?year=2026").status_code == 400  # a scenario that changes nothing


@pytest.mark.parametrize(
    "text, words",
    [
        ("cgs_10_262f.need_students.low_income_weight=30@2026", "did you mean 0.30"),
        ("cgs_10_262f.foundation=+500", "+500"),
        ("cgs_10_262f.foundation=011525", "011525"),
        ("cgs_10_262f.foundation=-5", "-5"),
    ],
)
def test_bill_edits_are_checked_as_at_the_command_line(client, text, words):
    answer = client.post("/compare", json={"year": 2026, "set": [text]})
    assert answer.status_code == 400
    assert answer.get_json()["field"] == "set[0]" and words in answer.get_json()["error"]


def test_a_towns_trail_in_a_window_is_the_windows_chained_figure(client):
    """In a window FY2026-FY2027 with a foundation of $12,025 from FY2026, Hartford's FY2027 entitlement starts from
    the model's own (edited) FY2026, as compare --years chains it; explained as a single year it would start from
    the published FY2026 entitlement and give another figure."""
    body = {"year": 2026, "through": 2027, "set": ["cgs_10_262f.foundation=12025@2026"]}
    window = client.post("/compare", json=body).get_json()
    hartford = next(town for town in window["by_year"]["2027"]["towns"] if town["town"] == "Hartford")["ecs_entitlement"]
    trail = client.post("/explain", json={**body, "town": "Hartford", "shown": 2027, "depth": 0}).get_json()
    assert trail["tree"]["value"] == hartford[window["by_year"]["2027"]["scenarios"][0]]
    single = client.post("/explain", json={"year": 2027, "set": body["set"], "town": "Hartford", "depth": 0}).get_json()
    assert single["tree"]["value"] != trail["tree"]["value"]
    assert client.post("/explain", json={**body, "town": "Hartford", "shown": 2031}).get_json()["field"] == "shown"


def test_a_projected_years_csv_download_is_marked_like_the_command_lines(client):
    """One renderer for both doors: a projected year's CSV carries its status and prior-year columns on every row."""
    cli = compare_output("--year", "2031", "--set", "cgs_10_262f.foundation=12025@2028", fmt="csv")
    web = client.get("/compare/download?format=csv&year=2031&set=cgs_10_262f.foundation%3D12025%402028").data.decode()
    assert web.splitlines()[0] == cli.splitlines()[0]
    assert web.splitlines()[0].startswith("status,prior_year,") and web.splitlines()[1].startswith("projection,chained,")
