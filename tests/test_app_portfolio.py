"""The app shell and the Portfolio page, run headless with Streamlit's AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from refdash import i18n
from refdash.data import store
from refdash.model import portfolio
from refdash.ui.state import LANG_WIDGET, OWNERS_WIDGET
from refdash.views import clients
from refdash.views import portfolio as home
from tests.conftest import APP, AS_OF


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected(p: portfolio.Portfolio, lang: str) -> dict[str, str]:
    # The five KPIs, and (issue 12, item 5) what early asks cost: a figure, not a change.
    report = clients.clients_report(p)
    out = {i18n.translate("portfolio.early.label", lang):
           home.toll_texts(home.early_ask_toll(report, p), lang)[0]}
    for k in home.kpis(p):
        label = i18n.translate(f"portfolio.kpi.{k.key}", lang)
        out[label] = i18n.format_kpi(k.value, k.delta, k.kind, lang)[0]
    return out


def test_portfolio_shows_the_store_figures(app_env):
    at = run_app()
    p = portfolio.load(app_env, as_of=AS_OF)
    assert shown(at) == expected(p, "en")
    assert at.title[0].value == "Portfolio"
    assert any("Demo data" in info.value for info in at.sidebar.info)


def test_language_switch_translates_labels_and_numbers(app_env):
    at = run_app()
    at.selectbox(key=LANG_WIDGET).set_value("it").run()
    assert not at.exception
    p = portfolio.load(app_env, as_of=AS_OF)
    assert shown(at) == expected(p, "it")
    assert at.title[0].value == "Portafoglio"


def test_owner_filter_changes_the_figures(app_env):
    at = run_app()
    p = portfolio.load(app_env, as_of=AS_OF)
    owner = p.owners[1]
    at.multiselect(key=OWNERS_WIDGET).set_value([owner]).run()
    assert not at.exception
    assert shown(at) == expected(p.for_owners([owner]), "en")
    assert shown(at) != expected(p, "en")


def test_missing_store_gets_a_generated_demo(tmp_path, monkeypatch):
    db = tmp_path / "fresh" / "refdash.db"
    monkeypatch.setenv("REFDASH_DB", str(db))
    monkeypatch.setenv("REFDASH_AS_OF", AS_OF)
    at = run_app()
    assert db.exists()
    assert len(at.metric) == 6  # five KPIs and what early asks cost (issue 12)
    assert any("Demo data" in info.value for info in at.sidebar.info)


def test_foreign_file_shows_a_clear_error_and_is_not_touched(tmp_path, monkeypatch):
    db = tmp_path / "notes.db"
    db.write_text("not a database\n" * 100)
    monkeypatch.setenv("REFDASH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "cannot be opened" in at.error[0].value
    assert db.read_text() == "not a database\n" * 100


def test_a_write_from_elsewhere_shows_on_the_next_run(app_env):
    """The session keeps the portfolio it read, but a write by another process (the CLI, an
    other user's import) changes the store's signature and the next run reads it again."""
    at = run_app()
    before = int(shown(at)["Active clients"].replace(",", ""))
    store.add_client(app_env, name="Zoé Nouvelle", owner="Giulia Rossi", start_date="2026-11-20")
    at.run()
    assert not at.exception
    assert int(shown(at)["Active clients"].replace(",", "")) == before + 1


def test_a_computation_is_keyed_on_a_module_level_function():
    """A lambda or a local function has no stable name: ``ui.computed`` refuses it rather
    than caching under a key that two different computations could share."""
    import pytest

    from refdash import ui

    with pytest.raises(TypeError, match="module-level function"):
        ui.computed(lambda p: len(p.clients))
