"""Portfolio (home): headline figures and where new clients come from."""

from functools import partial

import streamlit as st

from refdash.charts import portfolio as charts
from refdash.model import portfolio
from refdash.ui import (
    computed,
    fmt_number,
    fmt_percent,
    kpi_metric,
    lang,
    page_header,
    portfolio_or_stop,
    t,
)
from refdash.views import clients

page_header("portfolio")
view = portfolio_or_stop()

for column, kpi in zip(st.columns(5), portfolio.kpis(view), strict=True):
    kpi_metric(column, kpi, "portfolio.kpi")

monthly = portfolio.new_clients_by_month(view)
st.plotly_chart(charts.new_clients_chart(monthly, lang()), width="stretch")
st.caption(t("portfolio.referred_share",
             share=fmt_percent(view.clients["referred_by"].notna().mean())))

# The trust gate (Clients page settings): who to ask this week, and asks that came too early.
trust_settings = clients.settings_from(st.session_state)
report = computed(clients.report_name(trust_settings),
                  partial(clients.clients_report, settings=trust_settings))
ready, early = clients.portfolio_lists(report, view, lang())
ready_col, early_col = st.columns(2)
with ready_col:
    st.subheader(t("clients.ready_now.title"), anchor=False)
    st.caption(t("clients.ready_now.caption", count=fmt_number(len(ready))))
    if ready.empty:
        st.info(t("clients.ready_now.empty"))
    else:
        st.dataframe(ready, hide_index=True, width="stretch", height=300, key="ready_now")
with early_col:
    st.subheader(t("clients.early_recent.title"), anchor=False)
    if early.empty:
        st.success(t("clients.early_recent.none"), icon=":material/check_circle:")
    else:
        st.warning(t("clients.early_recent.some", count=fmt_number(len(early))),
                   icon=":material/warning:")
        st.dataframe(early, hide_index=True, width="stretch", height=300, key="early_asks")
