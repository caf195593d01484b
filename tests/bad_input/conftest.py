"""The corpus files are read by tests/test_bad_input_corpus.py, not collected as OpenFisca YAML tests."""

collect_ignore_glob = ["*.yaml", "generators*.py"]
