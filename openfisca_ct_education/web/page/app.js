// The ECS workbench page: a client of the package's own server (POST /compare, POST /explain,
// GET /workbench/law). It computes nothing itself: every figure comes from the engine.
"use strict";

const state = { law: null, lastScenario: null, rows: [], sort: { key: "difference", dir: -1 }, scenarioName: null };
const $ = (selector) => document.querySelector(selector);
const money = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const signed = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0, signDisplay: "exceptZero" });

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function formatValue(value, unit) {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value !== "number") return String(value);
  if (unit === "currency-USD") return "$" + money.format(value);
  if (unit === "/1") return String(Number(value.toPrecision(8)));
  return Number.isInteger(value) ? money.format(value) : String(Number(value.toFixed(6)));
}

function unitText(unit) {
  return { "currency-USD": "dollars", "/1": "ratio", "grade": "grades", "decimal-place": "decimal places" }[unit] || unit || "";
}

// ---- the form ---------------------------------------------------------------------------------

function clearErrors() {
  document.querySelectorAll(".error").forEach((node) => (node.textContent = ""));
  document.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
}

function showError(field, message) {
  let target = document.querySelector(`.error[data-field="${CSS.escape(field)}"]`);
  const match = /^set\[(\d+)\]$/.exec(field || "");
  if (match && state.lastScenario) {
    const text = state.lastScenario.set[Number(match[1])] || "";
    const id = text.split("=")[0].trim();
    target = document.querySelector(`.error[data-parameter="${CSS.escape(id)}"]`) || target;
  }
  if (!target) target = document.querySelector('.error[data-field="_form"]');
  target.textContent = message;
  const input = target.closest(".field") && target.closest(".field").querySelector("input, select");
  if (input) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }
}

function buildForm(law, query) {
  $("#convention").textContent = "Period convention: " + law.period_convention + ".";
  document.body.dataset.lawYear = String(law.fiscal_year);
  const year = $("#year");
  year.replaceChildren(...law.years.map((y) => el("option", { value: String(y), text: `FY${y} (${y - 1}-${String(y).slice(2)})` })));
  year.value = String(law.fiscal_year);
  const through = $("#through");
  through.replaceChildren(el("option", { value: "", text: "— (the year alone)" }), ...law.years.map((y) => el("option", { value: String(y), text: `FY${y}` })));

  $("#reform-list").replaceChildren(
    ...law.reforms.map((reform) =>
      el("div", { class: "field check" },
        el("input", { type: "checkbox", id: `reform-${reform.id}`, name: "reform", value: reform.id }),
        el("label", { for: `reform-${reform.id}`, text: reform.title }))
    )
  );

  $("#parameter-list").replaceChildren(
    ...law.parameters.map((parameter, index) => {
      const id = `p-${index}`;
      const links = parameter.citations.map((citation) =>
        el("a", { href: citation.href, class: "citation", target: "_blank", rel: "noopener", title: citation.title, text: shortCitation(citation) })
      );
      const meta = el("span", { class: "meta" }, `${unitText(parameter.unit)} · current ${formatValue(parameter.value, parameter.unit)} · `);
      links.forEach((link, i) => { if (i) meta.append(", "); meta.append(link); });
      const input = el("input", {
        id, name: parameter.id, inputmode: "decimal", autocomplete: "off",
        value: String(parameter.value), "aria-describedby": `${id}-meta`,
        dataset: { parameter: parameter.id, current: String(parameter.value) },
      });
      meta.id = `${id}-meta`;
      input.addEventListener("input", () => input.closest(".param").classList.toggle("changed", isChanged(input)));
      return el("div", { class: "field param" },
        el("label", { for: id, text: parameter.label }), input, meta,
        el("span", { class: "error", role: "alert", dataset: { parameter: parameter.id } }));
    })
  );
  applyQuery(query);
}

function shortCitation(citation) {
  const match = /(C\.G\.S\. § [\d-]+[a-z]*(\([^)]*\))?|PA \d+-\d+( [A-Z]+)?)/.exec(citation.title);
  return match ? match[0] : "source";
}

function isChanged(input) {
  const text = input.value.trim();
  return text !== "" && Number(text) !== Number(input.dataset.current);
}

function applyQuery(query) {
  if (query.get("title")) $("#title").value = query.get("title");
  if (query.get("through")) $("#through").value = query.get("through");
  if (query.get("staged") === "1") $("#staged").checked = true;
  for (const name of query.getAll("reform")) {
    const box = document.getElementById(`reform-${name}`);
    if (box) box.checked = true;
  }
  state.extraSets = [];
  for (const text of query.getAll("set")) {
    const [path, rest = ""] = text.split(/=(.*)/s);
    const input = document.querySelector(`#parameter-list input[data-parameter="${CSS.escape(path.trim())}"]`);
    if (input) {
      input.value = rest.split("@")[0];
      input.closest(".param").classList.toggle("changed", isChanged(input));
    } else {
      state.extraSets.push(text);
    }
  }
}

function scenario() {
  const year = Number($("#year").value);
  const set = [];
  document.querySelectorAll("#parameter-list input").forEach((input) => {
    if (input.value.trim() === "") return;
    if (isChanged(input) || Number.isNaN(Number(input.value.trim()))) set.push(`${input.dataset.parameter}=${input.value.trim()}@${year}`);
  });
  const through = $("#through").value;
  return {
    year,
    ...(through && Number(through) !== year ? { through: Number(through) } : {}),
    reforms: [...document.querySelectorAll('#reform-list input:checked')].map((box) => box.value),
    set: set.concat(state.extraSets || []),
    staged: $("#staged").checked,
    title: $("#title").value.trim(),
  };
}

// ---- the server -------------------------------------------------------------------------------

async function post(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  let payload;
  try { payload = await response.json(); } catch { payload = { error: `The server answered ${response.status} without JSON.` }; }
  if (!response.ok) throw Object.assign(new Error(payload.error || `HTTP ${response.status}`), { field: payload.field || "_form", status: response.status });
  return payload;
}

async function compare(event) {
  if (event) event.preventDefault();
  clearErrors();
  const body = scenario();
  state.lastScenario = body;
  const started = performance.now();
  $("#results").setAttribute("aria-busy", "true");
  $("#status").textContent = "Computing…";
  try {
    const result = await post("/compare", body);
    render(result);
    const ms = Math.round(performance.now() - started);
    const when = result.by_year ? `FY${result.fiscal_years}` : `FY${result.fiscal_year}`;
    $("#status").textContent = `${when}: ${state.scenarioName} against current law, all ${state.rows.length} towns (${ms} ms).`;
    $("#status").dataset.ms = String(ms);
  } catch (error) {
    // never leave the numbers of an earlier scenario beside a refused one
    $("#summary").hidden = true;
    $("#town-panel").hidden = true;
    $("#trail").hidden = true;
    $("#statewide tbody").replaceChildren();
    $("#status").dataset.ms = "refused";
    $("#status").textContent = "Refused by the server: " + error.message;
    showError(error.field, error.message);
  } finally {
    $("#results").setAttribute("aria-busy", "false");
  }
}

// ---- the results ------------------------------------------------------------------------------

const LABELS = {
  ecs_entitlement: "ECS entitlement",
  alliance_district_grant: "Alliance district grant",
  ecs_non_alliance_portion: "ECS, non-alliance portion",
};

function render(result) {
  state.result = result;
  $("#summary").hidden = false;
  $("#town-panel").hidden = false;
  const window = Boolean(result.by_year);
  $("#window").hidden = !window;
  if (window) {
    const rows = result.statewide_by_year.filter((row) => row.variable === "ecs_entitlement");
    $("#window-table tbody").replaceChildren(
      ...rows.map((row) => el("tr", { class: row.status === "projection" ? "projection" : "", dataset: { year: String(row.fiscal_year) } },
        el("th", { scope: "row", text: `FY${row.fiscal_year}` }),
        el("td", { text: row.status === "projection" ? "PROJECTION" : `${row.status}, prior year ${row.prior_year}` }),
        el("td", { text: money.format(row.baseline) }),
        el("td", { text: money.format(row.value) }),
        el("td", { class: row.difference > 0 ? "up" : row.difference < 0 ? "down" : "", text: signed.format(row.difference) }),
        el("td", { text: signed.format(row.cumulative_difference) }))),
      ...result.cumulative.filter((row) => row.variable === "ecs_entitlement").map((row) => el("tr", { id: "window-total", dataset: { difference: String(row.difference) } },
        el("th", { scope: "row", text: `Window ${row.window}` }), el("td", { text: "sum of the years" }),
        el("td", { text: money.format(row.baseline) }), el("td", { text: money.format(row.value) }),
        el("td", { text: signed.format(row.difference) }), el("td", { text: "" })))
    );
    const shown = $("#shown");
    const years = Object.keys(result.by_year);
    const kept = years.includes(shown.value) ? shown.value : years[0];
    shown.replaceChildren(...years.map((y) => el("option", { value: y, text: `FY${y}` })));
    shown.value = kept;
  }
  renderYear(result);
}

function renderYear(result) {
  const window = Boolean(result.by_year);
  const detail = window ? result.by_year[$("#shown").value] : result;
  const year = window ? detail.fiscal_year : result.fiscal_year;
  const name = detail.scenarios[0];
  state.scenarioName = name;
  const projection = window ? (detail.status === "projection" ? `PROJECTION: FY${year} is computed on projected inputs (${detail.inputs}).` : "") : result.PROJECTION ? `PROJECTION: ${result.PROJECTION}` : "";
  $("#projection").hidden = !projection;
  $("#projection").textContent = projection;
  $("#summary-title").textContent = `Statewide, FY${year}: ${name}`;

  $("#statewide tbody").replaceChildren(
    ...detail.statewide.map((row) => {
      const tr = el("tr", {},
        el("th", { scope: "row", text: LABELS[row.variable] || row.variable.replaceAll("_", " ") }),
        el("td", { text: money.format(row.baseline) }),
        el("td", { text: money.format(row.value) }),
        el("td", { class: row.difference > 0 ? "up" : row.difference < 0 ? "down" : "", text: signed.format(row.difference) }));
      if (row.variable === "ecs_entitlement") {
        tr.id = "total-ecs";
        tr.dataset.baseline = String(row.baseline);
        tr.dataset.value = String(row.value);
        tr.dataset.difference = String(row.difference);
      }
      return tr;
    })
  );

  const edits = result.parameter_edits || [];
  $("#edits").replaceChildren(
    edits.length ? el("p", { text: "Edits applied: " + edits.join("; ") }) : el("p", { text: "No parameter edits." }),
    el("p", { text: result.as_if_in_force ? "Reforms applied to this year as if in force." : "Reforms keep their effective fiscal year." })
  );

  const query = result.share_query;
  const url = `${location.origin}/?${query}`;
  $("#share-url").value = url;
  history.replaceState(null, "", `/?${query}`);
  $("#download-csv").href = `/compare/download?format=csv&${query}`;
  $("#download-json").href = `/compare/download?format=json&${query}`;
  $("#download-xlsx").href = `/compare/download?format=xlsx&${query}`;
  $("#download-scenario").href = `/compare/scenario.yaml?${query}`;
  $("#download-scenario").hidden = !(result.parameter_edits && result.parameter_edits.length) && !new URLSearchParams(query).has("reform");
  $("#chart").src = `/compare/chart.png?${query}`;
  drawMap();

  const designations = detail.designations || [];
  $("#designations").replaceChildren(
    designations.length
      ? el("table", { class: "numbers", id: "designation-table" },
          el("caption", { text: "Designations: districts entering and leaving" }),
          el("thead", {}, el("tr", {}, ...["Designation", "Current law", "Scenario", "Entering", "Leaving"].map((t) => el("th", { scope: "col", text: t })))),
          el("tbody", {}, ...designations.map((row) => el("tr", {},
            el("th", { scope: "row", text: row.designation }),
            el("td", { text: String(row.baseline_count) }),
            el("td", { text: String(row.count) }),
            el("td", { text: row.entering.join(", ") || "—" }),
            el("td", { text: row.leaving.join(", ") || "—" })))))
      : ""
  );

  state.rows = detail.towns.filter((town) => town.town_code).map((town) => {
    const ecs = town.ecs_entitlement || {};
    const baseline = ecs["current law"] ?? 0;
    const value = ecs[name] ?? baseline;
    return {
      town: town.town, code: town.town_code, drg: town.drg, baseline, scenario: value,
      difference: ecs[`difference ${name}`] ?? value - baseline,
      percent: ecs[`percent change ${name}`] ?? null,
      perPupil: ecs[`difference per resident student ${name}`] ?? null,
    };
  });
  state.shownYear = year;
  drawTowns();
}

function drawMap() {
  const query = new URLSearchParams(location.search);
  if (!query.has("year")) return;
  const shown = state.result && state.result.by_year ? `&shown=${$("#shown").value}` : "";
  $("#map").src = `/compare/map.png?value=${encodeURIComponent($("#map-value").value)}${shown}&${query}`;
}

function drawTowns() {
  const { key, dir } = state.sort;
  const filter = $("#filter").value.trim().toLowerCase();
  const rows = state.rows
    .filter((row) => !filter || row.town.toLowerCase().includes(filter) || row.drg.toLowerCase() === filter)
    .sort((a, b) => (typeof a[key] === "string" ? a[key].localeCompare(b[key]) : (a[key] ?? -Infinity) - (b[key] ?? -Infinity)) * dir);
  document.querySelectorAll("#towns th").forEach((th) => {
    const sortKey = th.querySelector("button").dataset.sort;
    if (sortKey === key) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
    else th.removeAttribute("aria-sort");
  });
  $("#towns tbody").replaceChildren(
    ...rows.map((row) => el("tr", { dataset: { town: row.town } },
      el("td", {}, el("button", { type: "button", class: "town", text: row.town, dataset: { code: String(row.code) } })),
      el("td", { text: row.drg }),
      el("td", { text: money.format(row.baseline) }),
      el("td", { text: money.format(row.scenario) }),
      el("td", { class: row.difference > 0 ? "up" : row.difference < 0 ? "down" : "", text: signed.format(row.difference) }),
      el("td", { text: row.percent === null ? "" : row.percent.toFixed(1) }),
      el("td", { text: row.perPupil === null ? "" : signed.format(row.perPupil) })))
  );
}

// ---- the trail of one town's figure -----------------------------------------------------------

async function trail(town) {
  const scenario = state.lastScenario;
  const body = { ...scenario, ...(scenario.through ? { shown: state.shownYear } : {}), town, variable: "ecs_entitlement", depth: 8 };
  const panel = $("#trail");
  panel.hidden = false;
  $("#trail-title").textContent = `${town}: how the FY${body.shown || body.year} ECS entitlement is computed`;
  $("#trail-body").replaceChildren(el("p", { text: "Computing the trail…" }));
  try {
    const explanation = await post("/explain", body);
    $("#trail-body").replaceChildren(node(explanation.tree, true));
    panel.scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (error) {
    $("#trail-body").replaceChildren(el("p", { class: "error", role: "alert", text: error.message }));
  }
}

function links(references, citation) {
  const span = el("span", { class: "cite" });
  if (citation) span.append(typeof citation === "string" ? citation : "");
  (references || []).forEach((href) => { span.append(" "); span.append(el("a", { href, target: "_blank", rel: "noopener", class: "citation", text: "[source]" })); });
  return span;
}

function node(tree, open) {
  const summary = el("summary", {},
    el("strong", { text: tree.label || tree.name }), " ",
    el("span", { class: "value", text: formatValue(tree.value, tree.unit) }), " ");
  if (tree.current_law !== undefined) summary.append(el("span", { class: "cite", text: ` (current law ${formatValue(tree.current_law, tree.unit)})` }));
  const details = el("details", {}, summary);
  if (open) details.open = true;
  const what = el("p", {}, el("code", { text: tree.name }), " ", links(tree.reference, tree.citation));
  details.append(what);
  if (tree.formula) details.append(el("p", { class: "cite", text: `Formula in force from ${tree.formula.in_force_from}: ${tree.formula.docstring || ""}` }));
  if (tree.source) details.append(el("p", { class: "cite", text: "Input: " + JSON.stringify(tree.source) }));
  if (tree.parameters && tree.parameters.length) {
    details.append(el("ul", { class: "params" }, ...tree.parameters.map((parameter) => {
      const item = el("li", {}, el("code", { text: parameter.name }), ` = ${formatValue(parameter.value, parameter.unit)} (in force from ${parameter.in_force_from || "?"}) `);
      (parameter.citation || []).forEach((citation) => item.append(el("a", { href: citation.href, target: "_blank", rel: "noopener", class: "citation", title: citation.title, text: shortCitation(citation) }), " "));
      return item;
    })));
  }
  (tree.children || []).forEach((child) => details.append(node(child, false)));
  return details;
}

// ---- wiring -----------------------------------------------------------------------------------

async function start() {
  const query = new URLSearchParams(location.search);
  const year = query.get("year");
  let law;
  try {
    const response = await fetch("/workbench/law" + (year && /^\d{4}$/.test(year) ? `?year=${year}` : ""));
    law = await response.json();
    if (!response.ok) throw new Error(law.error || `HTTP ${response.status}`);
  } catch (error) {
    $("#status").textContent = "The shared link's year is refused: " + error.message;
    law = await (await fetch("/workbench/law")).json();
  }
  state.law = law;
  buildForm(law, query);
  $("#scenario").addEventListener("submit", compare);
  $("#reset").addEventListener("click", () => { history.replaceState(null, "", "/"); buildForm(state.law, new URLSearchParams()); $("#title").value = ""; $("#staged").checked = false; clearErrors(); });
  $("#year").addEventListener("change", async () => {
    const kept = scenario();
    const response = await fetch(`/workbench/law?year=${$("#year").value}`);
    state.law = await response.json();
    const params = new URLSearchParams();
    kept.reforms.forEach((r) => params.append("reform", r));
    if (kept.staged) params.set("staged", "1");
    if (kept.title) params.set("title", kept.title);
    buildForm(state.law, params);
  });
  $("#filter").addEventListener("input", drawTowns);
  $("#map-value").addEventListener("change", drawMap);
  $("#shown").addEventListener("change", () => { renderYear(state.result); });
  document.querySelectorAll("#towns th button").forEach((button) => button.addEventListener("click", () => {
    const key = button.dataset.sort;
    state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : (key === "town" || key === "drg" ? 1 : -1) };
    drawTowns();
  }));
  $("#towns tbody").addEventListener("click", (event) => {
    const button = event.target.closest("button.town");
    if (button) trail(button.textContent);
  });
  $("#trail-close").addEventListener("click", () => ($("#trail").hidden = true));
  $("#copy").addEventListener("click", () => { $("#share-url").select(); navigator.clipboard && navigator.clipboard.writeText($("#share-url").value); });
  if (query.has("year") || query.has("set") || query.has("reform")) compare();
  document.body.dataset.ready = "true";
}

start();
