"""Plotly figures shared across pages, and the common layout every chart uses."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from refdash import palette
from refdash.i18n import locale_of, plotly_separators, translate


def base_layout(fig: go.Figure, title: str, lang: str, **layout: object) -> go.Figure:
    """Title, locale-aware separators, a readable hover and margins, for every chart."""
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left"},
        separators=plotly_separators(lang),
        hovermode="x unified",
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
        template="plotly_white",
        meta={"locale": locale_of(lang)},
    )
    fig.update_layout(**layout)
    return fig


def new_clients_chart(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked monthly bars of new clients by source, from
    :func:`refdash.portfolio.new_clients_by_month`."""
    fig = go.Figure()
    for source in ("other", "referral"):
        part = monthly[monthly["source"] == source]
        name = translate(f"portfolio.source.{source}", lang)
        fig.add_bar(
            x=part["month"], y=part["clients"], name=name,
            marker_color=palette.SOURCE_COLORS[source],
            hovertemplate=f"{name}: %{{y}}<extra></extra>",
        )
    base_layout(
        fig, translate("portfolio.chart.new_clients", lang), lang, barmode="stack",
        xaxis_title=translate("common.month", lang),
        yaxis_title=translate("portfolio.axis.new_clients", lang),
        legend_title_text=translate("portfolio.source", lang),
    )
    # Month names in plotly are English only; ISO months read the same in every language.
    fig.update_xaxes(tickformat="%Y-%m", hoverformat="%Y-%m")
    return fig
