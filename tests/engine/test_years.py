"""Every fiscal year of the law (issue 11): chains of years, projections, year ranges and their bad input."""

from __future__ import annotations

import csv
import io
import json

import numpy
import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_ct_education.cli import main
from openfisca_ct_education.data.inputs import SHIPPED_FORMULA_INPUTS, read_entitlement_history, read_formula_inputs
from openfisca_ct_education.data.projection import read_assumptions
from openfisca_ct_education.engine.simulation import build_simulation, current_law
from openfisca_ct_education.engine.years import plan, run_years
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.web.situations import whole_state_situation, whole_state_years_situation
from openfisca_ct_education.workbench.parameter_edits import ParameterEdit, edits_reform


def test_prior_year_computed_from_its_inputs_not_taken_as_zero():
    """A situation holding FY2025 and FY2026 inputs, asked only for FY2026 (as the web API's /calculate does):
    FY2025 is computed from its inputs (from the published FY2024), then FY2026 from it. 168 towns equal the
    published FY2026 entitlements (Haddam +$12, as docs/reconciliation_fy2026.md records), as with the
    published FY2025 figure; taking FY2025 as 0 would change every held or phased town."""
    situation = whole_state_years_situation([read_formula_inputs(None, 2025), read_formula_inputs(None, 2026)])
    simulation = SimulationBuilder().build_from_entities(current_law(), situation)
    fy2026 = simulation.calculate("ecs_entitlement", "2026")
    published = read_entitlement_history()[2026].reindex(simulation.calculate("town_code", "ETERNITY")).to_numpy()
    assert (fy2026.round() == published).sum() == 168
    assert simulation.calculate("ecs_entitlement", "2025").min() > 0


def test_missing_prior_year_is_an_error_naming_it():
    situation = whole_state_situation(read_formula_inputs(None, 2026))
    for town in situation["towns"].values():
        del town["ecs_entitlement"]
    simulation = SimulationBuilder().build_from_entities(current_law(), situation)
    with pytest.raises(Exception, match=r"ecs_entitlement' for 2025.*never taken as 0"):
        simulation.calculate("ecs_entitlement", "2026")


def _bill_situation():
    return {
        "towns": {
            "over": {
                "ecs_is_protected_district": {str(year): False for year in range(2027, 2030)},
                "ecs_entitlement": {"2017": 7500000, "2026": 7000000},
                "ecs_fully_funded_grant": {str(year): 6000000 for year in range(2027, 2030)},
            }
        },
        "states": {"connecticut": {"members": ["over"]}},
    }


def test_bill_dated_fy2027_moves_every_later_year():
    """A bill phasing overfunded towns down by 10% from FY2027 (instead of holding them):
    FY2027: GA 7,000,000 - 6,000,000 = 1,000,000; 7,000,000 - 100,000 = 6,900,000 (current law: 7,000,000).
    FY2028: 10% again (the bill's value stands until changed): GA 900,000; 6,900,000 - 90,000 = 6,810,000
            (current law: 14.29% x 1,000,000 = 142,900 -> 6,857,100).
    FY2029: GA 810,000; 10% = 81,000; 6,810,000 - 81,000 = 6,729,000."""
    reform = edits_reform([ParameterEdit("cgs_10_262h.overfunded_decrease_rate", 0.10, "2026-07-01")])(current_law())
    simulation = SimulationBuilder().build_from_entities(reform, _bill_situation())
    assert [simulation.calculate("ecs_entitlement", str(year))[0] for year in (2027, 2028, 2029)] == [6900000, 6810000, 6729000]
    baseline = SimulationBuilder().build_from_entities(current_law(), _bill_situation())
    assert baseline.calculate("ecs_entitlement", "2028")[0] == 6857100


def test_out_years_are_chained_projections():
    run = run_years(range(2026, 2030))
    assert [run.sources[year].metadata()["status"] for year in run.years] == ["formula", "formula", "projection", "projection"]
    assert [run.sources[year].prior for year in run.years] == ["published", "published", "chained", "chained"]
    assert run.simulations[2028] is run.simulations[2029]  # one chain
    # FY2028 starts from the model's FY2027 (which equals the FY2027 estimate for all 169 towns, see the reconciliation)
    chain = run.simulations[2028]
    assert (chain.calculate("ecs_prior_year_entitlement", "2028") == chain.calculate("ecs_entitlement", "2027")).all()
    assert (build_simulation(2029).calculate("ecs_entitlement", "2029") == chain.calculate("ecs_entitlement", "2029")).all()


def test_assumptions_grow_inputs_year_on_year(tmp_path):
    """Andover FY2027: mhi 127,335. At +2.5% a year: FY2028 127,335 x 1.025 = 130,518.375; FY2029 127,335 x 1.025^2 =
    133,781.334375 (not rounded: the formula rounds its own steps). Population held constant (3,148)."""
    path = tmp_path / "growth.yaml"
    path.write_text("mhi: 0.025\nengl_avg: {2028: 0.04}\n")
    sources = plan([2029], projection=read_assumptions(path))
    andover = sources[2029].inputs.frame.iloc[0]
    assert (andover["town"], andover["population"]) == ("Andover", 3148.0)
    assert andover["mhi"] == pytest.approx(133781.334375, abs=1e-6)
    assert sources[2028].inputs.frame.iloc[0]["mhi"] == pytest.approx(130518.375, abs=1e-6)
    assert "growth.yaml" in sources[2029].describe_inputs() and sources[2029].describe_inputs().startswith("PROJECTION")


def _csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_run_years_long_form_with_totals(capsys):
    assert main(["run", "--years", "2025-2028", "--format", "csv"]) == 0
    rows = _csv_rows(capsys.readouterr().out)
    totals = {row["fiscal_year"]: row for row in rows if row["town"] == "TOTAL"}
    assert sorted(totals) == ["2025", "2026", "2027", "2028"]
    # FY2027: the estimate's statewide total (every town exact, docs/reconciliation_fy2019_2027.md)
    assert int(totals["2027"]["ecs_entitlement"]) == 2_458_690_805
    assert totals["2028"]["status"] == "projection" and totals["2028"]["prior_year"] == "chained"
    assert sum(row["fiscal_year"] == "2026" for row in rows) == 170


def test_run_year_of_projection_is_marked(capsys):
    assert main(["run", "--year", "2031", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["PROJECTION"].startswith("figures computed on projected inputs: the FY2027 inputs")
    assert result["prior_year_entitlement"].startswith("chained")


def test_compare_years_bill_carries_through_the_chain(tmp_path, capsys):
    chart = tmp_path / "totals.png"
    assert main(["compare", "--years", "2027-2030", "--set", "cgs_10_262f.foundation=12025@2027", "--format", "csv", "--chart", str(chart)]) == 0
    rows = _csv_rows(capsys.readouterr().out)
    totals = [row for row in rows if row["town"] == "TOTAL"]
    deltas = [int(row["ecs_entitlement|difference parameter edits"]) for row in totals]
    assert all(delta > 0 for delta in deltas) and len(deltas) == 4
    cumulative = next(row for row in rows if row["status"] == "cumulative")
    assert int(cumulative["ecs_entitlement|difference parameter edits"]) == sum(deltas)
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["run", "--years", "2030-2027"], "starts after it ends"),
        (["run", "--years", "2027-2035"], "FY2035 is not covered"),
        (["run", "--year", "2035"], "FY2035 is not covered"),
        (["compare", "--years", "2027-2040", "--set", "cgs_10_262f.foundation=12025"], "FY2040"),
        (["run", "--years", "2027-2030", "--chain-from", "2029"], "no published prior-year entitlement"),
    ],
)
def test_bad_year_ranges_exit_2(arguments, message, tmp_path, capsys):
    output = tmp_path / "out.csv"
    try:
        code = main(arguments + ["--output", str(output)])
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert not output.exists()


def _inputs_file(tmp_path, year, drop=None, fiscal_year=None):
    text = SHIPPED_FORMULA_INPUTS[2027].read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    header = [name for name in rows[0] if name != drop]
    path = tmp_path / f"inputs_fy{year}.csv"
    with path.open("w", newline="") as file:
        writer = csv.DictWriter(file, header, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "fiscal_year": str(fiscal_year or year)})
    return path


def test_projected_inputs_file(tmp_path, capsys):
    path = _inputs_file(tmp_path, 2029)
    assert main(["run", "--years", "2028-2029", "--projected-inputs", f"2029={path}", "--format", "json"]) == 0
    years = json.loads(capsys.readouterr().out)["years"]
    assert years[1]["inputs"] == f"PROJECTION: the projected inputs of the file {path}"


@pytest.mark.parametrize(
    "kind, message",
    [
        ("wrong year", "fiscal_year"),
        ("missing column", "missing column 'mhi'"),
        ("unknown key", "key 'income'"),
        ("bad rate", "'fast' is not a growth rate"),
        ("bad year", "2040 is not a projected fiscal year"),
    ],
)
def test_bad_projection_input_exit_2(kind, message, tmp_path, capsys):
    arguments = ["run", "--years", "2028-2029"]
    if kind == "wrong year":
        arguments += ["--projected-inputs", f"2029={_inputs_file(tmp_path, 2029, fiscal_year=2028)}"]
    elif kind == "missing column":
        arguments += ["--projected-inputs", f"2029={_inputs_file(tmp_path, 2029, drop='mhi')}"]
    else:
        path = tmp_path / "assumptions.yaml"
        path.write_text({"unknown key": "income: 0.02\n", "bad rate": "mhi: fast\n", "bad year": "mhi: {2040: 0.02}\n"}[kind])
        arguments += ["--assumptions", str(path)]
    output = tmp_path / "out.csv"
    assert main(arguments + ["--output", str(output)]) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error
    assert not output.exists()


def test_python_api_refuses_bad_chain():
    with pytest.raises(InputDataError, match="starts after it ends"):
        run_years(range(2030, 2027))
    with pytest.raises(InputDataError, match="not covered"):
        plan([2035])


def test_projected_year_csv_rows_are_marked(capsys):
    assert main(["run", "--year", "2031", "--format", "csv"]) == 0
    rows = _csv_rows(capsys.readouterr().out)
    assert {(row["status"], row["prior_year"]) for row in rows} == {("projection", "chained")}
    assert main(["run", "--year", "2026", "--format", "csv"]) == 0
    assert "status" not in _csv_rows(capsys.readouterr().out)[0]  # a year of record's CSV is unchanged


def test_end_of_the_schedule_fy2034():
    """FY2034 closes the phase-down (100%, C.G.S. 10-262h as amended by PA 25-168): with the FY2027 inputs held,
    every town gets its FY2027 fully funded grant, except an alliance or priority school district, held at the
    greater of it, its base grant and its FY2027 grant (the hold-harmless, never lowered by a phase-down)."""
    fy2027 = build_simulation(2027)
    full = fy2027.calculate("ecs_fully_funded_grant", "2027")
    held = numpy.maximum(full, numpy.maximum(fy2027.calculate("ecs_base_grant_amount", "2027"), fy2027.calculate("ecs_entitlement", "2027")))
    expected = numpy.where(fy2027.calculate("ecs_is_protected_district", "2027"), held, full)
    assert (build_simulation(2034).calculate("ecs_entitlement", "2034") == expected).all()
