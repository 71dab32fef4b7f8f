"""Portfolio (home): headline figures, where new clients come from, and the trust gate's two
lists (who to ask this week, asks that came too early), following the Clients page's settings."""

import pandas as pd
import streamlit as st

from refdash.ui import (
    fmt_number,
    fmt_percent,
    kpi_metric,
    lang,
    page_header,
    portfolio_or_stop,
    t,
    trust_report,
)
from refdash.views import portfolio as presenter


def ready_list(table: pd.DataFrame) -> None:
    st.subheader(t("clients.ready_now.title"), anchor=False)
    st.caption(t("clients.ready_now.caption", count=fmt_number(len(table))))
    if table.empty:
        st.info(t("clients.ready_now.empty"))
    else:
        st.dataframe(table, hide_index=True, width="stretch", height=300, key="ready_now")


def early_list(table: pd.DataFrame) -> None:
    st.subheader(t("clients.early_recent.title"), anchor=False)
    if table.empty:
        st.success(t("clients.early_recent.none"), icon=":material/check_circle:")
    else:
        st.warning(t("clients.early_recent.some", count=fmt_number(len(table))),
                   icon=":material/warning:")
        st.dataframe(table, hide_index=True, width="stretch", height=300, key="early_asks")


page_header("portfolio")
home = presenter.home(portfolio_or_stop(), trust_report(), lang())

for column, kpi in zip(st.columns(5), home.kpis, strict=True):
    kpi_metric(column, kpi, "portfolio.kpi")
st.plotly_chart(home.new_clients, width="stretch")
st.caption(t("portfolio.referred_share", share=fmt_percent(home.referred_share)))

ready_col, early_col = st.columns(2)
with ready_col:
    ready_list(home.ready)
with early_col:
    early_list(home.early)
