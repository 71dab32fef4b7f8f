"""Figures of the Portfolio page."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from refdash.charts import palette
from refdash.charts.style import BELOW_X_AXIS_PX, base_layout, text_px, value_axis_margin
from refdash.i18n import format_short_month, translate


def new_clients_chart(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked monthly bars of new clients by source, from
    :func:`refdash.model.portfolio.new_clients_by_month`."""
    fig = go.Figure()
    # Months as the language writes them ("mars 2027"): plotly's date formats are English
    # only, so the axis is one category per month, in order (plotly thins the labels).
    labels = {m: format_short_month(m, lang) for m in monthly["month"].unique()}
    for source in ("other", "referral"):
        part = monthly[monthly["source"] == source]
        name = translate(f"portfolio.source.{source}", lang)
        fig.add_bar(
            x=part["month"].map(labels).tolist(), y=part["clients"], name=name,
            marker_color=palette.SOURCE_COLORS[source],
            hovertemplate=f"{name}: %{{y}}<extra></extra>",
        )
    base_layout(
        fig, translate("portfolio.chart.new_clients", lang), lang, barmode="stack",
        xaxis_title=translate("common.month", lang),
        yaxis_title=translate("portfolio.axis.new_clients", lang),
        legend_title_text=translate("portfolio.source", lang),
    )
    order = [labels[m] for m in sorted(labels)]
    every = max(1, -(-len(order) // 12))  # at most a dozen labels, upright
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order,
                     tickmode="array", tickvals=order[::every], tickangle=0)
    # Sized before plotly draws, so that on a wide screen it draws once, not twice: the
    # widest month total's label and the axis title on the left; on the right half the
    # widest month label, which may stick out past the last bar (a few px spare each: the
    # month labels measured 67 px with the title, the totals' labels a px more than found).
    top = float(monthly.groupby("month")["clients"].sum().max()) if len(monthly) else 0.0
    fig.update_layout(margin={
        "l": value_axis_margin(top * 1.05, lang, "auto") + 3, "b": BELOW_X_AXIS_PX + 4,
        "r": math.ceil(max(map(text_px, order), default=0.0) / 2) + 2})
    return fig
