"""pytest runs the Python tests here and every OpenFisca YAML test under tests/, compared exactly."""

import pytest

from openfisca_ct_education.engine.simulation import current_law
from openfisca_ct_education.testing import ExactOpenFiscaPlugin

# The bad-input corpus is YAML too, but not OpenFisca tests: tests/test_bad_input_corpus.py runs it.
collect_ignore_glob = ["bad_input/*.yaml"]


def pytest_configure(config):
    config.pluginmanager.register(ExactOpenFiscaPlugin(current_law(), {}), "openfisca-ct-education-yaml")


@pytest.fixture(scope="session")
def tax_benefit_system():
    return current_law()
