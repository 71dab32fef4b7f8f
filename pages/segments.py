"""Segments: who refers unasked, who refers when asked, who never does; and the referral
referral_tree."""

from functools import partial

import streamlit as st

from refdash.charts import segments as charts
from refdash.model import referral_tree, segments
from refdash.ui import (
    computed,
    download_csv,
    fmt_number,
    fmt_percent,
    lang,
    page_header,
    portfolio_or_stop,
    t,
)
from refdash.views import clients

page_header("segments")
view = portfolio_or_stop()

# The trust gate as set on the Clients page: readiness is the segments' evidence.
trust_settings = clients.settings_from(st.session_state)
with st.spinner(t("segments.computing")):
    ov = computed("segments.overview." + clients.report_name(trust_settings),
                  partial(segments.overview, trust_settings=trust_settings))
overall = ov.shares.loc["all"]

# --- The portfolio against the rule.
st.subheader(t("segments.shares.header"))
columns = st.columns(4)
for column, seg, rule in zip(columns, segments.SEGMENTS, segments.RULE_SHARES, strict=False):
    column.metric(
        t("segments.metric.share", segment=t(f"segment.{seg}")), fmt_percent(overall[seg]),
        t("segments.metric.vs_rule", points=charts.points_vs_rule(overall[seg], rule, lang()),
          rule=fmt_percent(rule)),
        delta_color="off", delta_arrow="off", border=True,
        help=t("segments.metric.share_help", low=fmt_percent(overall[f"{seg}_low"]),
               high=fmt_percent(overall[f"{seg}_high"]), level=fmt_percent(ov.fit.level)),
    )
unknown = int((ov.clients["segment"] == segments.UNKNOWN).sum())
columns[3].metric(t("segments.metric.unknown"), fmt_number(unknown), border=True,
                  help=t("segments.metric.unknown_help"))
st.caption(t("segments.metric.intervals", level=fmt_percent(ov.fit.level), **{
    seg: t("segments.interval", low=fmt_percent(overall[f"{seg}_low"]),
           high=fmt_percent(overall[f"{seg}_high"])) for seg in segments.SEGMENTS}))
st.plotly_chart(charts.shares_chart(ov.shares, lang()), width="stretch", key="segments_shares")
st.caption(t("segments.shares.caption", informative=fmt_number(overall["informative"]),
             clients=fmt_number(overall["clients"]), level=fmt_percent(ov.fit.level)))
if not ov.fit.converged:
    st.warning(t("segments.not_converged"), icon=":material/warning:")

# --- Each client's probabilities.
st.subheader(t("segments.ternary.header"))
names = ov.clients["name"]
st.plotly_chart(charts.ternary_chart(ov.fit.posteriors, names, lang()), width="stretch",
                key="segments_ternary")
shown = min(len(ov.clients), charts.MAX_TERNARY_POINTS)
st.caption(t("segments.ternary.caption", shown=fmt_number(shown),
             total=fmt_number(len(ov.clients))))

# --- Who is who, and what to do.
st.subheader(t("segments.lists.header"))
st.caption(t("segments.lists.caption"))
labels = [*segments.SEGMENTS, segments.UNKNOWN]
counts = ov.clients.loc[~ov.clients["lost"], "segment"].value_counts()
tabs = st.tabs([t("segments.tab", segment=t(f"segment.{seg}"),
                  count=fmt_number(counts.get(seg, 0))) for seg in labels])
for tab, seg in zip(tabs, labels, strict=True):
    with tab:
        st.markdown(t(segments.ACTIONS[seg]))
        table = segments.client_table(ov, seg, lang())
        if table.empty:
            st.info(t("segments.lists.empty"))
            continue
        st.dataframe(table.head(charts.MAX_TABLE_ROWS), hide_index=True, width="stretch",
                     key=f"segments_table_{seg}")
        if len(table) > charts.MAX_TABLE_ROWS:
            st.caption(t("segments.lists.truncated", shown=fmt_number(charts.MAX_TABLE_ROWS),
                         total=fmt_number(len(table))))
        download_csv(table, f"segment-{seg}.csv", key=f"segments_download_{seg}", lazy=True)

# --- The referral referral_tree.
st.subheader(t("segments.network.header"))
tree = ov.tree
top_lineages = referral_tree.lineages(tree, view.clients, top=10)
columns = st.columns(3)
columns[0].metric(t("segments.metric.referred_share"), fmt_percent(tree.referred_share),
                  border=True, help=t("segments.metric.referred_share_help"))
columns[1].metric(t("segments.metric.generations"),
                  fmt_number(int(tree.nodes["generation"].max())), border=True,
                  help=t("segments.metric.generations_help"))
columns[2].metric(t("segments.metric.largest_lineage"),
                  fmt_number(int(top_lineages["descendants"].max()) if len(top_lineages) else 0),
                  border=True, help=t("segments.metric.largest_lineage_help"))
top = referral_tree.top_of_tree(tree)
if top.empty:
    st.info(t("segments.network.empty"))
else:
    st.plotly_chart(charts.network_chart(top, view.clients, ov.clients["segment"], lang()),
                    width="stretch", key="segments_network")
    st.caption(t("segments.network.caption", shown=fmt_number(len(top)),
                 total=fmt_number(tree.linked)))
if tree.outside or tree.cut:
    st.caption(t("segments.network.repairs", outside=fmt_number(tree.outside),
                 cut=fmt_number(tree.cut)))
left, right = st.columns(2)
left.plotly_chart(charts.generations_chart(referral_tree.generations(tree), lang()), width="stretch",
                  key="segments_generations")
with right:
    st.markdown(t("segments.lineage.header"))
    lineage = charts.lineage_table(top_lineages, lang())
    st.dataframe(lineage, hide_index=True, width="stretch", key="segments_lineage")
    if not lineage.empty:
        download_csv(lineage, "referral-lineages.csv", key="segments_download_lineage")

# --- How it works.
with st.expander(t("segments.model.header"), icon=":material/functions:"):
    st.markdown(t("segments.model.text"))
    st.dataframe(charts.rates_table(ov.fit.rates, lang()), hide_index=True, width="stretch",
                 key="segments_rates")
