"""Fixtures that make tests three lines: stores, an app server, a browser page."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from refdash.data import demo
from refdash.model import portfolio
from tests.browser import CHROMIUM, CHROMIUM_ARGS, StreamlitServer

#: A fixed "today" so that figures computed in tests equal those the app shows.
AS_OF = "2026-11-26"
#: The app's entry script, for ``AppTest.from_file(APP)`` (relative paths would resolve
#: against the test file).
APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """Caches survive between AppTest runs in one process: start each test clean."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    """A 500-client demo store, built once per session (copy it before writing)."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    demo.write_demo_store(path, n_clients=500, seed=7, as_of=AS_OF)
    return path


@pytest.fixture
def demo_db(tmp_path, demo_db_template) -> Path:
    """A private copy of the 500-client demo store, free to write to."""
    import shutil

    path = tmp_path / "demo.db"
    shutil.copyfile(demo_db_template, path)
    return path


@pytest.fixture
def demo_portfolio(demo_db) -> portfolio.Portfolio:
    return portfolio.load(demo_db, as_of=AS_OF)


@pytest.fixture(autouse=True)
def _no_warm_up_in_process(monkeypatch):
    """No background warm-up in this process's AppTest runs: each would keep computing the
    other pages while the next tests run (twice the suite's time). ``test_warm.py`` turns
    it on; the browser tests' servers (their own processes) keep it, as users get it."""
    monkeypatch.setenv("REFDASH_WARM", "0")


@pytest.fixture(autouse=True)
def _no_read_cache_in_process(monkeypatch):
    """No Arrow files of the last read beside this process's stores: their background
    save would outlive a test that lists its folder. ``test_read_cache.py`` turns it on;
    the browser tests' servers keep it, as users get it."""
    monkeypatch.setenv("REFDASH_READ_CACHE", "0")


@pytest.fixture
def app_env(monkeypatch, demo_db) -> Path:
    """Point the app (AppTest) at a private demo store with the fixed date."""
    monkeypatch.setenv("REFDASH_DB", str(demo_db))
    monkeypatch.setenv("REFDASH_AS_OF", AS_OF)
    return demo_db


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test.sh does)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, demo_db_template):
    """One Streamlit server for the session over a copy of the demo store (read-only tests)."""
    import shutil

    folder = tmp_path_factory.mktemp("server")
    db = folder / "demo.db"
    shutil.copyfile(demo_db_template, db)
    server = StreamlitServer(db, env={"REFDASH_AS_OF": AS_OF}).start()
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


@pytest.fixture
def as_of() -> pd.Timestamp:
    return pd.Timestamp(AS_OF)
