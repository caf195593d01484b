"""Reports: the results of a run, a comparison or an explanation rendered as tables, CSV, JSON, Markdown, Excel workbooks, charts and maps.

May import: ``audit``, ``workbench``, ``engine``, ``data`` and the primitives. Never ``web`` or the CLI.
"""
