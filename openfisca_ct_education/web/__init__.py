"""The web room: the hardened web API app (``web.app:create_app``), its request checks, gunicorn settings, a local server starter and whole-state situations.

May import: every room below it (``reports``, ``audit``, ``workbench``, ``engine``, ``data``) and the primitives. Never the CLI.
"""
