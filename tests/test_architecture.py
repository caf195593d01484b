"""The package's rooms (issue 10): each says its job, imports run downwards only, few modules stay at the top.

The layers are declared once, in ``pyproject.toml`` (``[tool.importlinter]``); import-linter checks them
against the package as installed.
"""

import importlib
import pkgutil
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

import openfisca_ct_education

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("audit", "data", "engine", "reports", "web", "workbench")


def test_imports_run_downwards_through_the_rooms(monkeypatch):
    monkeypatch.chdir(ROOT)  # lint-imports reads its contracts from pyproject.toml
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


@pytest.mark.parametrize("room", ROOMS)
def test_every_room_says_its_job_and_what_it_may_import(room):
    module = importlib.import_module(f"openfisca_ct_education.{room}")
    doc = module.__doc__ or ""
    assert doc.strip(), f"{room}/__init__.py has no docstring"
    assert "May import" in doc, f"{room}/__init__.py does not say what it may import"


def test_no_more_than_eight_modules_at_the_top_level():
    top = [m.name for m in pkgutil.iter_modules(openfisca_ct_education.__path__) if not m.ispkg]
    assert len(top) <= 8, top


def test_the_public_api_is_importable_from_the_top_level():
    from openfisca_ct_education import CountryTaxBenefitSystem, build_simulation, current_law, model_dir

    assert callable(build_simulation) and callable(current_law) and callable(model_dir)
    assert isinstance(current_law(), CountryTaxBenefitSystem)
