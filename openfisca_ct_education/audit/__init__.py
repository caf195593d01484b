"""The auditor's trail: explaining a figure down to its inputs and dated parameters, citations, the statute coverage map and reconciliations with published figures.

May import: ``workbench`` (to explain a scenario), ``engine``, ``data`` and the primitives. Never ``reports``, ``web`` or the CLI.
"""
