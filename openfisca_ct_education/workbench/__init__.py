"""The drafter's workbench: reforms, checked parameter edits and named scenarios, compared with current law for every town.

May import: ``engine``, ``data`` and the primitives. Never ``audit``, ``reports``, ``web`` or the CLI.
"""
