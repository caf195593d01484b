"""The drafter's workbench over HTTP, next to the OpenFisca web API in the hardened app.

* ``GET /`` — the page (for a browser; an API client asking for JSON still gets OpenFisca's welcome);
* ``GET /workbench/static/<file>`` — the page's script and style, shipped in the package;
* ``GET /workbench/law?year=FY`` — what the page may edit: each main parameter with its value in
  force, unit, label, admissible range and citation; the reforms; the fiscal years covered;
* ``POST /compare`` — a scenario (:mod:`~openfisca_ct_education.web.scenario_request`) in; per-town
  and statewide results, designations entering and leaving, the edits applied, metadata out: the
  same comparison as ``ct-education compare`` (:mod:`openfisca_ct_education.workbench.compare`);
* ``GET /compare/download?format=csv|json|xlsx&<scenario query>`` — the comparison as a file;
* ``GET /compare/chart.png?<scenario query>`` and ``GET /compare/map.png?value=difference|pct|per-pupil&<...>``
  — the chart and the map of ``ct-education compare --chart/--map``;
* ``POST /explain`` — a town, year, variable and scenario in; the explanation tree of
  ``ct-education explain --format json`` out.

Every body and query is checked like the rest of the hardened app (size, strict JSON) and by the same
functions the command line uses; a refused request is a 4xx whose JSON names the field.
"""

from __future__ import annotations

import functools
import json
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote_plus

import yaml
from flask import Blueprint, Response, current_app, jsonify, request, send_from_directory

from openfisca_ct_education import PERIOD_CONVENTION
from openfisca_ct_education.audit import citations, explain
from openfisca_ct_education.data.inputs import FORMULA_YEARS
from openfisca_ct_education.engine.simulation import current_law
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.reports import maps
from openfisca_ct_education.reports import years as years_report
from openfisca_ct_education.web import scenario_request
from openfisca_ct_education.web.checks import Limits, RequestError
from openfisca_ct_education.web.json_body import parse_body, request_body
from openfisca_ct_education.workbench.comparison_run import ComparisonRun, run_comparison
from openfisca_ct_education.workbench.multi_year import default_chain_start
from openfisca_ct_education.workbench.parameter_edits import target
from openfisca_ct_education.workbench.reform_loader import load_reform

PAGE_DIR = Path(__file__).resolve().parent / "page"
DEFAULT_YEAR = 2026

#: The parameters the page offers to edit (any other is reachable through "more edits" by its path).
EDITABLE_PARAMETERS = (
    "cgs_10_262f.foundation",
    "cgs_10_262f.need_students.low_income_weight",
    "cgs_10_262f.need_students.english_learner_weight",
    "cgs_10_262f.need_students.concentrated_poverty_weight",
    "cgs_10_262f.need_students.concentrated_poverty_threshold",
    "cgs_10_262f.wealth.engl_weight",
    "cgs_10_262f.wealth.mhi_weight",
    "cgs_10_262f.wealth.threshold_factor",
    "cgs_10_262f.base_aid_ratio.minimum_alliance_or_priority_district",
    "cgs_10_262f.base_aid_ratio.minimum_other_town",
    "cgs_10_262f.base_aid_ratio.adjustment_by_pic_rank.brackets[1].amount",
    "cgs_10_262f.base_aid_ratio.adjustment_by_pic_rank.brackets[2].amount",
    "cgs_10_262f.base_aid_ratio.adjustment_by_pic_rank.brackets[3].amount",
    "cgs_10_262f.base_aid_ratio.adjustment_by_pic_rank.brackets[4].amount",
    "cgs_10_262f.regional_bonus.amount_per_student",
    "cgs_10_262h.underfunded_increase_rate",
    "cgs_10_262h.overfunded_decrease_rate",
)

blueprint = Blueprint("workbench", __name__)
#: Where the hardened app keeps its :class:`Limits` for the workbench's routes (``app.extensions``).
LIMITS = "openfisca_ct_education.limits"


def _json_body():
    """The scenario sent, read as the rest of the hardened app reads a body (415, 408, strict JSON)."""
    return parse_body(request_body(current_app.extensions[LIMITS], "scenario"))


def _bracket_label(found, path: str, instant: str) -> str | None:
    """``<scale label>, ranks 1-5`` for the amount of a scale's bracket (``found``: its edit target)."""
    if found.owner is found.parameter:
        return None
    scale, index = found.owner, int(path.rpartition(".brackets[")[2].split("]")[0])
    lower = scale.brackets[index].threshold(instant)
    upper = scale.brackets[index + 1].threshold(instant) - 1 if index + 1 < len(scale.brackets) else None
    label = scale.metadata.get("label") or scale.name
    return f"{label}, ranks {lower:g}-{upper:g}" if upper is not None else f"{label}, ranks {lower:g} and above"


def _parameter_view(system, path: str, year: int) -> dict:
    """What the page shows of an editable parameter: the edits' own target (a bracket cites and is unit-ed by its scale)."""
    found = target(system.parameters, path)
    instant = f"{year - 1}-07-01"
    since, cited = citations.references_at(found.owner, instant)
    description = getattr(found.parameter, "description", None) or ""
    return {
        "id": path,
        "label": _bracket_label(found, path, instant) or found.parameter.metadata.get("label") or description or path,
        "description": description,
        "unit": found.unit,
        "value": found.parameter(instant),
        "citations": cited,
        "cited_since": since,
    }


@functools.lru_cache(maxsize=64)
def _comparison(scenario: scenario_request.ScenarioRequest) -> ComparisonRun:
    """The comparison of a (validated, hashable) scenario, as ``ct-education compare`` runs it; computed once per scenario."""
    command = "ct-education web: /?" + unquote_plus(scenario.query())  # readable in a source line
    return run_comparison(scenario.years, [scenario.scenario()], as_if_in_force=not scenario.staged, command=command)


def _metadata(scenario: scenario_request.ScenarioRequest, run: ComparisonRun) -> dict:
    return {"title": scenario.name, **run.metadata, "share_query": scenario.query()}


def _run(scenario: scenario_request.ScenarioRequest) -> ComparisonRun:
    try:
        return _comparison(scenario)
    except InputDataError as error:
        raise RequestError({"error": str(error), "field": _field_of(scenario, str(error))}) from None


def _render(scenario, fmt: str):
    """The comparison of ``scenario`` as ``fmt`` (json, csv: text; xlsx: bytes), one year or a window."""
    run = _run(scenario)
    return years_report.render_comparison_run(run, fmt, _metadata(scenario, run))


def _field_of(scenario, message: str) -> str:
    """The input a message is about: the edit whose parameter it names, else the year."""
    for index, text in enumerate(scenario.sets):
        if text.partition("=")[0].strip() in message:
            return f"set[{index}]"
    return "year"


@blueprint.route("/workbench/static/<path:name>")
def static_file(name):
    return send_from_directory(PAGE_DIR, name, max_age=300)


@blueprint.route("/workbench/law")
def law():
    system = current_law()
    years = list(FORMULA_YEARS)
    year = scenario_request.from_json({"year": request.args.get("year", str(max(y for y in years if y <= DEFAULT_YEAR)))}).year
    reforms = []
    for name in scenario_request.REFORMS:
        reform = load_reform(name)
        reforms.append({"id": name, "title": getattr(reform, "name", name), "description": (reform.__doc__ or "").strip().split("\n\n")[0]})
    return jsonify(
        {
            "fiscal_year": year,
            "years": years,
            "period_convention": PERIOD_CONVENTION,
            "parameters": [_parameter_view(system, path, year) for path in EDITABLE_PARAMETERS],
            "reforms": reforms,
            "package_version": version("openfisca-ct-education"),
        }
    )


@blueprint.route("/compare", methods=["POST"])
def compare_endpoint():
    scenario = scenario_request.from_json(_json_body())
    return Response(_render(scenario, "json"), mimetype="application/json")


DOWNLOADS = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _query_choice(name: str, choices) -> str:
    value = request.args.get(name, choices[0])
    if value not in choices:
        raise RequestError({"error": f"{name}: {value!r} is not one of {', '.join(choices)}.", "field": name})
    return value


def _scenario_of_query():
    """The scenario of the query string, without the picture and download options."""
    args = request.args.copy()
    for option in ("format", "value", "shown"):
        args.pop(option, None)
    return scenario_request.from_query(args)


@blueprint.route("/compare/download")
def download():
    fmt = _query_choice("format", tuple(DOWNLOADS))
    scenario = _scenario_of_query()
    content = _render(scenario, fmt)
    filename = f"ct-education-compare-fy{scenario.year}.{fmt}"
    return Response(content, mimetype=DOWNLOADS[fmt], headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@blueprint.route("/compare/scenario.yaml")
def scenario_file():
    """The scenario as a file ``ct-education compare --scenario FILE`` reads (its year goes on the command line)."""
    scenario = _scenario_of_query()
    spec = scenario.spec()
    if not spec.reforms and not spec.edits:
        raise RequestError({"error": "The scenario changes nothing: edit a parameter or switch on a reform first.", "field": "set"})
    years = f"--year {scenario.year}" if not scenario.through else f"--years {scenario.year}-{scenario.through}"
    header = (
        f"# A scenario of openfisca-ct-education {version('openfisca-ct-education')}: run it with\n"
        f"#   ct-education compare {years}{' --staged' if scenario.staged else ''} --scenario this_file.yaml\n"
    )
    text = header + yaml.safe_dump(spec.to_dict(), sort_keys=False, allow_unicode=True)
    filename = f"ct-education-scenario-fy{scenario.year}.yaml"
    return Response(text, mimetype="application/yaml", headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@blueprint.route("/compare/chart.png")
def chart():
    scenario = _scenario_of_query()
    run = _run(scenario)
    return Response(years_report.render_comparison_run_chart(run, _metadata(scenario, run), "png"), mimetype="image/png")


@blueprint.route("/compare/map.png")
def town_map():
    value = _query_choice("value", tuple(maps.VALUES))
    shown = request.args.get("shown", "")
    scenario = _scenario_of_query()
    run = _run(scenario)
    year = int(shown) if shown.isdigit() and int(shown) in scenario.years else scenario.year
    if shown and year != int(shown or 0):
        raise RequestError({"error": f"shown: {shown!r} is not a year of the window FY{scenario.years[0]}-FY{scenario.years[-1]}.", "field": "shown"})
    comparison = run.comparison.by_year[year] if run.window else run.comparison
    try:
        picture = maps.comparison_map(comparison, value, _metadata(scenario, run), "png")
    except InputDataError as error:
        raise RequestError({"error": str(error), "field": "value"}) from None
    return Response(picture, mimetype="image/png")


@blueprint.route("/explain", methods=["POST"])
def explain_endpoint():
    payload = _json_body()
    if not isinstance(payload, dict):
        raise RequestError({"error": "Send a JSON object: town, variable, and the scenario (year, reforms, set, staged)."})
    town = payload.pop("town", None) if isinstance(payload, dict) else None
    variable = payload.pop("variable", "ecs_entitlement")
    depth = payload.pop("depth", None)
    shown = payload.pop("shown", None)
    if not isinstance(town, (str, int)) or isinstance(town, bool) or not str(town).strip():
        raise RequestError({"error": "town: missing (a town name or CSDE code).", "field": "town"})
    if not isinstance(variable, str):  # its name is checked by explain, against the scenario's law (a reform's own variables too)
        raise RequestError({"error": f"variable: {variable!r} is not a variable of the model.", "field": "variable"})
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int) or not 0 <= depth <= 50):
        raise RequestError({"error": "depth: a whole number from 0 to 50.", "field": "depth"})
    scenario = scenario_request.from_json(payload)
    year = scenario.year if shown is None else shown
    if isinstance(year, bool) or not isinstance(year, int) or year not in scenario.years:
        raise RequestError({"error": f"shown: {shown!r} is not a year of the window FY{scenario.years[0]}-FY{scenario.years[-1]}.", "field": "shown"})
    window = {"chain_from": default_chain_start(scenario.years), "window": scenario.years} if scenario.through else {}
    try:
        explanation = explain.explain(
            str(town), year, variable, depth=depth, scenario=scenario.scenario(), as_if_in_force=not scenario.staged, **window
        )
    except InputDataError as error:
        field = "variable" if str(error).startswith("Unknown variable") else "town" if "town" in str(error).lower() else "variable"
        raise RequestError({"error": str(error), "field": field}) from None
    explanation["scenario"] = {"title": scenario.name, "share_query": scenario.query()}
    return Response(json.dumps(explanation, default=str), mimetype="application/json")


def install(app, limits: Limits) -> None:
    """Add the workbench's routes to the hardened app (its bodies read within ``limits``), the page at ``/`` for browsers."""
    app.extensions[LIMITS] = limits
    app.register_blueprint(blueprint)
    welcome = app.view_functions.get("get_root")

    def root():
        if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "text/html":
            return send_from_directory(PAGE_DIR, "index.html", max_age=0)
        return welcome()

    for rule in app.url_map.iter_rules():
        if rule.rule == "/":
            app.view_functions[rule.endpoint] = root
