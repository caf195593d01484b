"""The boundaries of the 169 towns (the shipped ``ct_town_boundaries.geojson``), for maps.

Read with :mod:`json` (no geographic library): each town code maps to its name and its polygons' outer
rings as arrays of (longitude, latitude). Holes are left out: no Connecticut town encloses another.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy

from openfisca_ct_education.data.admissible import TOWNS
from openfisca_ct_education.data.file_cache import by_file
from openfisca_ct_education.data.inputs import DATA_DIR
from openfisca_ct_education.errors import InputDataError

SHIPPED_TOWN_BOUNDARIES = DATA_DIR / "ct_town_boundaries.geojson"


@dataclasses.dataclass(frozen=True)
class Town:
    code: int
    name: str
    rings: tuple  # outer rings, each an (n, 2) array of longitude, latitude


def read_town_boundaries(path=SHIPPED_TOWN_BOUNDARIES) -> dict[int, Town]:
    """Town code -> :class:`Town`; an error naming the file unless it holds the 169 towns, codes 1-169."""
    return _read(path)


@by_file
def _read(path) -> dict[int, Town]:
    try:
        content = json.loads(Path(path).read_text(encoding="utf-8"))
        towns = {}
        for feature in content["features"]:
            geometry, properties = feature["geometry"], feature["properties"]
            polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
            if geometry["type"] not in ("Polygon", "MultiPolygon"):
                raise ValueError(f"a {geometry['type']} geometry")
            code = int(properties["num"])
            towns[code] = Town(code, str(properties["name"]), tuple(numpy.asarray(polygon[0], dtype=float) for polygon in polygons))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        raise InputDataError(f"{path}: not a GeoJSON file of town boundaries ({error}).") from None
    if sorted(towns) != list(range(1, TOWNS + 1)):
        raise InputDataError(f"{path}: expected the {TOWNS} towns with codes 1-{TOWNS}, found {len(towns)}.")
    return towns
