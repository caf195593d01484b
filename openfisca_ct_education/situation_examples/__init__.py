"""Example situations for the web API's OpenAPI spec (``/spec``), loaded from the JSON files here."""

import json
from pathlib import Path

DIR_PATH = Path(__file__).resolve().parent


def parse(file_name):
    """Load a JSON example situation."""
    return json.loads((DIR_PATH / file_name).read_text(encoding="utf-8"))


four_towns_fy2026 = parse("four_towns_fy2026.json")
