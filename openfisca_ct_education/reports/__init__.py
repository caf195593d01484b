"""Reports: the results of a run, a comparison or an explanation rendered as tables, CSV, JSON, Markdown and charts.

May import: ``audit``, ``workbench``, ``engine``, ``data`` and the primitives. Never ``web`` or the CLI.
"""
