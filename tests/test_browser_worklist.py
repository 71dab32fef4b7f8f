"""Issue 12 in a real browser: the Portfolio's first screen (1440x900) is the worklist with
reasons in words in every language; one click records an ask and its answer; a double click
writes one row; undo removes it (rows counted in the store with sqlite3)."""

from __future__ import annotations

import html
import json
import sqlite3

import pytest

from refdash.i18n import translate
from refdash.model import portfolio
from refdash.views import worklist as view
from tests.browser import StreamlitServer, goto, wait_for_run
from tests.conftest import AS_OF

pytestmark = pytest.mark.browser
SCREEN = {"width": 1440, "height": 900}


def recorded(db) -> list[tuple[int, str]]:
    """The rows the worklist wrote: (client id, event kind or "referral")."""
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(
            "SELECT client_id, kind FROM events WHERE external_id LIKE 'worklist:%' "
            "UNION ALL SELECT client_id, 'referral' FROM referrals "
            "WHERE external_id LIKE 'worklist:%'").fetchall())


@pytest.fixture
def screen(browser):
    context = browser.new_context(viewport=SCREEN, locale="en-GB")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


@pytest.mark.parametrize("lang", ["en", "fr", "it"])
def test_the_worklist_is_the_first_screen(app_server, screen, lang):
    p = portfolio.load(app_server.db, as_of=AS_OF)
    wl = view.worklist(p, None, lang)
    goto(screen, app_server, "", f"lang={lang}")
    heading = screen.get_by_text(translate("worklist.asks_heading", lang), exact=True)
    asks = screen.locator(".st-key-worklist_asks")
    # The rows are drawn by then, but CI runs read the box with its caption alone ("and 41
    # more") or one row, while the page's second run (inside app.py) redrew it: wait (up to
    # 30 s) for the last ask's button and for every name in the box, then read.
    screen.locator(f".st-key-wl_{wl.asks[-1].client_id}_asked").wait_for(timeout=30_000)
    screen.wait_for_function(
        """([box, names]) => {
            const text = document.querySelector(box)?.innerText || '';
            return names.every(name => text.includes(name));
        }""", arg=[".st-key-worklist_asks", [e.name for e in wl.asks]], timeout=30_000)
    wait_for_run(screen)
    for box in (heading.bounding_box(), asks.bounding_box()):
        assert box is not None and box["y"] + box["height"] <= SCREEN["height"], box
    # Every ask of the week with its reason in words, the first one's "Asked" on screen too.
    text = asks.inner_text()
    for e in wl.asks:
        assert e.name in text and e.reason in text
    first = screen.locator(f".st-key-wl_{wl.asks[0].client_id}_asked").bounding_box()
    assert first is not None and first["y"] + first["height"] <= SCREEN["height"]
    # The figures come after the list.
    metric = screen.locator('[data-testid="stMetric"]').first.bounding_box()
    assert metric is not None and metric["y"] > asks.bounding_box()["y"]


def test_the_worklist_downloads_are_the_list_shown(app_server, screen):
    """The JSON and the e-mail are written when their button is clicked: the list on screen,
    for the owner chosen, in the language chosen, which the click keeps."""
    from urllib.parse import parse_qs, quote, urlparse

    from tests.test_browser_locale import download

    p = portfolio.load(app_server.db, as_of=AS_OF)
    owner = p.owners[0]
    wl = view.worklist(p.for_owners([owner]), None, "fr", upcoming_days=0)
    goto(screen, app_server, "", f"lang=fr&owners={quote(owner)}")
    main = screen.get_by_test_id("stMain")
    records = json.loads(download(screen, main.get_by_role(
        "button", name=translate("portfolio.worklist.json", "fr"))))
    assert records == json.loads(view.render_json(wl))
    mail = download(screen, main.get_by_role(
        "button", name=translate("portfolio.worklist.html", "fr"))).decode()
    assert mail == view.render_html(owner, wl)
    assert all(html.escape(e.name) in mail for e in wl.asks)
    # A download reruns the page: still in French and for that owner (it used to come back
    # in English, every owner).
    wait_for_run(screen)
    assert parse_qs(urlparse(screen.url).query) == {"lang": ["fr"], "owners": [owner]}
    assert screen.get_by_text(translate("worklist.asks_heading", "fr"), exact=True).count() == 1


def test_one_click_records_an_ask_and_its_answer_once_and_undo(tmp_path, demo_db, screen):
    p = portfolio.load(demo_db, as_of=AS_OF)
    first, second = view.worklist(p, None, "en").asks[:2]
    server = StreamlitServer(demo_db, env={"REFDASH_AS_OF": AS_OF}).start()
    try:
        goto(screen, server)
        # A double click on "Asked" writes one ask.
        screen.locator(f".st-key-wl_{first.client_id}_asked button").dblclick()
        declined = screen.locator(f".st-key-wl_{first.client_id}_declined button")
        declined.wait_for()
        wait_for_run(screen)
        assert recorded(demo_db) == [(first.client_id, "referral_ask")]
        # The answer in one click.
        declined.click()
        screen.locator(f".st-key-wl_{first.client_id}_declined").wait_for(state="detached")
        wait_for_run(screen)
        assert recorded(demo_db) == [(first.client_id, "referral_ask"),
                                     (first.client_id, "referral_declined")]
        # Undo shows what it undoes and removes that row only.
        undo = screen.locator(".st-key-wl_undo button")
        assert "Declined" in undo.inner_text()
        undo.click()
        declined.wait_for()
        wait_for_run(screen)
        assert recorded(demo_db) == [(first.client_id, "referral_ask")]
        # "Referred (name)": ask the second client, then name the person referred.
        screen.locator(f".st-key-wl_{second.client_id}_asked button").click()
        wait_for_run(screen)
        row = screen.locator(f".st-key-wl_{second.client_id}_declined").locator(
            "xpath=ancestor::*[@data-testid='stHorizontalBlock'][1]")
        row.get_by_role("button", name="Referred…").click()
        screen.get_by_label("Name of the person referred").fill("**Zoé** <b>Nouvelle</b>")
        screen.get_by_role("button", name="Record the referral").click()
        screen.locator(f".st-key-wl_{second.client_id}_declined").wait_for(state="detached")
        wait_for_run(screen)
        assert (second.client_id, "referral") in recorded(demo_db)
        with sqlite3.connect(demo_db) as conn:
            names = [r[0] for r in conn.execute(
                "SELECT prospect_name FROM referrals WHERE external_id LIKE 'worklist:%'")]
        assert names == ["**Zoé** <b>Nouvelle</b>"]
    finally:
        server.stop()
