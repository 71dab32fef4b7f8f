"""Issue 14, part 1: tables, CSV downloads, dates and widgets follow the language."""

from __future__ import annotations

import datetime
import io
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from refdash import i18n
from refdash.charts import portfolio as portfolio_charts
from refdash.charts import style
from refdash.data import exporting
from refdash.model import portfolio
from refdash.views import clients, worklist
from refdash.views import portfolio as home
from tests.conftest import APP, AS_OF

ISO_DATE = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b")
DOT_DECIMAL = re.compile(r"\b\d+\.\d+\b")


def sample() -> pd.DataFrame:
    return pd.DataFrame({
        "trust": [0.88, 0.7, None],
        "ready": [True, False, True],
        "day": [datetime.date(2026, 11, 30), None, datetime.date(2026, 12, 1)],
        "stamp": pd.to_datetime(["2026-11-30", None, "2026-01-01"]),
        "name": ["Zoé", None, "=HYPERLINK(1)"],
        "count": [1, 2, 3],
        "raw": [0.13256339009891027, 1.5, 2.0],
    })


# --------------------------------------------------------------------------- formats

@pytest.mark.parametrize(("lang", "first_of_month"), [
    ("en", "1 Dec 2026"), ("fr", "1er déc. 2026"), ("it", "1 dic 2026")])
def test_one_date_style_per_language_with_the_french_ordinal(lang, first_of_month):
    assert i18n.format_date("2026-12-01", lang) == first_of_month
    assert i18n.format_date("2026-12-11", "fr") == "11 déc. 2026"  # only the 1st
    assert i18n.translate("common.as_of", "fr", date=i18n.format_date("2026-12-01", "fr")) \
        == "Au 1er déc. 2026"


@pytest.mark.parametrize("lang", ["fr", "it"])
def test_tables_show_no_raw_value(lang):
    shown = i18n.format_table(sample(), lang, {"trust": "number:2"})
    text = " ".join(shown.astype(str).to_numpy().ravel())
    for word in ("True", "False", "None", "nan", "NaT", "0.88", "0.7"):
        assert word not in text, word
    assert not ISO_DATE.search(text) and not DOT_DECIMAL.search(text)
    assert shown["trust"].tolist() == ["0,88", "0,70", "–"]
    yes, no = i18n.translate("format.yes", lang), i18n.translate("format.no", lang)
    assert shown["ready"].tolist() == [yes, no, yes]
    assert shown["day"].iloc[0] == i18n.format_date("2026-11-30", lang)
    assert shown["day"].iloc[1] == "–" and shown["name"].iloc[1] == ""
    assert shown["raw"].iloc[0] == "0,13"  # two decimals, not every digit of a float
    assert shown["count"].tolist() == ["1", "2", "3"]


def test_english_tables_keep_english_marks():
    shown = i18n.format_table(sample(), "en", {"trust": "number:2"})
    assert shown["trust"].tolist() == ["0.88", "0.70", "–"]
    assert shown["ready"].tolist() == ["Yes", "No", "Yes"]


@pytest.mark.parametrize("lang", ["fr", "it"])
def test_csv_uses_semicolons_and_the_decimal_comma_and_parses_back(lang):
    sep, decimal = i18n.csv_format(lang)
    assert (sep, decimal) == (";", ",")
    raw = exporting.csv_bytes(i18n.csv_table(sample(), lang), sep=sep, decimal=decimal)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "0,88" in text and "30/11/2026" in text and "True" not in text
    assert "'=HYPERLINK(1)" in text  # still spreadsheet-safe
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    assert back["trust"].iloc[0] == pytest.approx(0.88)
    assert back["raw"].iloc[0] == pytest.approx(0.13256339009891027)
    assert pd.api.types.is_float_dtype(back["trust"])
    assert set(back["ready"]) == {i18n.translate("format.yes", lang),
                                  i18n.translate("format.no", lang)}


def test_english_csv_is_as_before():
    frame = sample()
    assert i18n.csv_format("en") == (",", ".")
    assert i18n.csv_table(frame, "en") is frame
    assert exporting.csv_bytes(frame) == exporting.csv_bytes(frame, sep=",", decimal=".")


def test_french_spacing_puts_the_no_break_spaces():
    assert i18n.french_spacing("Attendez : oui ; non ? 25 %") == \
        "Attendez\u00a0: oui\u202f; non\u202f? 25\u00a0%"


def test_one_percent_style_in_chart_ticks():
    assert style.percent_ticks("fr")["ticktext"][1] == i18n.format_percent(0.2, "fr") == "20\u00a0%"
    assert style.percent_ticks("it")["ticktext"][1] == "20%"


def test_chart_dates_are_in_the_language(demo_portfolio):
    fig = portfolio_charts.new_clients_chart(home.new_clients_by_month(demo_portfolio), "fr")
    months = list(fig.data[0].x)
    assert months[-1] == i18n.format_short_month(AS_OF, "fr") == "nov. 2026"
    assert not any(ISO_DATE.search(m) for m in months)
    ticks = style.date_ticks("2025-01-10", "2026-11-26", "it")
    assert ticks["ticktext"][0] == "gen 2025"


def test_worklist_row_label_takes_the_french_colon(demo_portfolio):
    wl = worklist.worklist(demo_portfolio, None, "fr")
    entry = next(e for e in wl.others)
    assert "</b>\u00a0: " in worklist.row_html(entry, True, "fr")
    assert "</b>: " in worklist.row_html(entry, True)


# --------------------------------------------------------------------------- the pages

def run(lang: str, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def frame_text(at: AppTest) -> str:
    return " ".join(" ".join(map(str, df.value.to_numpy().ravel())) for df in at.dataframe)


@pytest.mark.parametrize("lang", ["fr", "it"])
@pytest.mark.parametrize("page", [None, "pages/segments.py", "pages/data.py"])
def test_page_tables_have_no_raw_values(app_env, lang, page):
    at = run(lang, page)
    text = frame_text(at)
    for word in ("True", "False", "None", "nan", "NaT"):
        assert not re.search(rf"\b{word}\b", text), word
    assert not ISO_DATE.search(text)
    assert not DOT_DECIMAL.search(re.sub(r"\b\d{1,3}(\.\d{3})+\b", "", text)
                                  if lang == "it" else text)


def test_portfolio_early_asks_show_the_language_date_and_trust(app_env):
    at = run("fr")
    p = portfolio.load(app_env, as_of=AS_OF)
    _, early = home.portfolio_lists(clients.clients_report(p), p, "fr")
    (table,) = at.dataframe  # the early asks: the only table of the page
    shown = table.value
    assert len(shown) == min(len(early), home.EARLY_SHOWN)
    assert shown.iloc[0, 0] == i18n.format_date(early.iloc[0, 0], "fr")
    trust = early[i18n.translate("clients.col.ask_trust", "fr")].iloc[0]
    assert shown[i18n.translate("clients.col.ask_trust", "fr")].iloc[0] == \
        i18n.format_number(trust, "fr", 2)


def test_data_page_score_shows_the_decimal_comma(app_env):
    # Chosen before the page runs: AppTest calls a widget's format_func outside the script,
    # where the language is not known, so a later change of a translated select fails there.
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "fr"
    at.session_state["data_log_what"] = "satisfaction"
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception, at.exception
    score = at.select_slider(key="data_log_score")
    assert score.value == 8.0
    assert "7,5" in score.options and "8" in score.options and "7.5" not in score.options
    owner = at.selectbox(key="data_client_owner")
    assert owner.placeholder == i18n.translate("format.choose_or_add", "fr")


def test_portfolio_draws_the_latest_early_asks_and_says_the_csv_has_them_all(app_env,
                                                                         monkeypatch):
    # A large store has thousands of early asks in 90 days: the page draws the latest few
    # (here 3), says how many it left out, and the CSV download lists every one.
    monkeypatch.setattr(home, "EARLY_SHOWN", 3)
    at = run("it")
    p = portfolio.load(app_env, as_of=AS_OF)
    _, early = home.portfolio_lists(clients.clients_report(p), p, "it")
    assert len(early) > 3
    (table,) = at.dataframe
    assert len(table.value) == 3
    assert table.value.iloc[:, 0].tolist() == [i18n.format_date(d, "it")
                                               for d in early.iloc[:3, 0]]
    note = i18n.translate("portfolio.early.shown", "it", shown="3",
                          count=i18n.format_number(len(early), "it"))
    assert note in [c.value for c in at.caption]
    # the button of the whole list (its CSV is written on click, from ``home.early``)
    assert any(d.proto.id.endswith("-early_asks_csv") for d in at.get("download_button"))
