"""Reforms of Connecticut's education-finance law.

Each reform is an :class:`openfisca_core.reforms.Reform` subclass in a module of this package,
usable with ``openfisca serve --reforms openfisca_ct_education.reforms.<module>.<Reform>``, in YAML
tests (``reforms:``) and with the ``ct-education`` command line.
"""
