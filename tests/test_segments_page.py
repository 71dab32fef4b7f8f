"""The Segments page and its charts: what it shows equals what the model computes, in every
language, for the sidebar's owners; and in a real browser."""

from __future__ import annotations

from urllib.parse import quote

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from refdash import i18n
from refdash.charts import palette
from refdash.charts import segments as charts
from refdash.model import portfolio, referral_tree, segments, trust
from refdash.model.segments import SEGMENTS, UNKNOWN
from refdash.model.trust import TrustSettings
from refdash.views import segments as view
from tests.browser import goto, metric_values
from tests.conftest import APP, AS_OF


def expected_metrics(p: portfolio.Portfolio, lang: str) -> dict[str, str]:
    """The share metrics the page must show: the model's estimate for the clients in view."""
    ov = view.overview(p)
    row = ov.shares.loc["all"]
    out = {
        i18n.translate("segments.metric.share", lang,
                       segment=i18n.translate(f"segment.{k}", lang)):
            i18n.format_percent(row[k], lang)
        for k in SEGMENTS
    }
    # Not placed yet: the active clients with too little evidence (lost ones are not listed).
    out[i18n.translate("segments.metric.unknown", lang)] = i18n.format_number(
        int(((ov.clients["segment"] == UNKNOWN) & ~ov.clients["lost"]).sum()), lang)
    out[i18n.translate("segments.metric.referred_share", lang)] = i18n.format_percent(
        ov.tree.referred_share, lang)
    return out


def shown(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def run_segments(lang: str | None = None, owners: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    # The sidebar's widgets, set the way a click would leave them (AppTest loses the sidebar
    # from its element tree after a widget-triggered rerun under st.navigation).
    if lang:
        at.session_state["lang"] = lang
    if owners:
        at.session_state["owners"] = owners
    at.run()
    at.switch_page("pages/segments.py").run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def store_portfolio(app_env) -> portfolio.Portfolio:
    return portfolio.load(app_env, as_of=AS_OF)


def test_page_shows_the_models_shares(store_portfolio):
    at = run_segments()
    want = expected_metrics(store_portfolio, "en")
    got = shown(at)
    assert {k: got[k] for k in want} == want
    assert at.title[0].value == "Segments"


def test_only_the_chosen_tabs_list_is_drawn(store_portfolio):
    """The lists' tabs draw the chosen tab's table and download only (the hidden ones were
    two more tables for the browser on every visit); choosing another tab draws its own."""
    at = run_segments()
    lists = view.drawn(store_portfolio, TrustSettings(), "en")  # what the tabs hold
    labels = [x.label for x in lists.page.lists]
    assert [tab.label for tab in at.tabs] == labels

    def drawn_lists() -> list[list[int]]:  # per tab, the rows of each table drawn in it
        return [[len(d.value) for d in tab.dataframe] for tab in at.tabs]

    def only(i: int) -> list[list[int]]:
        return [[len(lists.list_rows[i])] if j == i else [] for j in range(len(labels))]

    assert not lists.page.lists[0].table.empty  # the demo has advocates: the first tab
    assert drawn_lists() == only(0)
    other = next(i for i, x in enumerate(lists.page.lists) if i and not x.table.empty)
    at.session_state["segments_list_tab"] = labels[other]
    at.run()
    assert not at.exception, at.exception
    assert drawn_lists() == only(other)


def test_the_metric_and_the_tab_count_the_clients_not_placed_yet_alike(store_portfolio):
    """One figure, two places: "Not placed yet" and the Unknown tab's label."""
    at = run_segments()
    figures = view.counts(view.overview(store_portfolio))
    unknown = shown(at)["Not placed yet"]
    assert unknown == i18n.format_number(figures[UNKNOWN], "en")
    labels = [tab.label for tab in at.tabs]
    assert f"Unknown ({unknown})" in labels
    for seg in SEGMENTS:
        name = i18n.translate(f"segment.{seg}", "en")
        assert f"{name} ({i18n.format_number(figures[seg], 'en')})" in labels


def test_the_network_charts_are_drawn_only_while_their_expander_is_open(store_portfolio):
    """Closed (as the page opens), the network section sends its three figures and no chart:
    its two plotly charts cost a switch to the page a quarter of a second or more. Opened,
    the network, its generations and the lineages table with its download are there."""
    at = run_segments("fr")
    title = i18n.translate("segments.network.show", "fr")
    charts_closed = len(at.get("plotly_chart"))
    [box] = [e for e in at.expander if e.label == title]
    assert not box.children
    at.session_state["segments_network_open"] = True
    at.run()
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) == charts_closed + 2
    [box] = [e for e in at.expander if e.label == title]
    assert i18n.translate("segments.lineage.header", "fr") in [m.value for m in box.markdown]
    keys = [d.proto.id.rsplit("-", 1)[-1] for d in at.get("download_button")]
    assert "segments_download_lineage" in keys


def test_how_it_works_is_drawn_only_while_its_expander_is_open(store_portfolio):
    """Closed, the model's text and rates table are not sent (they were drawn hidden on
    every visit); opened, both are there, in the language."""
    at = run_segments("it")
    title = i18n.translate("segments.model.header", "it")
    [box] = [e for e in at.expander if e.label == title]
    assert not box.children
    at.session_state["segments_model_open"] = True
    at.run()
    assert not at.exception, at.exception
    [box] = [e for e in at.expander if e.label == title]
    assert i18n.translate("segments.model.text", "it") in [m.value for m in box.markdown]
    assert len(box.dataframe) == 1 and len(box.dataframe[0].value) > 0


def test_page_in_italian_for_one_owner(store_portfolio):
    owner = store_portfolio.owners[0]
    at = run_segments("it", [owner])
    want = expected_metrics(store_portfolio.for_owners([owner]), "it")
    got = shown(at)
    assert {k: got[k] for k in want} == want
    assert at.title[0].value == "Segmenti"
    assert want != expected_metrics(store_portfolio, "it")


# --------------------------------------------------------------------------- charts


@pytest.fixture
def overview(demo_portfolio) -> view.Overview:
    return view.overview(demo_portfolio)


def test_shares_chart_draws_the_rule_and_the_estimates_with_their_intervals(overview):
    fig = charts.shares_chart(overview.shares, "fr")
    assert [t.name for t in fig.data] == ["Ambassadeur", "Réceptif", "Jamais"]
    for trace, seg, rule in zip(fig.data, SEGMENTS, segments.RULE_SHARES, strict=True):
        assert trace.marker.color == palette.SEGMENT_COLORS[seg]
        assert list(trace.x)[:2] == ["Règle 20-60-20", "Tous les clients"]
        y = np.asarray(trace.y, dtype=float)
        assert y[0] == rule
        np.testing.assert_allclose(y[1:], overview.shares[seg].to_numpy())
        np.testing.assert_allclose(np.asarray(trace.error_y.array)[1:],
                                   overview.shares[f"{seg}_high"].to_numpy() - y[1:])
        np.testing.assert_allclose(np.asarray(trace.error_y.arrayminus)[1:],
                                   y[1:] - overview.shares[f"{seg}_low"].to_numpy())
    assert fig.layout.yaxis.title.text == "Part des clients (%)"
    assert fig.layout.title.text and fig.layout.separators == ", "[0] + "\u202f"


def test_a_sales_lead_with_too_little_history_gets_no_bars_but_words(overview):
    shares = overview.shares.copy()
    shares.loc["<b>New lead</b>"] = shares.iloc[0]
    shares.loc["<b>New lead</b>", "informative"] = 3  # the prior would pass for a finding
    fig = charts.shares_chart(shares, "en")
    for trace in fig.data:
        assert np.isnan(trace.y[-1]) and not np.isnan(trace.y[1])
        assert "not enough history yet" in trace.x[-1] and "<b>" not in trace.x[-1]
        assert "not enough history yet" in trace.hovertext[-1]


def test_ternary_chart_puts_every_client_where_its_probabilities_say(overview, demo_portfolio):
    names = overview.clients["name"]
    fig = charts.ternary_chart(overview.fit.posteriors, names, "en")
    assert sum(len(t.a) for t in fig.data) == len(demo_portfolio.clients)
    post = overview.fit.posteriors
    for trace in fig.data:
        seg = {i18n.translate(f"segment.{k}", "en"): k for k in (*SEGMENTS, UNKNOWN)}[trace.name]
        assert trace.marker.color == palette.SEGMENT_COLORS[seg]
        ids = np.asarray([row[0] for row in trace.customdata])
        assert (post.loc[ids, "segment"] == seg).all()
        np.testing.assert_allclose(trace.a, post.loc[ids, "p_advocate"], atol=1e-4)
        np.testing.assert_allclose(trace.c, post.loc[ids, "p_never"], atol=1e-4)
        assert names.loc[ids[0]] in charts.hover_texts(trace)[0]
    assert fig.layout.ternary.aaxis.title.text == "Advocate (%)"
    small = charts.ternary_chart(post, names, "en", max_points=50)
    assert sum(len(t.a) for t in small.data) == 50


def test_ternary_hover_says_a_client_too_little_known_is_not_placed(overview):
    fig = charts.ternary_chart(overview.fit.posteriors, overview.clients["name"], "en")
    unknown = [t for t in fig.data if t.name == i18n.translate(f"segment.{UNKNOWN}", "en")]
    assert unknown and len(unknown[0].customdata)
    for text in charts.hover_texts(unknown[0]):
        assert "Too little history to place this client yet" in text and "Most likely" not in text
    placed = [t for t in fig.data if t.name != unknown[0].name]
    assert all("Most likely" in text for t in placed for text in charts.hover_texts(t))


def test_ternary_hover_is_one_template_per_trace_with_each_clients_values(overview):
    """The words once per trace, the values per point: a value is shown as it is (escaped
    HTML, never read as a placeholder), and the whole text is the one written before."""
    names = overview.clients["name"].copy()
    first = overview.fit.posteriors.index[0]
    names.loc[first] = "<b>%{customdata[2]}</b>"
    fig = charts.ternary_chart(overview.fit.posteriors, names, "fr")
    trace = next(t for t in fig.data if first in [row[0] for row in t.customdata])
    assert trace.hovertext is None and str(trace.hovertemplate).endswith("<extra></extra>")
    assert "customdata[0]" not in trace.hovertemplate  # the id is data, not text
    text = charts.hover_texts(trace)[[row[0] for row in trace.customdata].index(first)]
    assert text.startswith("<b>&lt;b&gt;%{customdata[2]}&lt;/b&gt;</b><br>")
    assert "\xa0%" in text


def test_network_chart_is_a_tree_of_the_drawn_clients(overview, demo_portfolio):
    top = referral_tree.top_of_tree(overview.tree, max_nodes=40)
    fig = charts.network_chart(top, demo_portfolio.clients, overview.clients["segment"], "en")
    icicle = fig.data[0]
    ids = list(icicle.ids)
    assert len(ids) == len(set(ids)) == len(top) + 1  # the clients below one root
    assert list(icicle.parents).count("") == 1
    assert all(p == "" or p in ids for p in icicle.parents)
    shown = dict(zip(icicle.ids[1:], icicle.parents[1:], strict=True))
    for cid, parent in top["parent"].dropna().astype(int).items():
        assert shown[str(cid)] == str(parent)  # who referred whom, as in the tree
    colours = set(icicle.marker.colors[1:])
    assert colours <= set(palette.SEGMENT_COLORS.values())
    gens = charts.generations_chart(referral_tree.generations(overview.tree), "it")
    assert gens.layout.xaxis.title.text.startswith("Generazione")
    assert gens.layout.yaxis.title.text == "Clienti"


def test_points_against_the_rule_carry_a_sign():
    assert view.points_vs_rule(0.27, 0.2, "en") == "+7"
    assert view.points_vs_rule(0.199, 0.2, "en") == "0"
    assert view.points_vs_rule(0.1, 0.2, "fr") == "-10"


def test_tables_for_display_are_translated(overview, demo_portfolio):
    lineage = view.lineage_table(referral_tree.lineages(overview.tree, demo_portfolio.clients), "fr")
    assert "Lignée (toutes générations)" in lineage.columns
    rates = view.rates_table(overview.fit.rates, "it")
    assert rates.iloc[:, 0].tolist() == ["Ambasciatore", "Ricettivo", "Mai"]


# --------------------------------------------------------------------------- the view


def test_overview_lists_match_the_posteriors_and_skip_lost_clients(demo_portfolio):
    ov = view.overview(demo_portfolio)
    assert list(ov.shares.index) == ["all", *demo_portfolio.owners]
    for seg in (*SEGMENTS, segments.UNKNOWN):
        table = view.client_table(ov, seg, "fr")
        active = ov.clients[(ov.clients["segment"] == seg) & ~ov.clients["lost"]]
        assert len(table) == len(active)
        if len(table):
            assert "Que faire" in table.columns
            probs = table["Probabilité (%)"].to_numpy()
            assert np.all(np.diff(probs) <= 0)  # most certain first
    # A likely never-referrer is never "ready to ask"; a client never asked is never blocked
    # for being a likely never-referrer (it could never show otherwise).
    gate = segments.never_probability(ov.fit.posteriors)
    likely_never = gate.fillna(0) >= trust.TrustSettings().never_probability
    assert likely_never.any()
    assert not (ov.clients.loc[likely_never, "ready"]).any()
    never_asked = gate.isna()
    assert never_asked.any()
    assert not (ov.clients.loc[never_asked, "reason"] == "likely_never").any()


def test_the_page_and_the_clients_page_apply_one_likely_never_rule(demo_portfolio):
    """The Segments page's gate is the trust model's: same ready clients, same reasons."""
    ov = view.overview(demo_portfolio)
    p_never = segments.never_probability(ov.fit.posteriors)
    gated = trust.client_status(demo_portfolio, never_probability=p_never)
    gated = gated.reindex(ov.clients.index)
    assert (gated["ready"].to_numpy() == ov.clients["ready"].to_numpy()).all()
    assert (gated["reason"].to_numpy() == ov.clients["reason"].to_numpy()).all()
    blocked = trust.likely_never(p_never) & ~ov.clients["lost"].to_numpy()
    assert blocked.any() and (ov.clients.loc[blocked, "reason"] == "likely_never").all()
    assert not trust.likely_never(np.array([np.nan, 0.49])).any()
    assert trust.likely_never(np.array([trust.LIKELY_NEVER_PROBABILITY])).all()


def test_the_page_counts_are_one_figure(overview, demo_portfolio):
    """The metric and every tab label come from :func:`counts`: active clients per label."""
    figures = view.counts(overview)
    active = overview.clients[~overview.clients["lost"]]
    assert sum(figures.values()) == len(active)
    assert figures[UNKNOWN] == int((active["segment"] == UNKNOWN).sum())
    page = view.segments_page(overview, demo_portfolio, "fr", charts.MAX_TERNARY_POINTS)
    unknown = page.share_metrics[-1]
    assert unknown.label == "Pas encore classés"
    assert unknown.value == i18n.format_number(figures[UNKNOWN], "fr")
    for tab in page.lists:
        assert tab.label.endswith(f"({i18n.format_number(figures[tab.segment], 'fr')})")
        assert len(tab.table) == figures[tab.segment]  # the tab lists what it counts


# --------------------------------------------------------------------------- browser


@pytest.mark.browser
def test_browser_shows_the_models_shares(app_server, page):
    p = portfolio.load(app_server.db, as_of=AS_OF)
    ov = view.overview(p)
    goto(page, app_server, "segments")
    want = expected_metrics(p, "en")
    got = metric_values(page, count=7)
    assert {k: got[k] for k in want} == want
    # The bars drawn are the model's shares (plotly's own data in the page).
    page.wait_for_selector(".js-plotly-plot .main-svg")
    drawn = page.evaluate(
        "() => document.querySelector('.js-plotly-plot')._fullData.map(t => Array.from(t.y))")
    for j, seg in enumerate(SEGMENTS):
        np.testing.assert_allclose(drawn[j][1:], ov.shares[seg].to_numpy(), rtol=1e-9)
    # The network's charts come when their expander is opened; then every chart of the page
    # is drawn and no exception box shows.
    page.get_by_text(i18n.translate("segments.network.show", "en")).click()
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 4")
    assert page.locator('[data-testid="stException"]').count() == 0
    frame = pd.DataFrame(drawn).T
    assert frame.shape[1] == 3

    # A shared link to one owner's view in Italian shows that owner's shares.
    owner = p.owners[1]
    goto(page, app_server, "segments", f"lang=it&owners={quote(owner)}")
    want = expected_metrics(p.for_owners([owner]), "it")
    got = metric_values(page, count=7)
    assert {k: got[k] for k in want} == want
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Segmenti"


def test_the_drawn_page_is_the_page_and_figures_of_its_overview(overview, demo_portfolio):
    from refdash.model.trust import TrustSettings

    drawn = view.drawn(demo_portfolio, TrustSettings(), "it", overview)
    page = view.segments_page(overview, demo_portfolio, "it", charts.MAX_TERNARY_POINTS)
    assert [x.label for x in drawn.page.lists] == [x.label for x in page.lists]
    assert drawn.shares == charts.shares_chart(overview.shares, "it")
    assert drawn.ternary == charts.ternary_chart(overview.fit.posteriors,
                                                 overview.clients["name"], "it")
    for rows, tab in zip(drawn.list_rows, page.lists, strict=True):
        pd.testing.assert_frame_equal(rows, i18n.format_table(tab.table.head(tab.shown), "it"))
