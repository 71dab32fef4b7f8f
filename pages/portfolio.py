"""Portfolio (home): headline figures and where new clients come from."""

import streamlit as st

from refdash import charts, portfolio
from refdash.ui import filtered_portfolio, fmt_percent, kpi_metric, lang, t

st.title(t("portfolio.title"))
st.caption(t("portfolio.intro"))
view = filtered_portfolio()
if view.clients.empty:
    st.info(t("common.empty"))
    st.stop()

for column, kpi in zip(st.columns(5), portfolio.kpis(view), strict=True):
    kpi_metric(column, kpi, "portfolio.kpi")

monthly = portfolio.new_clients_by_month(view)
st.plotly_chart(charts.new_clients_chart(monthly, lang()), width="stretch")
st.caption(t("portfolio.referred_share",
             share=fmt_percent(view.clients["referred_by"].notna().mean())))
