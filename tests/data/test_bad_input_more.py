"""More bad input, at every door: CSV encodings and number spellings, several problems at once, the
Python API (a FormulaInputs made by hand, a year that does not match), the shipped data files, and
parameter files (values their unit does not allow, directly and through a reform)."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from openfisca_core import periods
from openfisca_core.parameters import load_parameter_file
from openfisca_core.reforms import Reform
from test_bad_input import SHIPPED, set_cell, shipped_text, write_variant

from openfisca_ct_education.data import inputs as inputs_module
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.data.inputs import read_formula_inputs
from openfisca_ct_education.engine.parameter_checks import check_parameters
from openfisca_ct_education.workbench.reform_loader import apply_reforms
from openfisca_ct_education.engine.simulation import build_simulation, current_law

NUMBER_CASES = {
    "-inf": "finite",
    "Infinity": "finite",
    "NaN": "finite",
    "1e400": "finite",  # overflows to infinity
    "  ": "finite",
    "1,234": "finite",
    "0x10": "finite",
}


@pytest.mark.parametrize("text", NUMBER_CASES)
def test_numbers_that_are_not_finite_numbers(tmp_path, text):
    path = write_variant(tmp_path, set_cell("Ansonia", "engl_avg", text))
    with pytest.raises(InputDataError) as error:
        read_formula_inputs(path, 2026)
    message = str(error.value)
    assert str(path) in message and "row 3" in message and "'engl_avg'" in message and NUMBER_CASES[text] in message


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-32"])
def test_wrong_encodings(tmp_path, encoding):
    text = shipped_text().replace("Andover", "Andövér") if encoding == "cp1252" else shipped_text()
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(InputDataError, match="not UTF-8"):
        read_formula_inputs(path, 2026)


def test_utf8_with_a_byte_order_mark_and_windows_line_endings_are_read(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + shipped_text().replace("\n", "\r\n").encode("utf-8"))
    assert read_formula_inputs(path, 2026).frame.equals(read_formula_inputs(None, 2026).frame)


def test_several_problems_are_counted_and_the_first_named(tmp_path):
    def edit(frame):
        frame = set_cell("Bridgeport", "frpl_count", "many")(frame)
        frame = set_cell("Hartford", "resident_students", "-5")(frame)
        return set_cell("Woodstock", "ell_count", "nan")(frame)

    path = write_variant(tmp_path, edit)
    with pytest.raises(InputDataError) as error:
        read_formula_inputs(path, 2026)
    message = str(error.value)
    # Reading order: columns as declared (resident_students before frpl_count), then rows.
    assert "row 65, column 'resident_students'" in message and "2 more problem(s)" in message


def test_duplicate_column_in_a_file_with_a_known_header(tmp_path):
    lines = shipped_text().splitlines()
    lines = [line + "," + line.split(",")[1] for line in lines]  # the 'town' column twice
    path = tmp_path / "dup.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="duplicate column.*town"):
        read_formula_inputs(path, 2026)


def test_a_file_of_only_blank_lines_and_commas(tmp_path):
    path = tmp_path / "commas.csv"
    path.write_text(",,,\n,,,\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="column 1 of the header has no name"):
        read_formula_inputs(path, 2026)


def test_python_api_checks_hand_made_inputs():
    shipped = read_formula_inputs(None, 2026)
    frame = shipped.frame.copy()
    frame.loc[frame["town"] == "Hartford", "ell_count"] = -1.0
    with pytest.raises(InputDataError, match="'ell_count'.*negative"):
        build_simulation(2026, dataclasses.replace(shipped, frame=frame))
    frame = shipped.frame.drop(columns=["mhi"])
    with pytest.raises(InputDataError, match="missing column 'mhi'"):
        build_simulation(2026, dataclasses.replace(shipped, frame=frame))
    with pytest.raises(InputDataError, match="FY2026, but the simulation is for FY2027"):
        build_simulation(2027, shipped)
    with pytest.raises(InputDataError, match="not covered"):
        build_simulation(2026, dataclasses.replace(shipped, year=2035))


def test_python_api_sees_an_edit_made_after_reading():
    inputs = read_formula_inputs(None, 2026)
    inputs.frame.loc[0, "population"] = 0.0
    with pytest.raises(InputDataError, match="'population'"):
        build_simulation(2026, inputs)
    assert read_formula_inputs(None, 2026).frame.loc[0, "population"] > 0  # the cache kept its own copy


@pytest.mark.parametrize("year", ["2026", 2026.0, None, 2018])
def test_python_api_year_must_be_a_formula_year(year):
    with pytest.raises(InputDataError):
        read_formula_inputs(None, year)


def test_shipped_history_is_checked(tmp_path):
    path = tmp_path / "history.csv"
    text = inputs_module.SHIPPED_ENTITLEMENT_HISTORY.read_text(encoding="utf-8").splitlines()
    text[5] = text[5].rsplit(",", 1)[0] + ",-12"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(InputDataError) as error:
        inputs_module.read_entitlement_history(path)
    assert str(path) in str(error.value) and "row 6" in str(error.value) and "ecs_entitlement" in str(error.value)


@pytest.mark.parametrize(
    "file, old, new, fragment",
    [
        ("cgs_10_262f/foundation.yaml", "value: 11525", "value: -11525", "is negative"),
        ("cgs_10_262f/foundation.yaml", "value: 11525", "value: .inf", "is not finite"),
        ("cgs_10_262f/worksheet_rounding/grant.yaml", "value: 0", "value: 0.5", "whole number"),
    ],
)
def test_parameter_file_with_a_value_its_unit_does_not_allow(tmp_path, file, old, new, fragment):
    source = current_law().parameters
    original = (inputs_module.Path(source.cgs_10_262f.foundation.file_path).parents[1] / file)
    text = original.read_text(encoding="utf-8")
    assert old in text, f"{file} no longer holds {old!r}: update this test"
    path = tmp_path / original.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    parameter = load_parameter_file(str(path), name=file.removesuffix(".yaml").replace("/", "."))
    with pytest.raises(InputDataError) as error:
        check_parameters(parameter)
    assert fragment in str(error.value) and str(path) in str(error.value)


def test_shipped_parameters_pass():
    check_parameters(current_law().parameters)


class NegativeWeight(Reform):
    name = "a negative English learner weight"

    def apply(self):
        def edit(parameters):
            parameters.cgs_10_262f.need_students.english_learner_weight.update(start=periods.instant("2025-07-01"), value=-0.25)
            return parameters

        self.modify_parameters(modifier_function=edit)


def test_reform_with_a_value_its_unit_does_not_allow():
    with pytest.raises(InputDataError, match="english_learner_weight.*2025-07-01.*negative"):
        apply_reforms(current_law(), [NegativeWeight])


def test_cli_reports_a_bad_parameter_from_a_reform(capsys):
    from openfisca_ct_education.cli import main

    reform = f"{__name__}.NegativeWeight"
    assert main(["explain", "--town", "Hartford", "--year", "2026", "--variable", "ecs_need_students", "--reform", reform]) == 2
    assert "english_learner_weight" in capsys.readouterr().err


def test_unchanged_file_is_not_read_again(monkeypatch):
    read_formula_inputs(None, 2026)
    monkeypatch.setattr(inputs_module, "_read_text", lambda path: pytest.fail("read again"))
    read_formula_inputs(None, 2026)


def test_changed_file_is_read_again(tmp_path):
    path = tmp_path / "inputs.csv"
    shutil.copy(SHIPPED, path)
    assert read_formula_inputs(path, 2026).frame["mhi"][0] == read_formula_inputs(None, 2026).frame["mhi"][0]
    text = path.read_text(encoding="utf-8").replace(",124167,", ",124168,", 1)
    path.write_text(text, encoding="utf-8")
    assert read_formula_inputs(path, 2026).frame["mhi"][0] == 124168
