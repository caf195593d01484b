"""Messages (issue 12, item 15): help texts, fiscal years written FY2026, no OpenFisca internals leaking.
The refusals ("did you mean" for towns, reforms and variables) are cases of tests/bad_input/cli_messages.yaml."""

from __future__ import annotations

import pytest

from openfisca_ct_education.cli import _parser, main
from openfisca_ct_education.workbench.reform_loader import short_names


def _help(*command) -> str:
    with pytest.raises(SystemExit):
        _parser().parse_args([*command, "--help"])


def test_help_lists_the_reforms_and_explains_every_option(capsys):
    _help("compare")
    text = " ".join(capsys.readouterr().out.split())
    assert short_names() == ("differentiated_support", "evidence_based_set_aside", "opportunity_network", "psd_consolidation")
    for name in short_names():
        assert name in text
    assert "output format" in text and "--scenario" in text
    for command in ("run", "reconcile", "explain"):
        _help(command)
        text = " ".join(capsys.readouterr().out.split())
        assert "--year YEAR fiscal year" in text or "--year YEAR fiscal" in text, command
        if command != "reconcile":
            assert "output format" in text, command


def test_fy2026_is_the_year_2026(capsys):
    assert main(["run", "--year", "FY2026", "--format", "csv"]) == 0
    with_prefix = capsys.readouterr().out
    assert main(["run", "--year", "2026", "--format", "csv"]) == 0
    assert with_prefix == capsys.readouterr().out


def test_a_year_of_record_says_why_a_column_is_left_out_in_words(capsys):
    # Was: "The parameter 'cgs_10_266t[appropriation]' was not found in the 2025-01-01 tax and benefit system."
    assert main(["run", "--year", "2025"]) == 0
    header = [line for line in capsys.readouterr().out.splitlines() if line.startswith("# omitted extended_school_hours_grant")]
    assert header and "was not found" not in header[0] and "[" not in header[0]
    assert "cgs_10_266t.appropriation" in header[0] and "FY2025" in header[0] and "FY2026" in header[0]
