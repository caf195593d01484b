"""Sphinx configuration of the openfisca-ct-education documentation.

The reference part (docs/reference/), the reconciliation report, the data checksums and the charts
(docs/_generated/) are generated from the loaded model at the start of every build, by the
extensions in docs/_ext/. They are git-ignored: nothing generated is committed.
"""

import sys
from importlib.metadata import version as _version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

project = "openfisca-ct-education"
author = "openfisca-ct-education contributors"
copyright = "openfisca-ct-education contributors, AGPL-3.0-or-later"
release = _version("openfisca-ct-education")
version = release

extensions = ["myst_parser", "model_reference", "model_pages"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
# The committed reconciliation report is checked against the model at build time (model_pages)
# and shown from its freshly generated copy in _generated/, so it is not a page of its own.
exclude_patterns = ["_build", "reconciliation_fy2026.md", "reconciliation_alliance.md", "reconciliation_fy2019_2027.md", "_generated/*.md", "guides/examples/*.md"]

html_theme = "alabaster"
html_title = f"openfisca-ct-education {release}"
html_theme_options = {
    "description": "Connecticut's Education Cost Sharing grant as an OpenFisca model",
    "page_width": "1180px",
    "sidebar_width": "250px",
    "fixed_sidebar": True,
}
html_sidebars = {"**": ["about.html", "navigation.html", "relations.html", "searchbox.html"]}
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_copy_source = False
html_show_sourcelink = False
