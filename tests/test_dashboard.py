"""The dashboard in a real browser (Debian chromium driven by Playwright) over a live local server.

Needs /usr/bin/chromium (`apt-get install -y chromium`); skipped with that message without it.
Screenshots go to test-output/screenshots/ for a human to look at.
"""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian chromium not found at /usr/bin/chromium: run `apt-get install -y chromium` to test the dashboard",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (see requirements.lock)")
expect = sync_api.expect

warnings.filterwarnings("ignore", message=".*httpx.*")

import uvicorn
from test_api import ARM_TEXT, fill_store

from conflictwatch.api import create_app
from conflictwatch.settings import ApiSettings, Settings

SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
TIMEOUT_MS = 20_000
# The dashboard's Content-Security-Policy forbids eval, so waits use locators, not wait_for_function.
sync_api.expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """uvicorn on 127.0.0.1 with an ephemeral port, in a thread, over a store of sample events."""
    db = tmp_path_factory.mktemp("dash") / "dash.duckdb"
    ids = fill_store(db)
    app = create_app(Settings(api=ApiSettings(token=None)).with_db(db))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", ids
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def _open(browser: Any, base: str, *, width: int, height: int) -> tuple[Any, Any, list[str], list[str]]:
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    foreign: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith("data:") else foreign.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/")
    return ctx, page, foreign, errors


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def _rows(page: Any) -> Any:
    return page.locator("#events-table tbody tr")


def test_dashboard_filters_and_event_panel(server: tuple[str, dict[str, str]], browser: Any) -> None:
    base, ids = server
    ctx, page, foreign, errors = _open(browser, base, width=1440, height=1000)
    try:
        # Four events have coordinates (the agreement has none; the 2020 war is background).
        expect(page.locator("#map circle")).to_have_count(4)
        expect(page.locator("#events-table tbody tr")).to_have_count(5)
        assert page.locator("#map path.country").count() > 150  # world-atlas shapes, drawn locally
        assert page.locator("#timeline rect.ev").count() == 5
        assert "5 events" in page.locator("#summary").inner_text()
        legend = page.locator("#legend").inner_text()
        assert "Battles" in legend and "contested" in legend
        _shot(page, "dashboard.png")

        # Filter by country: map, timeline and table follow.
        page.select_option("#f-country", "Armenia")
        expect(page.locator("#events-table tbody tr")).to_have_count(2)
        expect(page.locator("#map circle")).to_have_count(1)
        assert page.locator("#timeline rect.ev").count() == 2
        assert "country=Armenia" in page.url
        assert page.locator("#events-table tbody").get_by_text("contested").count() == 1

        # Open the contested event from its row.
        page.locator(f"#events-table tbody tr[data-id='{ids['arm-1']}']").click()
        page.wait_for_selector("#panel li.claim")
        claims = page.locator("#panel li.claim")
        assert claims.count() == 2
        text = page.locator("#panel ul.claims").inner_text()
        assert "Azerbaijan's defence ministry" in text and "denies" in text.lower()
        assert "Armenia's defence ministry" in text and "asserts" in text.lower()
        badge = page.locator("#contested-badge")
        assert badge.is_visible() and badge.inner_text().lower() == "contested"
        assert page.locator("#panel .contested-note").is_visible()
        marks = page.locator("#panel .article-text mark")
        assert marks.count() >= 2
        marked = marks.all_inner_texts()
        assert "Four Armenian soldiers were killed" in marked
        assert "near Nerkin Hand" in marked
        article = page.locator("#panel .article-text").inner_text()
        assert article.replace("\n", " ").startswith(ARM_TEXT[:40])
        assert page.locator("#panel .article-meta").inner_text().startswith("Four Armenian soldiers killed")
        assert page.locator("#panel .claim-span").count() >= 1
        assert f"event={ids['arm-1']}" in page.url
        _shot(page, "event-contested.png")

        # Contested only + text search drive the same views.
        page.select_option("#f-country", "")
        page.check("#f-contested")
        expect(page.locator("#events-table tbody tr")).to_have_count(1)
        page.uncheck("#f-contested")
        page.fill("#f-q", "Kharkiv")
        expect(page.locator("#events-table tbody tr")).to_have_count(1)
        expect(page.locator("#map circle")).to_have_count(1)
        page.fill("#f-q", "")
        expect(page.locator("#events-table tbody tr")).to_have_count(5)

        # Date range.
        page.fill("#f-since", "2024-03-01")
        page.dispatch_event("#f-since", "change")
        expect(page.locator("#events-table tbody tr")).to_have_count(3)

        # Clicking a point opens its event too.
        page.select_option("#f-type", "Explosions/Remote violence")
        expect(page.locator("#map circle")).to_have_count(1)
        page.locator("#map circle").first.click(force=True)
        expect(page.locator("#panel h2")).to_have_text("Air/drone strike")
        assert "Kharkiv" in page.locator("#panel dl.facts").inner_text()
        assert page.locator("#contested-badge").count() == 0
        assert "killed seven people" in page.locator("#panel .article-text mark").all_inner_texts()
        _shot(page, "event-point.png")

        assert foreign == [], f"the dashboard reached outside the server: {foreign}"
        assert errors == [], errors
    finally:
        ctx.close()


def test_dashboard_restores_state_from_the_url(server: tuple[str, dict[str, str]], browser: Any) -> None:
    base, ids = server
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(f"{base}/#country=Sudan&event={ids['sdn-1']}")
        expect(page.locator("#events-table tbody tr")).to_have_count(1)
        assert page.locator("#f-country").input_value() == "Sudan"
        page.wait_for_selector("#panel li.claim")
        assert "local activists" in page.locator("#panel ul.claims").inner_text()
    finally:
        ctx.close()


def test_dashboard_phone_width(server: tuple[str, dict[str, str]], browser: Any) -> None:
    base, ids = server
    ctx, page, foreign, errors = _open(browser, base, width=390, height=844)
    try:
        expect(page.locator("#events-table tbody tr")).to_have_count(5)
        expect(page.locator("#map circle")).to_have_count(4)
        # One column: the table sits below the map, nothing overflows sideways.
        map_box = page.locator(".map-card").bounding_box()
        table_box = page.locator(".table-card").bounding_box()
        assert map_box and table_box and table_box["y"] > map_box["y"] + map_box["height"] - 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert not page.locator("#panel").is_visible()
        _shot(page, "phone.png")
        page.locator(f"#events-table tbody tr[data-id='{ids['arm-1']}']").click()
        page.wait_for_selector("#panel li.claim")
        assert page.locator("#contested-badge").is_visible()
        assert "Four Armenian soldiers were killed" in page.locator("#panel mark").all_inner_texts()
        page.screenshot(path=str(SHOTS / "phone-event.png"))
        page.locator("#panel .panel-close").click()
        assert not page.locator("#panel").is_visible()
        assert foreign == [] and errors == [], (foreign, errors)
    finally:
        ctx.close()


def test_docs_page_renders_offline(server: tuple[str, dict[str, str]], browser: Any) -> None:
    base, _ = server
    ctx, page, foreign, errors = _open(browser, base, width=1280, height=900)
    try:
        page.goto(base + "/docs")
        page.wait_for_selector(".opblock-summary-path")
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert any("/events" in p for p in paths) and any("/articles" in p for p in paths)
        _shot(page, "docs.png")
        assert foreign == [], f"/docs reached outside the server: {foreign}"
        assert errors == [], errors
    finally:
        ctx.close()
