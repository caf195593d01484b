"""A scenario as the web workbench sends it: a JSON body or the query string of a shareable URL.

Both forms carry the same fields as the command line's ``compare`` options, and are checked by the
same code (:func:`~openfisca_ct_education.workbench.parameter_edits.parse_set` for each edit, the
reform loader for each reform, the years the CLI accepts)::

    {"year": 2026, "through": 2029, "reforms": ["opportunity_network"],
     "set": ["cgs_10_262f.foundation=12025@2026"], "staged": false, "title": "HB 5001"}

    /?year=2026&reform=opportunity_network&set=cgs_10_262f.foundation%3D12025%402026&title=HB+5001

A field that is wrong is a :class:`~openfisca_ct_education.web.checks.RequestError` (400) whose JSON
names the field (``{"error": ..., "field": "set[0]"}``), so the page can show it next to the input.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
from urllib.parse import urlencode

from openfisca_ct_education.data.inputs import FORMULA_YEARS
from openfisca_ct_education.engine.simulation import current_law
from openfisca_ct_education.workbench.compare import BASELINE, EDITS_ONLY
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.web.checks import RequestError
from openfisca_ct_education.workbench.parameter_edits import check_edit, parse_set
from openfisca_ct_education.workbench.reform_loader import apply_reforms
from openfisca_ct_education.workbench.scenarios import MAX_TITLE, ScenarioSpec

MAX_EDITS = 50
MAX_REFORMS = 8
MAX_TEXT = 300
FIELDS = ("year", "through", "reforms", "set", "staged", "title")
MAX_WINDOW = 8  # fiscal years in one window
#: The reforms a web request may name: the package's own (a request never makes the server import a module by name).
REFORMS = ("opportunity_network", "differentiated_support", "psd_consolidation", "evidence_based_set_aside")


def _refuse(field: str, message: str):
    raise RequestError({"error": message, "field": field})


@dataclasses.dataclass(frozen=True)
class ScenarioRequest:
    """One scenario against current law for one fiscal year (validated: see :func:`from_json`)."""

    year: int
    through: int | None = None  # the window's last fiscal year (None: the year alone)
    reforms: tuple = ()
    sets: tuple = ()
    staged: bool = False
    title: str = ""

    @property
    def name(self) -> str:
        """The scenario's label in the comparison, as ``compare`` labels it: its title, else its reforms joined by +,
        else "parameter edits"."""
        return self.title or "+".join(self.reforms) or EDITS_ONLY

    def query(self) -> str:
        """The query string of the shareable URL that reproduces this scenario."""
        pairs = [("year", str(self.year))] + ([("through", str(self.through))] if self.through else []) + [("reform", name) for name in self.reforms] + [("set", text) for text in self.sets]
        if self.staged:
            pairs.append(("staged", "1"))
        if self.title:
            pairs.append(("title", self.title))
        return urlencode(pairs)

    def edits(self):
        return [parse_set(text) for text in self.sets]

    def spec(self) -> ScenarioSpec:
        """The named scenario of ``ct-education compare --scenario FILE`` (its file: :meth:`ScenarioSpec.to_dict`)."""
        return ScenarioSpec(title=self.name, reforms=tuple(self.reforms), edits=tuple(self.edits()))

    def scenario(self):
        """The workbench scenario (reforms loaded, then the edits), as ``compare`` and ``explain`` take it."""
        return self.spec().scenario()

    @property
    def years(self) -> list[int]:
        return list(range(self.year, (self.through or self.year) + 1))


def _year(value, field: str = "year") -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        _refuse(field, f"{field}: {value!r} is not a fiscal year (e.g. 2026).")
    year = int(value)
    if year not in FORMULA_YEARS:  # in a year of record the entitlement is the published amount, which no edit moves
        _refuse(field, f"{field}: FY{year} is not covered: the workbench computes FY{FORMULA_YEARS[0]}-FY{FORMULA_YEARS[-1]}.")
    return year


def _text(field: str, value, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        _refuse(field, f"{field}: expected text, got {type(value).__name__}.")
    if len(value) > limit:
        _refuse(field, f"{field}: longer than {limit} characters.")
    return value.strip()


def _list(field: str, value, limit: int) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        _refuse(field, f"{field}: expected a list.")
    if len(value) > limit:
        _refuse(field, f"{field}: at most {limit} items.")
    return value


@functools.lru_cache(maxsize=16)
def _reformed_parameters(reforms: tuple):
    """The parameters of current law with ``reforms`` applied (an edit may name a reform's own parameter)."""
    return apply_reforms(current_law(), reforms).parameters


def from_json(payload) -> ScenarioRequest:
    """Check a scenario given as JSON (a dict): every field; every reform one of the package's; every edit
    a plain decimal for a parameter of the (reformed) law within its admissible range, as ``compare --set``."""
    if not isinstance(payload, dict):
        raise RequestError({"error": "Send the scenario as a JSON object (year, reforms, set, staged, title)."})
    unknown = sorted(set(payload) - set(FIELDS))
    if unknown:
        _refuse(unknown[0], f"{unknown[0]}: unknown field; a scenario has {', '.join(FIELDS)}.")
    if "year" not in payload:
        _refuse("year", "year: missing (a fiscal year, e.g. 2026).")
    year = _year(payload["year"])
    through = payload.get("through")
    if through in (None, ""):
        through = None
    else:
        through = _year(through, "through")
        if through < year:
            _refuse("through", f"through: FY{through} is before the first year FY{year}.")
        if through - year + 1 > MAX_WINDOW:
            _refuse("through", f"through: at most {MAX_WINDOW} fiscal years in one window (FY{year}-FY{year + MAX_WINDOW - 1}).")
        through = None if through == year else through
    reforms = []
    for index, name in enumerate(_list("reforms", payload.get("reforms"), MAX_REFORMS)):
        field = f"reforms[{index}]"
        name = _text(field, name)
        if name not in REFORMS:
            near = difflib.get_close_matches(name, REFORMS, n=1)
            _refuse(field, f"{field}: unknown reform {name!r}" + (f"; did you mean {near[0]}?" if near else f"; the reforms are {', '.join(REFORMS)}."))
        if name not in reforms:
            reforms.append(name)
    sets = []
    parameters = _reformed_parameters(tuple(reforms))
    for index, text in enumerate(_list("set", payload.get("set"), MAX_EDITS)):
        field = f"set[{index}]"
        text = _text(field, text)
        try:
            check_edit(parameters, parse_set(text))
        except InputDataError as error:
            _refuse(field, str(error))
        sets.append(text)
    staged = payload.get("staged", False)
    if not isinstance(staged, bool):
        _refuse("staged", "staged: expected true or false.")
    title = " ".join(_text("title", payload.get("title", ""), MAX_TITLE).split())
    if title == BASELINE:
        _refuse("title", f"title: {BASELINE!r} is the baseline's label; choose another.")
    return ScenarioRequest(year, through, tuple(reforms), tuple(sets), staged, title)


def from_query(args) -> ScenarioRequest:
    """The scenario of a shareable URL's query string (``year``, ``reform``..., ``set``..., ``staged``, ``title``)."""
    unknown = sorted(set(args) - {"year", "through", "reform", "set", "staged", "title"})
    if unknown:
        _refuse(unknown[0], f"{unknown[0]}: unknown query parameter; a scenario has year, through, reform, set, staged, title.")
    staged = args.get("staged", "0")
    if staged not in ("0", "1", "true", "false"):
        _refuse("staged", "staged: expected 1 or 0.")
    payload = {
        "year": args.get("year", ""),
        "through": args.get("through"),
        "reforms": args.getlist("reform"),
        "set": args.getlist("set"),
        "staged": staged in ("1", "true"),
        "title": args.get("title", ""),
    }
    return from_json(payload)
