"""Running the package's YAML tests with exact money comparisons.

openfisca-core's YAML test runner compares every number in float32 (``tools.assert_near``): a
$200,000,000 grant is then indistinguishable from $200,000,008, and a test cannot see a
difference of up to $16. This module keeps OpenFisca's runner (collection, ``reforms:``,
``absolute_error_margin``...) and replaces only the comparison: 64-bit values are compared in
float64, to the margin the test gives (none by default), so a test of a grant is exact to the dollar.

Used by ``tests/conftest.py``: ``pytest`` collects every ``*.yaml`` test under ``tests/``.
"""

from __future__ import annotations

import dataclasses

import numpy
from openfisca_core.tools import assert_near
from openfisca_core.tools.test_runner import OpenFiscaPlugin, YamlFile, YamlItem


def assert_exact(actual, expected, absolute_error_margin=None, message="", relative_error_margin=None):
    """Compare like ``openfisca_core.tools.assert_near``, but in float64 for 64-bit numbers."""
    actual = numpy.asarray(actual)
    if actual.dtype not in (numpy.float64, numpy.int64) or isinstance(expected, str):
        return assert_near(actual, expected, absolute_error_margin, message, relative_error_margin)
    expected = numpy.asarray(expected, dtype=numpy.float64)
    difference = numpy.abs(actual.astype(numpy.float64) - expected)
    allowed = numpy.zeros_like(difference)
    if absolute_error_margin is not None:
        allowed = numpy.maximum(allowed, absolute_error_margin)
    if relative_error_margin is not None:
        allowed = numpy.maximum(allowed, numpy.abs(relative_error_margin * expected))
    assert (difference <= allowed).all(), (
        f"{message}{actual.tolist()} differs from {expected.tolist()} by {difference.tolist()} "
        f"(allowed: {allowed.tolist()}; compared in float64)"
    )


class ExactYamlItem(YamlItem):
    """An OpenFisca YAML test whose numbers are compared exactly (see :func:`assert_exact`)."""

    def check_variable(self, variable_name, expected_value, period, entity_index=None):
        if self.should_ignore_variable(variable_name):
            return None
        if isinstance(expected_value, dict):
            for requested_period, expected_at_period in expected_value.items():
                self.check_variable(variable_name, expected_at_period, requested_period, entity_index)
            return None
        actual = self.simulation.calculate(variable_name, period)
        if entity_index is not None:
            actual = actual[entity_index]
        return assert_exact(
            actual,
            expected_value,
            self.test.absolute_error_margin[variable_name],
            f"{variable_name}@{period}: ",
            self.test.relative_error_margin[variable_name],
        )


class ExactYamlFile(YamlFile):
    """A YAML test file whose tests are :class:`ExactYamlItem` (OpenFisca's parsing, unchanged)."""

    def collect(self):
        for item in super().collect():
            yield ExactYamlItem.from_parent(
                self,
                name=item.name,
                baseline_tax_benefit_system=item.baseline_tax_benefit_system,
                test=dataclasses.asdict(item.test) | _error_margins(item.test),
                options=self.options,
            )


def _error_margins(test):
    """The test's error margins as the raw mappings ``build_test`` expects again."""
    return {
        "absolute_error_margin": dict(test.absolute_error_margin.__root__),
        "relative_error_margin": dict(test.relative_error_margin.__root__),
    }


class ExactOpenFiscaPlugin(OpenFiscaPlugin):
    """pytest plugin collecting ``*.yaml`` OpenFisca tests, compared exactly."""

    def pytest_collect_file(self, parent, file_path):
        if file_path.suffix in (".yaml", ".yml"):
            return ExactYamlFile.from_parent(
                parent, path=file_path, tax_benefit_system=self.tax_benefit_system, options=self.options
            )
        return None
