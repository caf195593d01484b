"""pytest runs the Python tests here and every OpenFisca YAML test under tests/, compared exactly."""

import pytest

from openfisca_ct_education.engine.simulation import current_law
from openfisca_ct_education.testing import ExactOpenFiscaPlugin


def pytest_configure(config):
    config.pluginmanager.register(ExactOpenFiscaPlugin(current_law(), {}), "openfisca-ct-education-yaml")


@pytest.fixture(scope="session")
def tax_benefit_system():
    return current_law()
