"""Segments: who refers unasked, who refers when asked, who never does; and the referral
network. A table of contents: the view (refdash.views.segments) computes, this page draws."""

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from refdash.charts import segments as charts
from refdash.ui import computed, download_csv, lang, page_header, portfolio_or_stop, t, trust_settings
from refdash.ui.widgets import table
from refdash.views import segments as view
from refdash.views.segments import ClientList, Metric

page_header("segments")
portfolio = portfolio_or_stop()


def metric(column: DeltaGenerator, m: Metric) -> None:
    # Deltas here are gaps to the rule, not changes: no colour, no arrow.
    column.metric(m.label, m.value, m.delta, delta_color="off", delta_arrow="off", border=True,
                  help=m.help)


def client_list(tab: ClientList) -> None:
    st.markdown(tab.action)
    if tab.table.empty:
        st.info(t("segments.lists.empty"))
        return
    table(tab.table.head(tab.shown), key=f"segments_table_{tab.segment}")
    if tab.truncated:
        st.caption(tab.truncated)
    download_csv(tab.table, tab.file_name, key=f"segments_download_{tab.segment}", lazy=True)


# The trust gate as set on the Clients page: readiness is the segments' evidence.
with st.spinner(t("segments.computing")):
    ov = computed(view.overview, trust_settings())
page = view.segments_page(ov, portfolio, lang(), charts.MAX_TERNARY_POINTS)

# --- The portfolio against the rule.
st.subheader(t("segments.shares.header"))
for column, m in zip(st.columns(4), page.share_metrics, strict=True):
    metric(column, m)
st.caption(page.intervals)
st.plotly_chart(charts.shares_chart(ov.shares, lang()), width="stretch", key="segments_shares")
st.caption(page.shares_caption)
if not page.converged:
    st.warning(t("segments.not_converged"), icon=":material/warning:")

# --- Each client's probabilities.
st.subheader(t("segments.ternary.header"))
st.plotly_chart(charts.ternary_chart(ov.fit.posteriors, ov.clients["name"], lang()),
                width="stretch", key="segments_ternary")
st.caption(page.ternary_caption)

# --- Who is who, and what to do.
st.subheader(t("segments.lists.header"))
st.caption(t("segments.lists.caption"))
for tab, client_tab in zip(st.tabs([x.label for x in page.lists]), page.lists, strict=True):
    with tab:
        client_list(client_tab)

# --- The referral network.
net = page.network
st.subheader(t("segments.network.header"))
for column, m in zip(st.columns(3), net.metrics, strict=True):
    metric(column, m)
if net.top.empty:
    st.info(t("segments.network.empty"))
else:
    st.plotly_chart(charts.network_chart(net.top, portfolio.clients, ov.clients["segment"], lang()),
                    width="stretch", key="segments_network")
    st.caption(net.caption)
if net.repairs:
    st.caption(net.repairs)
left, right = st.columns(2)
left.plotly_chart(charts.generations_chart(net.generations, lang()), width="stretch",
                  key="segments_generations")
with right:
    st.markdown(t("segments.lineage.header"))
    table(net.lineages, key="segments_lineage")
    if not net.lineages.empty:
        download_csv(net.lineages, "referral-lineages.csv", key="segments_download_lineage")

# --- How it works.
with st.expander(t("segments.model.header"), icon=":material/functions:"):
    st.markdown(t("segments.model.text"))
    table(page.rates, key="segments_rates")
