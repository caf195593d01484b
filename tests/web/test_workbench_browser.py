"""The drafter's web workbench driven in a real browser (Debian's chromium, through Playwright).

The server is the real one a user starts, ``ct-education web`` (gunicorn, the hardened app), on a free
loopback port. The page computes nothing itself: every figure it shows must be the one the command
line gives for the same scenario.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from cli_output import compare_output, statewide

from openfisca_ct_education.web.local_server import ServerError, running_server, script

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT = ROOT / "docs" / "_static" / "workbench.png"
FOUNDATION = "cgs_10_262f.foundation"

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("CI must install Debian's chromium for the browser tests (see .ci/run)", pytrace=False)
    pytest.skip("no chromium on this machine (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server():
    try:
        with running_server(lambda port: [script("ct-education"), "web", "--port", str(port), "--workers", "2"], ready_path="/workbench/law") as url:
            yield url
    except ServerError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready=true]")
    yield page
    context.close()
    assert errors == [], errors


def statewide_of(*argv) -> dict:
    """The statewide ECS entitlement ``ct-education compare`` prints for the same scenario."""
    return statewide(compare_output(*argv))


def parameter_input(page, parameter_id):
    return page.locator(f'#parameter-list input[data-parameter="{parameter_id}"]')


def run_foundation(page, value="12025"):
    parameter_input(page, FOUNDATION).fill(value)
    page.click("#run")
    page.wait_for_selector("#total-ecs")
    return page.locator("#total-ecs")


def test_the_page_loads_with_the_law_in_force(page):
    foundation = parameter_input(page, FOUNDATION)
    assert foundation.input_value() == "11525"  # C.G.S. 10-262f: foundation $11,525 from FY2014
    link = page.locator(f'#parameter-list .param:has(input[data-parameter="{FOUNDATION}"]) a.citation').first
    assert link.get_attribute("href").startswith("https://www.cga.ct.gov/current/pub/chap_172.htm#sec_10-262f")
    assert page.locator("#year").input_value() == "2026"


def test_a_foundation_edit_gives_the_statewide_total_of_the_command_line(page):
    total = run_foundation(page)
    expected = statewide_of("--year", "2026", "--set", f"{FOUNDATION}=12025@2026")
    assert int(total.get_attribute("data-value")) == expected["value"]
    assert int(total.get_attribute("data-baseline")) == expected["baseline"]
    # The statewide current-law total is the one reconciled with CSDE's publication: $2,456,045,870
    # computed (published $2,456,045,858; Haddam +$12, docs/reconciliation_fy2026.md).
    assert int(total.get_attribute("data-baseline")) == 2_456_045_870
    assert page.locator("#towns tbody tr").count() == 169


def test_sorting_the_town_table(page):
    run_foundation(page)
    page.click('#towns button[data-sort="town"]')
    names = page.locator("#towns tbody button.town").all_inner_texts()
    assert names == sorted(names) and names[0] == "Andover"
    page.click('#towns button[data-sort="town"]')
    names = page.locator("#towns tbody button.town").all_inner_texts()
    assert names[0] == "Woodstock"
    page.click('#towns button[data-sort="baseline"]')  # largest current-law entitlement first
    assert page.locator("#towns tbody button.town").first.inner_text() == "Hartford"
    assert page.locator('#towns th[aria-sort="descending"]').count() == 1


def test_filtering_the_town_table(page):
    run_foundation(page)
    page.fill("#filter", "wind")
    assert set(page.locator("#towns tbody button.town").all_inner_texts()) == {"East Windsor", "South Windsor", "Windham", "Windsor", "Windsor Locks"}


def test_a_towns_trail_reaches_the_statute(page, server):
    run_foundation(page)
    page.fill("#filter", "Ansonia")
    page.click("#towns tbody button.town")
    page.wait_for_selector("#trail-body details")
    assert "Ansonia" in page.inner_text("#trail-title")
    hrefs = [a.get_attribute("href") for a in page.locator("#trail-body a.citation").all()]
    statute = [href for href in hrefs if href.startswith("https://www.cga.ct.gov/current/pub/chap_172.htm#sec_10-262")]
    assert statute, hrefs
    # The trail is the scenario's: the foundation it reads is the edited one, $12,025 from FY2026, and
    # its figure is the town's in the table.
    assert "cgs_10_262f.foundation = $12,025 (in force from 2025-07-01)" in page.text_content("#trail-body")
    scenario = page.locator('#towns tbody tr[data-town="Ansonia"] td').nth(3).inner_text()
    assert page.locator("#trail-body > details > summary .value").first.inner_text() == "$" + scenario


def test_the_shareable_url_reproduces_the_result(page, browser, server):
    total = run_foundation(page, "12100")
    shared = page.locator("#share-url").input_value()
    assert shared.startswith(server + "/?") and "foundation%3D12100" in shared
    value = total.get_attribute("data-value")
    other = browser.new_page()
    other.goto(shared)
    other.wait_for_selector("#total-ecs")
    assert other.locator("#total-ecs").get_attribute("data-value") == value
    assert parameter_input(other, FOUNDATION).input_value() == "12100"
    other.close()


def test_downloads_carry_the_same_numbers(page):
    total = run_foundation(page)
    with page.expect_download() as download:
        page.click("#download-json")
    document = json.loads(Path(download.value.path()).read_text())
    row = next(row for row in document["statewide"] if row["variable"] == "ecs_entitlement")
    assert str(row["value"]) == total.get_attribute("data-value")
    with page.expect_download() as download:
        page.click("#download-csv")
    assert "Bridgeport" in Path(download.value.path()).read_text()


def test_the_xlsx_download_reads_back_with_the_same_totals(page, tmp_path):
    total = run_foundation(page)
    with page.expect_download() as download:
        page.click("#download-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    workbook = openpyxl.load_workbook(saved, data_only=True)
    assert {"Summary", "Towns", "Sources"} <= set(workbook.sheetnames)
    rows = list(workbook["Summary"].iter_rows(values_only=True))
    header = rows[0]
    ecs = next(row for row in rows[1:] if row and row[header.index("measure")] == "ecs_entitlement")
    assert ecs[header.index("current law")] == int(total.get_attribute("data-baseline"))
    assert ecs[header.index("difference")] == int(total.get_attribute("data-difference"))


def test_the_chart_and_the_map_are_drawn(page):
    run_foundation(page)
    for image in ("#chart", "#map"):
        page.wait_for_function(f"document.querySelector('{image}').complete && document.querySelector('{image}').naturalWidth > 600")
    page.select_option("#map-value", "pct")
    page.wait_for_function("document.querySelector('#map').src.includes('value=pct') && document.querySelector('#map').complete")


def test_a_weight_of_30_is_refused_with_the_servers_message(page):
    weight = parameter_input(page, "cgs_10_262f.need_students.low_income_weight")
    weight.fill("30")
    page.click("#run")
    error = page.locator('.error[data-parameter="cgs_10_262f.need_students.low_income_weight"]')
    error.wait_for()
    assert re.search(r"low_income_weight", error.inner_text())
    assert weight.get_attribute("aria-invalid") == "true"
    assert page.locator("#total-ecs").count() == 0  # no number from a refused edit


def test_a_refused_edit_hides_the_numbers_of_the_scenario_before(page):
    run_foundation(page)
    parameter_input(page, "cgs_10_262f.need_students.low_income_weight").fill("30")
    page.click("#run")
    page.wait_for_function("document.querySelector('#status').dataset.ms === 'refused'")
    assert page.locator("#total-ecs").count() == 0
    assert page.locator("#summary").is_hidden() and page.locator("#town-panel").is_hidden()


def test_screenshot_for_the_docs(page, tmp_path):
    """The picture on the README and the docs site: a bill that raises the foundation, with the network on.

    Written to docs/_static/workbench.png with UPDATE_SCREENSHOT=1 (after a deliberate change of the page).
    """
    path = SCREENSHOT if os.environ.get("UPDATE_SCREENSHOT") else tmp_path / "workbench.png"
    page.fill("#title", "Foundation $12,025")
    page.check("#reform-opportunity_network")
    run_foundation(page)
    page.wait_for_function("document.querySelector('#chart').complete && document.querySelector('#chart').naturalWidth > 0")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": 1366, "height": 900})
    assert path.stat().st_size > 10_000


def test_a_four_year_window_shows_every_year_and_marks_the_projections(page):
    page.select_option("#year", "2027")
    page.wait_for_selector("body[data-law-year='2027']")  # the year's law is loaded (the form is rebuilt)
    page.select_option("#through", "2030")
    parameter_input(page, FOUNDATION).fill("12025")
    page.click("#run")
    page.wait_for_selector("#window-total")
    rows = page.locator("#window-table tbody tr[data-year]")
    assert rows.count() == 4
    assert page.locator("#window-table tbody tr.projection").count() == 3  # FY2028-FY2030: projected inputs
    cumulative = next(row for row in compare_output("--years", "2027-2030", "--set", f"{FOUNDATION}=12025@2027")["cumulative"] if row["variable"] == "ecs_entitlement")
    assert int(page.locator("#window-total").get_attribute("data-difference")) == cumulative["difference"]
    page.select_option("#shown", "2029")
    assert "FY2029" in page.inner_text("#summary-title")
    assert "PROJECTION" in page.inner_text("#projection")
    assert "FY2027-2030" in page.inner_text("#status") and "169 towns" in page.inner_text("#status")
    # the trail of a town in FY2029 is the window's chained figure, the one in the table
    page.fill("#filter", "Hartford")
    scenario = page.locator('#towns tbody tr[data-town="Hartford"] td').nth(3).inner_text()
    page.click('#towns tbody tr[data-town="Hartford"] button.town')
    page.wait_for_selector("#trail-body details")
    assert "FY2029" in page.inner_text("#trail-title")
    assert page.locator("#trail-body > details > summary .value").first.inner_text() == "$" + scenario


def test_the_scenario_file_runs_at_the_command_line_with_the_same_total(page, tmp_path):
    page.fill("#title", "HB 5001")
    total = run_foundation(page)
    with page.expect_download() as download:
        page.click("#download-scenario")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert "title: HB 5001" in saved.read_text()
    expected = statewide_of("--year", "2026", "--scenario", str(saved))
    assert expected["value"] == int(total.get_attribute("data-value"))


def test_a_malformed_shared_link_is_refused_in_the_page(page, server):
    page.goto(server + "/?year=2026&set=cgs_10_262f.foundation%3D12%3A30%402026")
    page.wait_for_selector('.error[data-parameter="cgs_10_262f.foundation"]:not(:empty)')
    assert "12:30" in page.inner_text('.error[data-parameter="cgs_10_262f.foundation"]')
    assert page.locator("#total-ecs").count() == 0
    page.goto(server + "/?year=1850&set=nonsense")
    page.wait_for_selector("#status")
    page.wait_for_function("document.querySelector('#status').dataset.ms === 'refused'")
    assert page.locator("#total-ecs").count() == 0
