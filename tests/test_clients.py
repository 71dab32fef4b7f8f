"""The Clients page: its table, one client's view and sentence, the settings, and the page
itself run headless (AppTest): figures equal the model's, settings change every view."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from refdash import i18n
from refdash.model import portfolio, segments, trust
from refdash.model.trust import TrustSettings
from refdash.views import clients
from refdash.views import portfolio as home
from refdash.views import segments as segments_view
from tests.conftest import APP, AS_OF
from tests.test_trust import make_portfolio, steady_client


@pytest.fixture(autouse=True)
def _clear_resource_cache():
    """``ui.computed`` keeps results in ``st.cache_resource``: start each test clean."""
    import streamlit as st

    st.cache_resource.clear()
    yield


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    from refdash.data import demo

    path = tmp_path_factory.mktemp("clients") / "demo.db"
    demo.write_demo_store(path, n_clients=500, seed=7, as_of=AS_OF)
    p = portfolio.load(path, as_of=AS_OF)
    return p, clients.clients_report(p)


# --------------------------------------------------------------------------- texts

@pytest.mark.parametrize(("months", "lang", "text"), [
    (1.2, "en", "1 month"), (4.9, "en", "4 months"), (1.5, "fr", "1 mois"),
    (7.0, "fr", "7 mois"), (1.0, "it", "1 mese"), (3.0, "it", "3 mesi"),
    (0.5, "en", "15 days"), (1 / 30.4375, "en", "1 day"), (0.5, "it", "15 giorni"),
    (0.5, "fr", "15 jours"),
])
def test_durations_follow_the_language_and_its_plural(months, lang, text):
    assert clients.format_duration(months, lang) == text


def one_status(**values) -> pd.Series:
    base = {"ready": False, "reason": "low_trust", "projected_ready_date": pd.NaT,
            "last_ask_date": pd.NaT, "last_broken_date": pd.NaT, "months_known": 10.0,
            "trust": 0.55}
    return pd.Series({**base, **values})


@pytest.mark.parametrize(("status", "lang", "expected"), [
    (one_status(ready=True, reason=""), "en", "Ready: ask for an introduction."),
    (one_status(reason="too_new", months_known=4.2,
                projected_ready_date=pd.Timestamp("2027-03-10")), "en",
     "Wait: known 4 months; likely ready in March 2027."),
    (one_status(reason="asked_recently", last_ask_date=pd.Timestamp(AS_OF) - pd.Timedelta(days=62)),
     "en",
     "Don't ask: asked 2 months ago."),
    (one_status(reason="too_new", months_known=4.2,
                projected_ready_date=pd.Timestamp("2027-03-10")), "fr",
     "Attendez\u00a0: relation de 4 mois\u202f; demande possible sans doute en mars 2027."),
    (one_status(reason="low_trust", trust=0.55), "it",
     "Aspetta: fiducia 0,55, sotto la soglia di 0,70; non ci arriverà senza altre promesse "
     "mantenute."),
    (one_status(reason="lost"), "en", "Lost client: do not ask; find out what went wrong."),
])
def test_the_next_step_reads_as_one_sentence(status, lang, expected):
    report = trust.TrustReport(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), TrustSettings(),
                               pd.Timestamp(AS_OF))
    step = clients.next_step(status, report, lang)
    assert clients.sentence(step, lang) == expected


# --------------------------------------------------------------------------- table, view

def test_the_table_puts_ready_clients_first_and_searches_without_accents(demo_report):
    p, report = demo_report
    table = clients.clients_table(report, p, "en")
    assert len(table) == len(p.clients)
    ready = table["ready"].to_numpy()
    assert ready[: ready.sum()].all() and not ready[ready.sum():].any()
    assert (np.diff(table.loc[ready, "trust"].to_numpy()) <= 0).all()
    assert set(table.loc[ready, "status"]) == {"Ready"}
    want = report.status.loc[table["client_id"], "trust"].to_numpy()
    np.testing.assert_allclose(table["trust"], want)

    accented = p.clients[p.clients["name"].str.contains("ë")].iloc[0]
    plain = accented["name"].replace("ë", "e").upper()
    found = clients.clients_table(report, p, "en", plain)
    assert accented["id"] in found["client_id"].tolist()
    assert len(found) < len(table)
    assert clients.clients_table(report, p, "en", "no such client zzz").empty

    csv = clients.table_for_download(table, "fr")
    assert "Confiance" in csv.columns and len(csv) == len(table)


def test_the_grid_narrows_the_table_it_made_once_and_draws_its_first_rows(demo_report):
    from refdash.i18n import format_table
    from refdash.views import client_grid

    p, report = demo_report
    full = client_grid.grid(p, report, "fr")
    pd.testing.assert_frame_equal(full.table, clients.clients_table(report, p, "fr"))
    assert not full.truncated and len(full.shown) == len(p.clients)
    index = clients.search_index(p)
    for query in ("", "  ", p.owners[0].split()[0], "ELE", "no such client zzz"):
        found = client_grid.searched(full, query, index, "fr")
        pd.testing.assert_frame_equal(
            found.table, clients.clients_table(report, p, "fr", query, index))
        assert found.options == tuple(found.table["client_id"])[:client_grid.PICK_LIMIT]
    # A large store: the grid draws the first rows as text, the CSV and the picker keep all.
    cut = client_grid.grid(p, report, "fr", rows=50)
    assert cut.truncated and len(cut.download) == len(p.clients)
    pd.testing.assert_frame_equal(
        cut.shown, format_table(full.table.head(50), "fr", client_grid.KINDS))
    last = int(full.table["client_id"].iloc[-1])
    assert cut.name_of(last) == full.table["name"].iloc[-1]


def test_a_clients_view_marks_every_event_and_flags_early_asks(demo_report):
    p, report = demo_report
    early_clients = report.asks.loc[report.asks["early"], "client_id"]
    with_refs = set(p.referrals["client_id"])
    cid = int(next(c for c in early_clients if c in with_refs))
    view = clients.client_view(report, p, cid, "en")
    ev = p.events[(p.events["client_id"] == cid) & p.events["kind"].isin(clients.MARKER_KINDS)]
    asks = report.client_asks(cid)
    names = {tr.name: tr for tr in view.figure.data}
    kinds = {"promise_kept": "Promise kept", "promise_broken": "Promise broken",
             "satisfaction": "Satisfaction score", "complaint": "Complaint"}
    for kind, name in kinds.items():
        count = int((ev["kind"] == kind).sum())
        assert len(names[name].x) == count if count else name not in names
    assert len(names["Early ask"].x) == int(asks["early"].sum())
    assert len(names.get("Ask when ready", type("", (), {"x": []})).x) == int((~asks["early"]).sum())
    assert len(names["Referral given"].x) == int((p.referrals["client_id"] == cid).sum())
    np.testing.assert_allclose(names["Trust"].y, report.client_trajectory(cid)["trust"])
    assert view.sentence == clients.sentence(
        clients.next_step(report.status.loc[cid], report, "en"), "en")
    assert view.figure.layout.yaxis.title.text == "Trust (0–1)"


def test_settings_round_trip_and_keep_the_weights_summing_to_one():
    s = clients.settings_with(TrustSettings(), {"weight_reliability": 0.7, "threshold": 0.6})
    assert s.weight_satisfaction == pytest.approx(0.3) and s.threshold == 0.6
    assert clients.settings_from({clients.SETTINGS_KEY: s}) == s
    assert clients.settings_from({}) == TrustSettings()
    assert s != TrustSettings()  # the settings themselves key the cached report
    with pytest.raises(ValueError, match="unknown trust settings"):
        clients.settings_with(TrustSettings(), {"thresold": 0.5})
    for control in clients.KNOBS:
        default = getattr(TrustSettings(), control.field)
        assert control.low <= default <= control.high, control.field


def test_the_lists_a_sales_lead_acts_on():
    events = steady_client(1, -900, 30) + steady_client(2, -900, 30) + [
        (2, -20, "referral_ask", math.nan), (3, -400, "referral_ask", math.nan),
        (3, -10, "referral_ask", math.nan)]
    p = make_portfolio([(1, -900), (2, -900), (3, -420)], events)
    report = trust.analyse(p)
    ready = home.ready_now(report, p)
    assert ready["client_id"].tolist() == [1]
    early = home.recent_early_asks(report, p, "en")
    # Client 3, who never kept a promise in 14 months, was asked 10 days ago: low trust.
    # Client 2 was ready when asked 20 days ago (and is now waiting out the cool-off).
    assert early["client_id"].tolist() == [3]
    assert early["why"].tolist() == ["Low trust"]
    assert report.status.loc[2, "reason"] == "asked_recently"
    summary = clients.summary(report, p)
    assert (summary.ready, summary.early_asks_90d, summary.asks_90d) == (1, 1, 2)


# --------------------------------------------------------------------------- the page

def run_clients(lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    # Set the way the sidebar's selectbox leaves it (AppTest loses the sidebar from its
    # element tree after a widget-triggered rerun under st.navigation).
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("pages/clients.py").run()
    assert not at.exception, at.exception
    return at


def open_settings(at: AppTest) -> AppTest:
    """Open the trust settings' expander (its sliders are drawn only while it is open)."""
    at.session_state["clients_settings_open"] = True
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_trust_settings_are_drawn_only_while_their_expander_is_open(app_env):
    """Closed (as the page opens), none of the twelve sliders is sent (the browser drew them
    hidden on every run); opened, each shows the setting the page follows, and a setting
    changed there stays once the panel is closed again."""
    at = run_clients()
    assert not at.select_slider
    open_settings(at)
    assert len(at.select_slider) == len(clients.KNOBS)
    assert at.select_slider(key="trust_threshold").value == TrustSettings().threshold
    at.select_slider(key="trust_threshold").set_value(0.5).run()
    at.session_state["clients_settings_open"] = False
    at.run()
    assert not at.exception and not at.select_slider
    assert at.query_params["threshold"] in ("0.5", ["0.5"])
    open_settings(at)
    assert at.select_slider(key="trust_threshold").value == 0.5


def test_the_page_shows_the_models_figures_and_sentence(app_env):
    at = run_clients()
    p = portfolio.load(app_env, as_of=AS_OF)
    report = clients.clients_report(p)
    summary = clients.summary(report, p)
    values = {m.label: m.value for m in at.metric}
    assert values["Ready to ask now"] == str(summary.ready)
    assert values["Early asks (90 days)"] == str(summary.early_asks_90d)

    table = clients.clients_table(report, p, "en")
    cid = int(table["client_id"].iloc[-1])
    at.selectbox(key="clients_pick").set_value(cid).run()
    assert not at.exception
    want = clients.sentence(clients.next_step(report.status.loc[cid], report, "en"), "en")
    shown = [x.value for x in [*at.success, *at.warning, *at.error, *at.info]]
    assert want in shown


def test_changing_a_setting_changes_every_view(app_env):
    at = run_clients()
    p = portfolio.load(app_env, as_of=AS_OF)
    before = {m.label: m.value for m in at.metric}["Ready to ask now"]
    open_settings(at).select_slider(key="trust_threshold").set_value(0.5).run()
    assert not at.exception
    looser = clients.settings_with(TrustSettings(), {"threshold": 0.5})
    want = clients.summary(clients.clients_report(p, looser), p).ready
    after = {m.label: m.value for m in at.metric}["Ready to ask now"]
    assert after == str(want) and int(after) > int(before)

    # The Portfolio page follows the setting chosen here.
    at.switch_page("pages/portfolio.py").run()
    assert not at.exception
    # Issue 12: the Portfolio opens on the worklist (its asks follow the gate's setting), no
    # longer on the list of every client the gate calls ready.
    from refdash.views import worklist

    asks = worklist.worklist(p, looser, "en").asks
    shown_asks = [b.key for b in at.button if b.key and b.key.endswith("_asked")]
    assert shown_asks == [f"wl_{e.client_id}_asked" for e in asks]
    assert shown_asks != [f"wl_{e.client_id}_asked" for e in worklist.worklist(p).asks]

    # So does the Segments page: readiness is part of the segments' evidence.
    at.switch_page("pages/segments.py").run()
    assert not at.exception
    unknown = {m.label: m.value for m in at.metric}["Not placed yet"]
    shown_unknown = int(unknown.replace(",", ""))
    # "Not placed yet" counts the active clients the Segments view cannot place.
    looser_unknown = segments_view.counts(segments_view.overview(p, looser))[segments.UNKNOWN]
    default_unknown = segments_view.counts(segments_view.overview(p))[segments.UNKNOWN]
    assert shown_unknown == looser_unknown != default_unknown


def test_the_page_speaks_french_and_italian(app_env):
    at = run_clients("fr")
    assert at.title[0].value == "Clients"
    assert "Prêts pour une demande" in {m.label for m in at.metric}
    assert open_settings(at).select_slider(key="trust_threshold").label == \
        "Confiance requise pour demander"
    at = run_clients("it")
    assert at.title[0].value == "Clienti"
    assert "Pronti per una richiesta" in {m.label for m in at.metric}


def test_a_search_narrows_the_table_and_the_pick(app_env):
    at = run_clients()
    p = portfolio.load(app_env, as_of=AS_OF)
    owner = p.owners[0]
    at.text_input(key="clients_search").set_value(owner.split()[0]).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "status" in d.value.columns)  # the clients grid
    assert len(table) == (p.clients["owner"] == owner).sum()
    assert set(at.selectbox(key="clients_pick").options) <= {
        f"{n} · #{i}" for i, n in zip(p.clients["id"], p.clients["name"], strict=True)
        if p.clients.set_index("id").loc[i, "owner"] == owner}
    at.text_input(key="clients_search").set_value("no such client zzz").run()
    assert not at.exception
    assert "No client matches this search." in [i.value for i in at.info]
    cost_title = i18n.translate("clients.cost.heading", "en")
    assert [e for e in at.expander if e.label == cost_title]  # the cost of early asks stays


def test_the_report_leaves_out_likely_never_referrers(demo_report):
    from refdash.model import segments

    p, report = demo_report
    assert report.never_applied
    # Only clients whose evidence says something can be blocked (never asked: NaN).
    p_never = segments.never_probability(segments.posteriors(p)).fillna(0.0)
    blocked = report.status.index[report.status["reason"] == "likely_never"]
    assert len(blocked) and (p_never.loc[blocked] >= 0.5).all()
    assert not report.status.loc[blocked, "ready"].any()
    active = report.status.index[~report.status["lost"]]
    assert (report.status.loc[p_never.index[p_never >= 0.5].intersection(active), "reason"]
            == "likely_never").all()


def test_without_segment_evidence_the_gate_stands_on_its_other_conditions(monkeypatch):
    from refdash.model import segments

    def too_little(*args, **kwargs):
        raise ValueError("too little evidence")

    monkeypatch.setattr(segments, "estimate_shares", too_little)  # the one fit (decision.assess)
    p = make_portfolio([(1, -10)], [])
    with pytest.warns(RuntimeWarning, match="segments model not fitted"):
        report = clients.clients_report(p)
    assert not report.never_applied
    assert report.status.loc[1, "reason"] == "too_new"


def test_the_portfolio_lists_show_calendar_days_and_blank_companies(demo_portfolio):
    """'Ready to ask now' and 'Early asks in the last 90 days' as a sales lead reads them:
    a date is a day (no 00:00:00), a missing company is a blank cell, every early ask is
    within 90 days and was made by a client of the view."""
    import datetime

    report = clients.clients_report(demo_portfolio)
    ready, early = home.portfolio_lists(report, demo_portfolio, "fr")
    assert len(ready) and len(early)
    day = early["Date"]
    assert all(type(d) is datetime.date for d in day)
    assert min(day) > (demo_portfolio.as_of - pd.Timedelta(days=90)).date()
    company = ready[[c for c in ready.columns if c.startswith("Entreprise")][0]]
    assert company.notna().all()
    asked = ready.iloc[:, -1].dropna()
    assert all(type(d) is datetime.date for d in asked)


def test_the_table_never_shows_a_negative_zero_change(demo_portfolio):
    """A change that rounds to zero reads 0.00, not -0.00 (which looks like a loss)."""
    report = clients.clients_report(demo_portfolio)
    change = clients.clients_table(report, demo_portfolio, "en")["trust_change_3m"].dropna()
    zero = change[change == 0]
    assert len(zero) and not np.signbit(zero.to_numpy()).any()
    assert (change.round(2) == change).all()


def test_settings_travel_in_the_url_only_where_they_differ_from_the_defaults():
    s = clients.settings_with(TrustSettings(), {"threshold": 0.35000000000000003,
                                                "familiarity_months": 9.0})
    params = clients.settings_to_params(s)
    assert params == {"threshold": "0.35", "familiarity_months": "9"}
    back = clients.settings_from_params(params)
    assert back.threshold == pytest.approx(s.threshold) and back.familiarity_months == 9.0
    assert clients.settings_to_params(TrustSettings()) == {}
    # A hand-edited link opens on the defaults where it asks for what a slider cannot show.
    assert clients.settings_from_params({"threshold": "9", "tau": "x", "min_months_known": "a"}) \
        == TrustSettings()
    assert clients.settings_from_params({"threshold": ["0.5", "0.6"]}).threshold == 0.6


def test_a_shared_link_keeps_the_trust_settings(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["threshold"] = "0.5"
    at.run()
    at.switch_page("pages/clients.py").run()
    assert not at.exception, at.exception
    p = portfolio.load(app_env, as_of=AS_OF)
    looser = clients.settings_with(TrustSettings(), {"threshold": 0.5})
    shown = {m.label: m.value for m in at.metric}["Ready to ask now"]
    assert shown == str(clients.summary(clients.clients_report(p, looser), p).ready)
    assert open_settings(at).select_slider(key="trust_threshold").value == 0.5
    assert at.query_params["threshold"] in ("0.5", ["0.5"])

    at.select_slider(key="trust_threshold").set_value(0.6).run()
    assert not at.exception
    assert at.query_params["threshold"] in ("0.6", ["0.6"])
    at.button(key="trust_reset").click().run()
    assert not at.exception
    assert "threshold" not in at.query_params


def opened_after_sending_no_chart(at: AppTest, title_key: str, state_key: str):
    """The expander titled ``title_key``: closed, it holds no chart; opened (its state
    ``state_key``), the page sends one plotly chart more. Returns the opened expander."""
    title = i18n.translate(title_key, "en")
    [box] = [e for e in at.expander if e.label == title]
    assert not box.children or not any(
        getattr(c, "type", "") == "plotly_chart" for c in box.children.values())
    charts_closed = len(at.get("plotly_chart"))
    at.session_state[state_key] = True
    at.run()
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) == charts_closed + 1
    [box] = [e for e in at.expander if e.label == title]
    return box


def test_the_cost_of_early_asks_is_drawn_only_while_its_expander_is_open(app_env):
    """Closed (as the page opens), the cost of early asks sends no chart (one plotly chart
    less for the browser on the first switch to the page); opened, its chart and table."""
    at = run_clients()
    box = opened_after_sending_no_chart(at, "clients.cost.heading", "clients_cost_open")
    groups = {i18n.translate(f"clients.cost.{g}", "en") for g in ("early", "timely", "never_asked")}
    chart = at.get("plotly_chart")[-1]  # the page's last part
    assert groups & {trace["name"] for trace in json.loads(chart.proto.spec)["data"]}
    assert len(box.dataframe) == 1


def test_the_gate_check_is_drawn_only_while_its_expander_is_open(app_env):
    """Closed (as the page opens), the gate check sends nothing: its chart and tables cost
    the browser time on every run. Opened, it shows its sentences, chart and tables."""
    at = run_clients()
    box = opened_after_sending_no_chart(at, "gate.title", "gate_open")
    assert len(box.dataframe) == 2 and len(box.text) >= 1
    # Applying the suggestion (when there is one) runs the whole page on the new threshold.
    # (The demo store's history suggests another threshold than the default.)
    slider = clients.WIDGET_PREFIX + "threshold"
    before = TrustSettings().threshold
    at.button(key="gate_apply").click().run()
    assert not at.exception, at.exception
    after = open_settings(at).select_slider(key=slider).value
    assert after != before and at.query_params["threshold"] in (str(after), [str(after)])
