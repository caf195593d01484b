"""Bad input stops with a message naming the file, row, column or year, and a non-zero exit."""

import pandas
import pytest

from openfisca_ct_education.cli import main
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.data.inputs import SHIPPED_FORMULA_INPUTS, read_formula_inputs

SHIPPED = SHIPPED_FORMULA_INPUTS[2026]


def shipped_text():
    return SHIPPED.read_text(encoding="utf-8")


def write_variant(tmp_path, edit, name="inputs.csv"):
    """A copy of the shipped FY2026 inputs with one edit applied to its DataFrame (all as text)."""
    frame = pandas.read_csv(SHIPPED, dtype=str, keep_default_na=False)
    frame = edit(frame)
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def set_cell(town, column, value):
    def edit(frame):
        frame.loc[frame["town"] == town, column] = value
        return frame

    return edit


CASES = {
    "missing column": (lambda f: f.drop(columns=["ell_count"]), ["missing column 'ell_count'"]),
    "misspelled column": (
        lambda f: f.rename(columns={"resident_students": "resident_studnets"}),
        ["missing column 'resident_students'", "resident_studnets", "misspelled"],
    ),
    "non-numeric count": (set_cell("Bridgeport", "frpl_count", "many"), ["row 16", "'frpl_count'", "'many'"]),
    "negative count": (set_cell("Hartford", "resident_students", "-5"), ["row 65", "'resident_students'", "negative"]),
    "empty cell": (set_cell("Andover", "mhi", ""), ["row 2", "'mhi'"]),
    "NaN": (set_cell("Andover", "engl_avg", "nan"), ["row 2", "'engl_avg'", "finite"]),
    "infinity": (set_cell("Andover", "engl_avg", "inf"), ["row 2", "'engl_avg'", "finite"]),
    "zero population": (set_cell("Andover", "population", "0"), ["row 2", "'population'"]),
    "flag not 0/1": (set_cell("Andover", "alliance_flag", "2"), ["row 2", "'alliance_flag'", "0 or 1"]),
    "fractional rank": (set_cell("Andover", "pic_rank", "1.5"), ["row 2", "'pic_rank'", "whole number"]),
    "unknown town code": (set_cell("Andover", "town_code", "170"), ["row 2", "'town_code'", "170 is above 169"]),
    "code and name disagree": (set_cell("Andover", "town", "Ansonia"), ["row 2", "town code 1 is Andover"]),
    "duplicate town": (lambda f: pandas.concat([f, f.iloc[[5]]], ignore_index=True), ["row 171", "appears twice"]),
    "missing town": (lambda f: f[f["town"] != "Woodstock"], ["1 town(s) missing", "Woodstock", "169"]),
    "wrong fiscal year": (set_cell("Andover", "fiscal_year", "2025"), ["row 2", "'fiscal_year'", "FY2026"]),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_file_is_refused_with_its_place(tmp_path, case):
    edit, fragments = CASES[case]
    path = write_variant(tmp_path, edit)
    with pytest.raises(InputDataError) as error:
        read_formula_inputs(path, 2026)
    message = str(error.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message


def test_duplicate_column_names(tmp_path):
    text = shipped_text().splitlines()
    text[0] = text[0] + ",mhi"
    path = tmp_path / "dup.csv"
    path.write_text("\n".join(line + ("," if i else "") for i, line in enumerate(text)) + "\n")
    with pytest.raises(InputDataError, match="duplicate column"):
        read_formula_inputs(path, 2026)


@pytest.mark.parametrize(
    "content, fragment",
    [(b"", "empty"), (b"  \n", "empty"), ("town_code,town\n".encode(), "missing column"), ("é".encode("latin-1") * 10, "not UTF-8")],
)
def test_unreadable_files(tmp_path, content, fragment):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputDataError, match=fragment):
        read_formula_inputs(path, 2026)


def test_header_only_file(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text(shipped_text().splitlines()[0] + "\n")
    with pytest.raises(InputDataError, match="no rows"):
        read_formula_inputs(path, 2026)


@pytest.mark.parametrize("year", [2018, 2035, 1999])
def test_year_outside_the_formula(year):
    with pytest.raises(InputDataError, match=f"{year}"):
        read_formula_inputs(None, year)


def test_year_without_shipped_data():
    """FY2028 and later are projected (engine/years.py), never read from a file the package does not ship."""
    with pytest.raises(InputDataError, match="No formula inputs for FY2029 ship"):
        read_formula_inputs(None, 2029)


def test_cli_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys):
    path = write_variant(tmp_path, set_cell("Hartford", "resident_students", "-5"))
    output = tmp_path / "out.csv"
    assert main(["run", "--year", "2026", "--data", str(path), "--output", str(output)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("ct-education: error: ") and "row 65" in error and "Traceback" not in error
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("year", ["2012", "2035", "twenty"])
def test_cli_refuses_a_year_the_law_does_not_cover(year, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", "--year", year])
    assert exit_.value.code == 2
    assert "--year" in capsys.readouterr().err


def test_cli_missing_file(tmp_path, capsys):
    assert main(["run", "--year", "2026", "--data", str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_cli_formula_file_for_a_year_before_the_formula(tmp_path, capsys):
    """FY2018 runs on the published entitlements, but a formula-inputs file cannot be for FY2018."""
    path = write_variant(tmp_path, lambda frame: frame)
    assert main(["run", "--year", "2018", "--data", str(path)]) == 2
    assert "FY2019 to FY2034" in capsys.readouterr().err


def test_designation_flag_that_disagrees_with_the_record(tmp_path, capsys):
    """A file's alliance_flag must agree with the designations of record (parameter cgs_10_262u.alliance_districts)."""
    path = write_variant(tmp_path, set_cell("Andover", "alliance_flag", "1"))
    assert main(["run", "--year", "2026", "--data", str(path)]) == 2
    error = capsys.readouterr().err
    assert "'alliance_flag'" in error and "Andover" in error and "cgs_10_262u.alliance_districts" in error
