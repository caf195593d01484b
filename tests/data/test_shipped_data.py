"""The shipped data files pass their schemas (checked here, so a run on them need not load pandera)."""

import subprocess
import sys

from openfisca_ct_education.data.inputs import SHIPPED_FORMULA_INPUTS, check_shipped_data, is_shipped


def test_shipped_files_pass_their_schemas():
    check_shipped_data()


def test_only_the_package_files_count_as_shipped(tmp_path):
    assert is_shipped(SHIPPED_FORMULA_INPUTS[2026])
    copy = tmp_path / "ecs_formula_inputs_fy2026.csv"
    copy.write_bytes(SHIPPED_FORMULA_INPUTS[2026].read_bytes())
    assert not is_shipped(copy)


def test_a_run_on_shipped_data_does_not_load_pandera():
    code = (
        "import sys; from openfisca_ct_education.engine.simulation import build_simulation; "
        "build_simulation(2026).calculate('ecs_entitlement', '2026'); print('pandera' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
