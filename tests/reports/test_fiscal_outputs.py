"""Fiscal-note outputs: the workbook read back against the JSON, per-pupil and percent columns, CSV for Excel,
the narrow table, the chart and the map, and bad output options (exit 2, nothing written)."""

import json

import openpyxl
import pandas
import pytest

from openfisca_ct_education.cli import main
from openfisca_ct_education.data.town_boundaries import read_town_boundaries
from openfisca_ct_education.reports import charts

BILL = ["compare", "--year", "2026", "--set", "cgs_10_262f.foundation=12025@2026"]
SHEETS = ["Summary", "Towns", "By DRG", "Designations", "Edits and assumptions", "Sources", "Notes"]
# Hartford, FY2026: the entitlement CSDE published (ecs_entitlements_by_town_fy2001_2026.csv) and its ECS
# resident students (ecs_formula_inputs_fy2026.csv). An underfunded town receives its whole fully funded grant
# in FY2026 (phase-in 100%), and that grant is foundation x need students x base aid ratio (C.G.S. 10-262f):
# raising the foundation from $11,525 to $12,025 raises it by 500 / 11,525 = 4.3384%.
HARTFORD_FY2026 = 226_674_245
HARTFORD_RESIDENT_STUDENTS = 18_417.88
PNG = b"\x89PNG\r\n\x1a\n"


def json_output(capsys, *arguments):
    assert main([*BILL, "--format", "json", *arguments]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def done_when(tmp_path_factory):
    """The issue's command: the workbook, the chart and the map of the foundation bill."""
    folder = tmp_path_factory.mktemp("fiscal_note")
    paths = {name: folder / name for name in ("f.xlsx", "c.png", "m.png")}
    assert main([*BILL, "--format", "xlsx", "--output", str(paths["f.xlsx"]), "--chart", str(paths["c.png"]), "--map", str(paths["m.png"])]) == 0
    return paths


def sheet_frame(book, name) -> pandas.DataFrame:
    rows = list(book[name].iter_rows(values_only=True))
    frame = pandas.DataFrame(rows[1:], columns=rows[0])
    return frame.dropna(how="all")


def test_workbook_totals_equal_the_json_output(done_when, capsys):
    result = json_output(capsys)
    book = openpyxl.load_workbook(done_when["f.xlsx"])
    assert book.sheetnames == SHEETS
    summary = sheet_frame(book, "Summary")
    for row in result["statewide"]:
        line = summary[(summary["measure"] == row["variable"]) & (summary["scenario"] == row["scenario"])].iloc[0]
        assert (line["current law"], line["scenario value"], line["difference"]) == (row["baseline"], row["value"], row["difference"])
    towns = sheet_frame(book, "Towns")
    table, total = towns[towns["town"] != "TOTAL (statewide)"], towns[towns["town"] == "TOTAL (statewide)"].iloc[0]
    assert len(table) == 169
    statewide = result["statewide_towns"]
    for column, label in (("ECS grant: current law", "current law"), ("ECS grant: parameter edits", "parameter edits"), ("ECS grant: difference parameter edits", "difference parameter edits")):
        assert table[column].sum() == total[column] == statewide["ecs_entitlement"][label]
    ecs = next(row for row in result["statewide"] if row["variable"] == "ecs_entitlement")
    assert total["ECS grant: difference parameter edits"] == ecs["difference"]
    from_json = {row["town"]: row["ecs_entitlement"]["parameter edits"] for row in result["towns"]}
    assert dict(zip(table["town"], table["ECS grant: parameter edits"])) == from_json


def test_workbook_is_formatted_for_a_reader(done_when):
    book = openpyxl.load_workbook(done_when["f.xlsx"])
    towns = book["Towns"]
    headers = [cell.value for cell in towns[1]]
    assert headers[:7] == ["town code", "town", "DRG", "ECS resident students", "ECS need students", "ECS grant: current law", "ECS grant: parameter edits"]
    assert "ECS grant: percent change parameter edits" in headers and "ECS grant: difference per need student parameter edits" in headers
    assert towns.freeze_panes == "C2" and towns.auto_filter.ref == f"A1:{towns.cell(1, len(headers)).column_letter}170"
    row = {header: cell for header, cell in zip(headers, towns[2])}
    assert row["ECS grant: current law"].number_format.startswith('"$"#,##0')
    assert row["ECS grant: percent change parameter edits"].number_format.startswith("0.00%")
    assert row["ECS grant: difference per resident student parameter edits"].number_format.startswith('"$"#,##0.00')
    assert towns.column_dimensions["B"].width >= len("North Stonington")
    for name in SHEETS:
        assert book[name].freeze_panes in ("A2", "C2") and book[name].auto_filter.ref
    sources = sheet_frame(book, "Sources").set_index("item")
    assert sources.loc["command line", "value"].startswith("ct-education compare --year 2026 --set cgs_10_262f.foundation=12025@2026")
    assert sources.loc["period convention", "value"].startswith("period YYYY = fiscal year YYYY")
    inputs = sources.loc["data: formula inputs"]
    assert inputs["value"] == "ecs_formula_inputs_fy2026.csv" and len(inputs["sha256"]) == 64 and inputs["vintage"] == "FY2026 (2025-26)"
    edits = sheet_frame(book, "Edits and assumptions")
    assert edits["parameter"].str.contains("cgs_10_262f.foundation").any()
    assert sheet_frame(book, "Notes")["note"].str.contains("per resident / per need student").any()


def test_per_pupil_and_percent_of_a_town_worked_by_hand(capsys):
    hartford = next(row for row in json_output(capsys)["towns"] if row["town"] == "Hartford")["ecs_entitlement"]
    assert hartford["current law"] == HARTFORD_FY2026
    expected = HARTFORD_FY2026 * 500 / 11_525  # 9,834,023.6: the fully funded grant rounds to the dollar
    assert abs(hartford["difference parameter edits"] - expected) < 1
    assert hartford["percent change parameter edits"] == round(500 / 11_525 * 100, 2) == 4.34
    assert hartford["difference per resident student parameter edits"] == round(hartford["difference parameter edits"] / HARTFORD_RESIDENT_STUDENTS, 2)


def test_sort_orders_the_towns(capsys):
    by_change = [row["ecs_entitlement"]["difference parameter edits"] for row in json_output(capsys)["towns"]]
    assert by_change == sorted(by_change, reverse=True)
    by_pct = [row["ecs_entitlement"]["percent change parameter edits"] or 0 for row in json_output(capsys, "--sort", "pct")["towns"]]
    assert by_pct == sorted(by_pct, reverse=True)
    per_pupil = [row["ecs_entitlement"]["difference per resident student parameter edits"] for row in json_output(capsys, "--sort", "per-pupil")["towns"]]
    assert per_pupil == sorted(per_pupil, reverse=True)
    assert [row["town_code"] for row in json_output(capsys, "--sort", "town")["towns"]] == list(range(1, 170))


def test_csv_opens_cleanly_in_excel(capsys):
    assert main([*BILL, "--format", "csv"]) == 0
    text = capsys.readouterr().out
    header, *rows = text.splitlines()
    assert text.isascii() and not text.startswith("\ufeff")
    assert "ecs_entitlement|percent change parameter edits" in header and "ecs_entitlement|difference per need student parameter edits" in header
    booleans = {value for row in rows for value in row.split(",")} & {"True", "False", "true", "false"}
    assert booleans == {"true", "false"}
    assert rows[-1].startswith(",TOTAL,")
    assert main(["run", "--year", "2026", "--format", "csv"]) == 0
    run = capsys.readouterr().out.splitlines()
    assert run[0].isascii() and "ecs_per_resident_student" in run[0] and any(line.startswith("15,Bridgeport,") for line in run)


def test_narrow_table_fits_120_columns_with_a_total(capsys):
    assert main(["run", "--year", "2026"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("#")]
    assert max(map(len, lines)) <= 120
    assert lines[0].split() == ["town_code", "town", "ecs_entitlement", "ecs_per_resident_student", "ecs_pct_change", "alliance_district_grant"]
    assert lines[-1].split()[:2] == ["TOTAL", "2,456,045,870"] and "<NA>" not in lines[-1] and "nan" not in lines[-1]
    # Andover: 2,004,782 / 332.06 resident students = 6,037.41 (the published entitlement over the input count)
    assert lines[1].split()[:4] == ["1", "Andover", "2,004,782", "6,037.41"]
    assert main(["run", "--year", "2026", "--columns", "ecs_need_students,ecs_per_need_student"]) == 0
    assert capsys.readouterr().out.splitlines()[-171].split() == ["town", "ecs_need_students", "ecs_per_need_student"]
    assert main(["run", "--year", "2026", "--wide"]) == 0
    assert "ecs_base_aid_ratio" in capsys.readouterr().out
    assert main([*BILL]) == 0
    compare_lines = capsys.readouterr().out.splitlines()
    start = next(index for index, line in enumerate(compare_lines) if line.startswith("== Towns whose grants change"))
    assert max(len(line) for line in compare_lines[start + 1 : start + 80]) <= 120


def test_chart_and_map_are_pictures(done_when, tmp_path):
    assert done_when["c.png"].read_bytes()[:8] == PNG and done_when["m.png"].read_bytes()[:8] == PNG
    svg, pdf = tmp_path / "m.svg", tmp_path / "c.pdf"
    assert main([*BILL, "--map", str(svg), "--map-value", "pct", "--chart", str(pdf), "--output", str(tmp_path / "out.txt")]) == 0
    assert b"<svg" in svg.read_bytes()[:400] and pdf.read_bytes()[:5] == b"%PDF-"


def test_statewide_by_year_chart_takes_per_year_totals():
    totals = pandas.DataFrame({"current law": [2.46e9, 2.47e9, 2.48e9], "HB 5001": [2.54e9, 2.56e9, 2.58e9]}, index=[2027, 2028, 2029])
    picture = charts.statewide_by_year_chart(totals, "Statewide ECS grant, FY2027-FY2029", "statewide ECS grant (dollars)", "Source: test")
    assert picture[:8] == PNG


def test_town_boundaries_are_the_169_towns():
    towns = read_town_boundaries()
    assert sorted(towns) == list(range(1, 170))
    assert (towns[15].name, towns[64].name, towns[165].name) == ("Bridgeport", "Hartford", "Windsor Locks")


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--chart", "{tmp}/c.txt"], "--chart"),
        (["--map", "{tmp}/m.pdf"], "--map"),
        (["--format", "xlsx"], "--output FILE.xlsx"),
        (["--format", "xlsx", "--output", "{tmp}/f.csv"], ".xlsx"),
        (["--format", "xlsx", "--output", "{tmp}/missing/f.xlsx"], "does not exist"),
        (["--chart", "{tmp}/missing/c.png"], "does not exist"),
        (["--format", "json", "--columns", "town"], "--columns"),
    ],
)
def test_bad_output_options_write_nothing(arguments, message, tmp_path, capsys):
    status = main([*BILL, *[argument.format(tmp=tmp_path) for argument in arguments]])
    error = capsys.readouterr().err
    assert status == 2 and message in error and "Traceback" not in error
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("arguments", [["--sort", "size"], ["--map-value", "ratio"]])
def test_unknown_sort_or_map_value_is_a_usage_error(arguments, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*BILL, *arguments])
    assert stop.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_run_and_reconcile_workbooks(tmp_path, capsys):
    assert main(["run", "--year", "2026", "--format", "xlsx", "--output", str(tmp_path / "run.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "run.xlsx")
    towns = sheet_frame(book, "Towns")
    # the statewide FY2026 total the model computes (docs/reconciliation_fy2026.md: $12 above the published total)
    assert towns[towns["town"] != "TOTAL (statewide)"]["ecs_entitlement"].sum() == 2_456_045_870
    assert main(["reconcile", "--year", "2026", "--format", "xlsx", "--output-dir", str(tmp_path)]) == 0
    summary = sheet_frame(openpyxl.load_workbook(tmp_path / "reconciliation_fy2026.xlsx"), "Summary").set_index("measure")["value"]
    # the published statewide FY2026 total (the shared data README): 2,456,045,858; 168 of 169 towns exact
    assert (summary["published_total"], summary["computed_total"], summary["exact"]) == (2_456_045_858, 2_456_045_870, 168)


def test_a_year_of_record_has_no_per_pupil_figures(tmp_path, capsys):
    """FY2017 runs on the published entitlements: no student counts, so no per-pupil column (never a count of 0).
    (FY2019 and later run the formula on the shipped inputs, issue 11.)"""
    assert main(["compare", "--year", "2017", "--reform", "opportunity_network", "--staged", "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert "percent change opportunity_network" in header and "per resident student" not in header and "ecs_resident_students" not in header
    status = main(["compare", "--year", "2017", "--reform", "opportunity_network", "--staged", "--map", str(tmp_path / "m.png"), "--map-value", "per-pupil"])
    assert status == 2 and "no student counts" in capsys.readouterr().err and list(tmp_path.iterdir()) == []
