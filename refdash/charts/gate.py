"""The gate check's chart: the share of asks followed by a referral per band of trust at the
ask, with its interval, and the current and suggested thresholds marked."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from refdash.charts import palette
from refdash.charts.style import base_layout, percent_ticks


def gate_figure(bands: pd.DataFrame, threshold: float, suggested: float | None,
                texts: dict[str, str], hover: list[str], lang: str) -> go.Figure:
    """Bars of ``bands`` (``low``, ``high``, ``rate``, ``rate_low``, ``rate_high`` in [0, 1])
    coloured by whether the band is at or above ``threshold`` (trust), error bars for the
    interval, a dashed line at ``threshold`` and a solid one at ``suggested`` (when given).

    ``texts``: translated ``title``, ``x``, ``y``, ``rate``, ``current``, ``suggested``;
    ``hover``: one translated line per band. Every string is escaped here (plotly renders
    HTML in titles and hover text).
    """
    esc = {k: html.escape(v) for k, v in texts.items()}
    mid = ((bands["low"] + bands["high"]) / 2).to_numpy(float)
    rate = bands["rate"].to_numpy(float)
    colours = np.where(bands["low"].to_numpy(float) + 1e-9 >= threshold,
                       palette.READY, palette.NOT_READY)
    fig = go.Figure(go.Bar(
        x=mid, y=rate, width=(bands["high"] - bands["low"]).to_numpy(float) * 0.9,
        marker_color=colours.tolist(), name=esc["rate"],
        error_y={"type": "data", "symmetric": False,
                 "array": (bands["rate_high"].to_numpy(float) - rate).tolist(),
                 "arrayminus": (rate - bands["rate_low"].to_numpy(float)).tolist(),
                 "color": palette.TRUST},
        customdata=[html.escape(h) for h in hover],
        hovertemplate="%{customdata}<extra></extra>",
    ))
    fig.add_vline(x=threshold, line_dash="dash", line_color=palette.TRUST,
                  annotation_text=esc["current"], annotation_position="top left")
    if suggested is not None:
        fig.add_vline(x=suggested, line_color=palette.TIMELY_ASK,
                      annotation_text=esc["suggested"], annotation_position="top right")
    base_layout(fig, esc["title"], lang, hovermode="closest", showlegend=False,
                xaxis={"title": esc["x"], "range": [0, 1], "dtick": 0.1},
                yaxis={"title": esc["y"], "range": [0, 1], **percent_ticks(lang)})
    return fig
