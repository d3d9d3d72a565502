"""The web app in real headless Chromium: map, filters, an incident's sides, a document's highlights, escaping.

Runs uvicorn in a background thread on a free loopback port over a SQLite store of synthetic claims
(``test_api.fill_sample``). Screenshots land in out/screenshots/ (test artefacts, not committed).
Skipped only when /usr/bin/chromium is missing and CI is not set; under CI a missing browser fails.
"""
from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from test_api import EVIDENCE, TEXTS, fill_sample

from sitrep.api import create_app
from sitrep.store import Store

CHROMIUM = "/usr/bin/chromium"
MARKERS = "document.querySelector('.map-stage') && document.querySelector('.map-stage').dataset.count === '{}'"
SHOTS = Path(__file__).resolve().parents[1] / "out" / "screenshots"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(app):
    """Run ``app`` with uvicorn in a background thread on a free loopback port; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:                    # wait for start-up, not a timing assertion
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    with Store(str(tmp_path_factory.mktemp("web") / "sitrep.db")) as store:
        fill_sample(store)
        yield store


@pytest.fixture(scope="module")
def base_url(sample_store):
    with serving(create_app(sample_store)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if _in_ci():
            pytest.fail(f"CI is set but {CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
        pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium to run the browser tests)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM,
                                              args=["--no-sandbox", "--disable-background-networking"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, base_url):
    # bypass_csp: Playwright's wait_for_function evaluates strings, which the page's policy forbids; it also
    # means the escaping test below checks the DOM building alone, without the policy's help.
    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
    opened = context.new_page()
    opened.requests = []
    opened.errors = []
    opened.on("request", lambda request: opened.requests.append(request.url))
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    context.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_map_filter_incident_and_document(page, base_url):
    page.goto(base_url + "/")
    page.wait_for_function(MARKERS.format(3))
    assert page.locator(".countries path").count() > 150             # the offline basemap is drawn
    assert page.locator("#list-count").inner_text() == "3 matching"
    assert page.locator("#timeline svg polyline").count() >= 2          # one line per reporting side
    _shot(page, "home.png")

    page.fill("input[name=country]", "sy")
    page.click("button[type=submit]")
    page.wait_for_function("document.querySelector('#list-count').textContent === '2 matching'")
    page.wait_for_function(MARKERS.format(2))
    assert "country=SY" in page.url
    page.select_option("select[name=grade]", "contested")
    page.click("button[type=submit]")
    page.wait_for_function("document.querySelector('#list-count').textContent === '1 matching'")
    _shot(page, "home-filtered.png")

    page.locator("#incident-table tbody a").first.click()
    page.wait_for_selector(".side")
    sides = {page.locator(".side-title").nth(i).inner_text().split()[0]: page.locator(".side").nth(i)
             for i in range(page.locator(".side").count())}
    assert {"TUR", "RUS"} <= set(sides)
    assert "Anadolu Agency" in sides["TUR"].inner_text() and "TASS" in sides["RUS"].inner_text()
    assert "TASS" not in sides["TUR"].inner_text()
    assert sides["TUR"].locator("mark").first.inner_text() == EVIDENCE["tr"]
    assert sides["TUR"].locator("mark .trigger").first.inner_text() == "died"
    assert page.locator(".claim.disputed").count() >= 2
    assert "perpetrator" in page.locator(".contradictions").inner_text()
    assert page.locator(".reprints summary").inner_text() == "1 reprint folded"
    _shot(page, "incident.png")

    sides["TUR"].locator("h4 a", has_text="Anadolu Agency").click()
    page.wait_for_selector(".doc-text")
    assert page.locator(".doc-text").inner_text() == TEXTS["tr"]
    assert "".join(page.locator(".doc-text mark.event-span").all_inner_texts()) == EVIDENCE["tr"]
    assert page.locator(".doc-text mark .trigger").inner_text() == "died"
    _shot(page, "document.png")

    assert page.errors == []
    assert all(url.startswith(base_url) for url in page.requests), "the page made an external request"


def test_a_map_marker_opens_its_incident(page, base_url):
    page.goto(base_url + "/#/?country=IQ")
    page.wait_for_function(MARKERS.format(1))
    incident_id = int(page.locator("#incident-table tbody a").first.inner_text())
    where = page.evaluate(f"state.map.markerPixel({incident_id})")
    page.mouse.click(where["x"], where["y"])
    page.wait_for_selector(".side")
    assert "REM_EXPLOS" in page.locator("#view-incident h2").first.inner_text()


def test_article_html_is_shown_as_text_and_never_runs(page, base_url):
    page.goto(base_url + "/#/document/xss")
    page.wait_for_selector(".doc-text")
    shown = page.locator(".doc-text").inner_text()
    assert "<script>window.__pwned = 1</script>" in shown and '<img src=x onerror="window.__pwned = 2">' in shown
    assert page.locator(".doc-text img, .doc-text script").count() == 0
    assert page.locator("h2.doc-heading").inner_text() == '<b onmouseover="window.__pwned = 3">Market</b>'
    page.hover("h2.doc-heading")
    page.goto(base_url + "/#/?country=IQ")
    page.locator("#incident-table tbody a").first.click()
    page.wait_for_selector(".claim")
    assert "<img src=x" in page.locator(".claim mark").inner_text()
    page.hover(".claim .doc-title")
    assert page.evaluate("window.__pwned") is None


def test_phone_layout_fits_the_screen(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  bypass_csp=True)
    phone = context.new_page()
    phone.goto(base_url + "/")
    phone.wait_for_function(MARKERS.format(3))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator("#map svg").bounding_box()["width"] <= 390
    _shot(phone, "home-phone.png")
    phone.goto(base_url + "/#/incident/" + phone.locator("#incident-table tbody a").first.inner_text())
    context.close()


def test_a_tile_url_draws_tiles_under_the_outlines(browser, sample_store):
    tiles = "https://tiles.test/{z}/{x}/{y}.png"
    pixel = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154"
                          "789c6360f8cfc0f01f0005000201a5f4e1a50000000049454e44ae426082")
    with serving(create_app(sample_store, tiles=tiles)) as url:
        context = browser.new_context(viewport={"width": 1024, "height": 800}, bypass_csp=True)
        requested = []

        def answer(route):
            requested.append(route.request.url)
            route.fulfill(status=200, content_type="image/png", body=pixel)
        context.route("https://tiles.test/**", answer)
        page = context.new_page()
        page.goto(url + "/")
        page.wait_for_function(MARKERS.format(3))
        page.wait_for_function("document.querySelectorAll('.tiles image').length > 0")
        for _ in range(200):          # the image element exists before its request reaches the route
            if requested:
                break
            page.wait_for_timeout(50)
        assert requested and all(u.startswith("https://tiles.test/") and u.endswith(".png") for u in requested)
        context.close()


def test_api_docs_render_from_this_server_only(page, base_url):
    page.goto(f"{base_url}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "Sitrep" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock-summary-path", has_text="/api/incidents").count() >= 1
    assert page.requests and all(url.startswith(base_url) for url in page.requests)
    assert page.errors == []
