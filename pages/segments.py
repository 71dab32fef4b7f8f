"""Segments: who refers unasked, who refers when asked, who never does; and the referral
network. A table of contents: the view (refdash.views.segments) computes, this page draws."""

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from refdash.ui import computed, download_csv, lang, page_header, portfolio_or_stop, t, trust_settings
from refdash.ui.cache import Laps
from refdash.ui.widgets import table
from refdash.views import segments as view
from refdash.views.segments import ClientList, Metric

laps = Laps("segments page")
page_header("segments")
portfolio = portfolio_or_stop()


def metric(column: DeltaGenerator, m: Metric) -> None:
    # Deltas here are gaps to the rule, not changes: no colour, no arrow.
    column.metric(m.label, m.value, m.delta, delta_color="off", delta_arrow="off", border=True,
                  help=m.help)


def client_list(tab: ClientList, rows: pd.DataFrame) -> None:
    """One tab: the action, the first rows (``rows``, already written in the language)."""
    st.markdown(tab.action)
    if tab.table.empty:
        st.info(t("segments.lists.empty"))
        return
    st.dataframe(rows, key=f"segments_table_{tab.segment}", hide_index=True, width="stretch")
    if tab.truncated:
        st.caption(tab.truncated)
    download_csv(tab.table, tab.file_name, key=f"segments_download_{tab.segment}", lazy=True)


# The trust gate as set on the Clients page: readiness is the segments' evidence.
with st.spinner(t("segments.computing")):
    # The overview (shared with the other pages), then the texts, tables and figures drawn
    # from it once per settings and language (seconds a run on a large store otherwise).
    drawn = computed(view.drawn, trust_settings(), lang())
page = drawn.page
laps("computed")

# --- The portfolio against the rule.
st.subheader(t("segments.shares.header"))
for column, m in zip(st.columns(4), page.share_metrics, strict=True):
    metric(column, m)
st.caption(page.intervals)
st.plotly_chart(drawn.shares, width="stretch", key="segments_shares")
st.caption(page.shares_caption)
if not page.converged:
    st.warning(t("segments.not_converged"), icon=":material/warning:")

# --- Each client's probabilities.
st.subheader(t("segments.ternary.header"))
st.plotly_chart(drawn.ternary, width="stretch", key="segments_ternary")
st.caption(page.ternary_caption)


@st.fragment
def client_lists(drawn: view.Drawn) -> None:
    """One tab per segment, only the chosen tab's list drawn (a fragment: choosing another
    tab runs this part, not the page). Drawn in every tab, the hidden lists were two more
    tables for the browser to draw on every visit to the page."""
    tabs = st.tabs([x.label for x in drawn.page.lists], key="segments_list_tab",
                   on_change="rerun")
    for tab, client_tab, rows in zip(tabs, drawn.page.lists, drawn.list_rows, strict=True):
        if tab.open:
            with tab:
                client_list(client_tab, rows)


# --- Who is who, and what to do.
st.subheader(t("segments.lists.header"))
st.caption(t("segments.lists.caption"))
client_lists(drawn)
laps("shares, ternary, lists")

@st.fragment
def network_charts(drawn: view.Drawn) -> None:
    """The network, its generations and its lineages, drawn only while their expander is
    open (a fragment: opening it runs this part, not the page). Drawn on every visit, their
    two plotly charts made a switch to this page cost 1.1-1.3 s on a 100,000-client store."""
    net = drawn.page.network
    with st.expander(t("segments.network.show"), icon=":material/account_tree:",
                     key="segments_network_open", on_change="rerun") as box:
        if not box.open:
            return
        if drawn.network is None:
            st.info(t("segments.network.empty"))
        else:
            st.plotly_chart(drawn.network, width="stretch", key="segments_network")
            st.caption(net.caption)
        if net.repairs:
            st.caption(net.repairs)
        left, right = st.columns(2)
        left.plotly_chart(drawn.generations, width="stretch", key="segments_generations")
        with right:
            st.markdown(t("segments.lineage.header"))
            table(net.lineages, key="segments_lineage")
            if not net.lineages.empty:
                download_csv(net.lineages, "referral-lineages.csv",
                             key="segments_download_lineage")


# --- The referral network: its figures first, its charts on demand.
st.subheader(t("segments.network.header"))
for column, m in zip(st.columns(3), page.network.metrics, strict=True):
    metric(column, m)
network_charts(drawn)


@st.fragment
def how_it_works(rates: pd.DataFrame) -> None:
    """The model in words and its rates, drawn only while the expander is open (a fragment):
    closed, its text and table were still drawn, hidden, on every visit to the page."""
    with st.expander(t("segments.model.header"), icon=":material/functions:",
                     key="segments_model_open", on_change="rerun") as box:
        if box.open:
            st.markdown(t("segments.model.text"))
            table(rates, key="segments_rates")


# --- How it works.
how_it_works(page.rates)
laps("network, model")
laps.report()
