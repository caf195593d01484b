# Run from the root of the repository, in the environment where the package is installed.
# PYTHONPATH makes the reform module (foundation_bill.py) importable by the YAML test.
PYTHONPATH=docs/guides/examples openfisca test --country-package openfisca_ct_education \
  docs/guides/examples/foundation_bill_test.yaml
