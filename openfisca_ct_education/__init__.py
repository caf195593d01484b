"""openfisca-ct-education: Connecticut's education-finance law as an OpenFisca country package.

Period convention: a variable's period ``2026`` is **fiscal year 2026** (1 July 2025 - 30 June
2026, school year 2025-26). Parameter values carry the statute's real effective date (usually
1 July), so a lookup at the start of period ``2026`` (1 January 2026) finds the FY2026 value, and
``period.last_year`` is FY2025.

The package is laid out in rooms, one job each; imports run downwards only (checked by
``tests/test_architecture.py``)::

    cli.py        the ct-education command
    web/          the hardened web API app, its checks, gunicorn settings, local server
    reports/      tables, CSV, JSON, Markdown and charts of runs, comparisons, explanations
    audit/        explain, citations, coverage map, reconciliations
    workbench/    scenarios: reforms and parameter edits compared with current law
    engine/       building a simulation; rounding, allocation, designations, parameter checks
    data/         the shipped files and the code that reads, checks, caches and writes files
    (top level)   the system (here), entities, model_api, errors, references, testing

Public API: :class:`CountryTaxBenefitSystem`, :func:`build_simulation`, :func:`current_law`, :func:`model_dir`.
"""

from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_ct_education import entities
from openfisca_ct_education.engine.parameter_checks import check_parameters
from openfisca_ct_education.situation_examples import four_towns_fy2026

PACKAGE_DIR = Path(__file__).resolve().parent
#: How every output states the period convention (one sentence, the same at every door).
PERIOD_CONVENTION = "period YYYY = fiscal year YYYY (1 July YYYY-1 to 30 June YYYY)"


def model_dir(name: str) -> Path:
    """Folder of the model's ``parameters``, ``variables`` or ``reforms``.

    In a built wheel they sit inside the package; in a checkout (editable install) at the top of
    the repository, as the design card lays them out.
    """
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


class CountryTaxBenefitSystem(TaxBenefitSystem):
    """Connecticut's education-finance law: C.G.S. 10-262f and 10-262h (the ECS grant)."""

    def __init__(self):
        super().__init__(entities.entities)
        self.add_variables_from_directory(str(model_dir("variables")))
        self.load_parameters(str(model_dir("parameters")))
        check_parameters(self.parameters)
        self.open_api_config = {
            "variable_example": "ecs_entitlement",
            "parameter_example": "cgs_10_262f.foundation",
            "simulation_example": four_towns_fy2026,
        }


def __getattr__(name):
    """``build_simulation`` and ``current_law`` importable from the package's top level (loaded on first use)."""
    if name in ("build_simulation", "current_law"):
        from openfisca_ct_education.engine import simulation

        return getattr(simulation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
