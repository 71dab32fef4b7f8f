"""The server's start (serve.py, refdash.ui.startup): the store read and the Portfolio's
first figures computed before any browser connects, which the first page then finds; no
store, or a damaged one, is left for the first page to handle (and to say so)."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from refdash.model import decision
from refdash.ui import startup, warm
from refdash.views import evidence, worklist
from refdash.views import portfolio as home_view
from tests.browser import StreamlitServer, wait_for_run
from tests.conftest import APP, AS_OF
from tests.test_warm import counting

#: What the Portfolio page computes on a session's first run (and the start computes).
FIRST_PAGE = ((decision, "assess"), (worklist, "worklist"), (home_view, "home"),
              (evidence, "without_evidence"))


@pytest.fixture(autouse=True)
def _start_on(monkeypatch):
    """The start's preload is on, as users get it (conftest turns the warm-ups off); the
    warm-up it hands the view to is over before the next test."""
    monkeypatch.delenv("REFDASH_WARM", raising=False)
    warm.forget()
    yield
    assert warm.wait_idle(60)
    warm.forget()


def test_the_first_page_finds_what_the_start_computed(app_env, monkeypatch):
    calls = counting(monkeypatch, FIRST_PAGE)
    startup.preload()
    computed = dict(calls)
    assert computed == {name: 1 for _module, name in FIRST_PAGE}
    assert warm.wait_idle(60)  # the other pages' warm-up, handed the view, computes...
    assert dict(calls) == computed  # ...from the same entries: nothing twice
    monkeypatch.setenv("REFDASH_WARM", "0")  # the other pages' warm-up would count too
    at = AppTest.from_file(APP, default_timeout=60).run()  # the Portfolio page, first run
    assert not at.exception, at.exception
    assert at.get("html")  # its worklist's rows are drawn
    assert dict(calls) == computed  # every figure of the page came from the start's


def test_without_a_store_the_start_makes_none(tmp_path, monkeypatch):
    missing = tmp_path / "none.db"
    monkeypatch.setenv("REFDASH_DB", str(missing))
    startup.preload()
    assert not missing.exists()  # the first page makes the demo store, with its spinner


def test_a_damaged_store_is_left_for_the_first_page_to_name(tmp_path, monkeypatch):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not an SQLite file, " * 500)
    monkeypatch.setenv("REFDASH_DB", str(damaged))
    monkeypatch.setenv("REFDASH_AS_OF", AS_OF)
    startup.preload()  # no exception: the start only gives up
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert damaged.name in at.error[0].value  # the page says which file, not a traceback


def test_the_server_computes_the_first_page_before_any_browser(demo_db, page):
    server = StreamlitServer(demo_db, env={"REFDASH_AS_OF": AS_OF, "REFDASH_PROFILE": "1"})
    server.start()
    try:
        deadline = time.monotonic() + 90
        while "PROFILE warm startup:" not in server.log.read_text(errors="replace"):
            assert time.monotonic() < deadline, server.log.read_text(errors="replace")[-2000:]
            time.sleep(0.2)
        page.goto(server.url)
        page.locator(".st-key-worklist_asks [data-testid=stHtml]").first.wait_for()
        wait_for_run(page)
        log = server.log.read_text(errors="replace")
        # The page read no store and computed no figure of its own: the start's were there.
        assert "PROFILE cache" not in log, log[-2000:]
        assert "Traceback" not in log
    finally:
        server.stop()
