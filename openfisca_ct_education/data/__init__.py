"""The data room: the shipped files (CSV and the town boundaries, with their provenance in README.md) and the code that reads, checks, caches and writes files.

May import: openfisca-core, pandas/pandera, and the package's primitives (``errors``). Never the engine, workbench, audit, reports, web or CLI.
"""
