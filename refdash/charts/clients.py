"""Charts of the Clients page: one client's trust trajectory with its events, and what early
asks cost across the portfolio. Functions return plotly figures so tests can inspect them."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from refdash.charts import palette
from refdash.charts.style import MARGIN, base_layout, date_texts, date_ticks, escape, text_px
from refdash.i18n import format_date, format_number, translate
from refdash.model.trust import TrustSettings, trust_value

#: Marker kinds, in legend order: (lane, symbol, colour).
MARKER_STYLE: dict[str, tuple[str, str, str]] = {
    "promise_kept": ("promises", "circle", palette.EVENT_COLORS["promise_kept"]),
    "promise_broken": ("promises", "x", palette.EVENT_COLORS["promise_broken"]),
    "satisfaction": ("satisfaction", "diamond", palette.EVENT_COLORS["satisfaction"]),
    "complaint": ("problems", "triangle-down", palette.EVENT_COLORS["complaint"]),
    "lost": ("problems", "square", palette.EVENT_COLORS["lost"]),
    "ask_timely": ("asks", "circle", palette.TIMELY_ASK),
    "ask_early": ("asks", "star", palette.EARLY_ASK),
    "referral_declined": ("asks", "circle-open", palette.EVENT_COLORS["referral_declined"]),
    "referral": ("referrals", "star", palette.EVENT_COLORS["referral"]),
}
LANES: tuple[str, ...] = ("referrals", "asks", "problems", "satisfaction", "promises")
COMPONENTS: tuple[str, ...] = ("familiarity", "reliability", "satisfaction", "damage")

#: The trajectory chart's height (px): taller than the other charts, its legend sits below.
HEIGHT = 660
#: Its width (px) on a 1440 px wide screen (three quarters of the page, beside the client's
#: card), for which its margins are sized; on other widths plotly resizes them itself.
DESIGN_WIDTH = 727
# Where plotly puts things around the plot, in px, measured in chromium (Streamlit's theme,
# 12 px Source Sans): from a lane's name to the plot; the trust axis's ticks (0.8) and its
# rotated title; a legend entry beside its text (symbol, gaps); a legend row; the legend's
# padding; the month ticks and the axis title under the plot.
_LANE_NAME_GAP_PX = 19
_TRUST_AXIS_PX = 70
_LEGEND_ENTRY_PX = 45
_LEGEND_ROW_PX = 19
_LEGEND_PAD_PX = 10
_MONTH_AXIS_PX = 65


def margins(lane_names: list[str], legend_names: list[str],
            width: int = DESIGN_WIDTH) -> dict[str, int]:
    """The margins (px) plotly's automargin gives the trajectory chart at ``width`` px, found
    before it draws: with them it draws once, not twice (a second draw was half of the
    chart's 100 ms in chromium). Left: the widest lane name (or the trust axis). Below: the
    legend's rows and the month axis. A horizontal legend of several rows gives every entry
    the widest one's width, as many a row as the plot's width holds."""
    left = max(_TRUST_AXIS_PX, math.ceil(max(map(text_px, lane_names)) + _LANE_NAME_GAP_PX))
    entry = max(map(text_px, legend_names), default=0.0) + _LEGEND_ENTRY_PX
    plot = width - left - MARGIN["r"]
    one_row = sum(map(text_px, legend_names)) + _LEGEND_ENTRY_PX * len(legend_names) < plot
    per_row = len(legend_names) if one_row else max(1, int(plot // entry))
    rows = math.ceil(len(legend_names) / per_row) if legend_names else 0
    legend = rows * _LEGEND_ROW_PX + _LEGEND_PAD_PX if rows else 0
    return {**MARGIN, "l": left, "b": _MONTH_AXIS_PX + legend}


def _ready_runs(months: pd.Series, ready: np.ndarray) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Consecutive ready points as (from, to) dates, half a month wide on each side."""
    runs = []
    half = pd.Timedelta(days=15)
    start = None
    dates = list(pd.to_datetime(months))
    for i, flag in enumerate(ready):  # one client's months
        if flag and start is None:
            start = dates[i]
        if start is not None and (not flag or i == len(ready) - 1):
            end = dates[i] if flag else dates[i - 1]
            runs.append((start - half, min(end + half, dates[-1])))
            start = None
    return runs


def _marker_text(row: pd.Series, lang: str) -> str:
    label = translate(f"clients.marker.{row['kind']}", lang)
    day = format_date(row["date"], lang)
    extra = ""
    if row["kind"] == "satisfaction" and not pd.isna(row["score"]):
        extra = translate("clients.hover.score", lang, score=format_number(row["score"], lang))
    elif row["kind"] in ("ask_early", "ask_timely") and not pd.isna(row["trust"]):
        extra = translate("clients.hover.ask_trust", lang, trust=format_number(row["trust"], lang, 2))
    elif row["kind"] == "referral" and row["detail"]:
        extra = translate("clients.hover.prospect", lang, name=escape(row["detail"]))
    return f"{day} · {label}" + (f"<br>{extra}" if extra else "")


_UPPER = {"xaxis": "x", "yaxis": "y"}


def _trust_traces(traj: pd.DataFrame, settings: TrustSettings, t: Callable[..., str],
                  show_components: bool, lang: str = "en") -> list[dict]:
    """The cautious band, trust itself and its components (upper plot)."""
    months = traj["month"]
    low = trust_value(traj["familiarity"], traj["reliability_low"], traj["satisfaction"],
                      traj["damage"], settings)
    ready_text = np.where(traj["ready"].to_numpy(bool), t("clients.reason.ready"),
                          t("clients.chart.not_ready"))
    traces: list[dict] = [
        {"type": "scatter", "x": months, "y": low, "name": t("clients.chart.band"),
         "mode": "lines", "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip",
         **_UPPER},
        {"type": "scatter", "x": months, "y": traj["trust"], "name": t("clients.chart.trust"),
         "mode": "lines+markers", "line": {"color": palette.TRUST, "width": 3},
         "marker": {"size": 5}, "fill": "tonexty", "fillcolor": "rgba(0,0,0,0.08)",
         # The day in the language's one date style (plotly's %b is English only).
         "customdata": np.column_stack([low, ready_text, date_texts(months, lang)]),
         "hovertemplate": (f"%{{customdata[2]}}<br>{t('clients.chart.trust')}: %{{y:.2f}}"
                           f" ({t('clients.chart.cautious')}: %{{customdata[0]:.2f}})"
                           "<br>%{customdata[1]}<extra></extra>"), **_UPPER},
    ]
    for comp in COMPONENTS:
        name = t(f"clients.component.{comp}")
        traces.append({
            "type": "scatter", "x": months, "y": traj[comp], "name": name, "mode": "lines",
            "line": {"color": palette.COMPONENT_COLORS[comp], "width": 1.5,
                     "dash": "dot" if comp == "damage" else "solid"},
            "visible": True if show_components else "legendonly",
            "hovertemplate": f"{name}: %{{y:.2f}}<extra></extra>", **_UPPER,
        })
    return traces


def _projection_traces(traj: pd.DataFrame, status: pd.Series, settings: TrustSettings,
                       t: Callable[..., str], lang: str = "en") -> list[dict]:
    """A dotted line from today's trust to the threshold at the projected ready date."""
    projected = status.get("projected_ready_date")
    if bool(status.get("ready")) or projected is None or pd.isna(projected) or not len(traj):
        return []
    return [{
        "type": "scatter", "x": [traj["month"].iloc[-1], projected],
        "y": [traj["trust"].iloc[-1], settings.threshold],
        "name": t("clients.chart.projected"), "mode": "lines+markers",
        "line": {"color": palette.READY, "dash": "dot"},
        "marker": {"symbol": ["circle-open", "star"], "size": [6, 14], "color": palette.READY},
        "text": ["", format_date(projected, lang)],
        "hovertemplate": f"{t('clients.chart.projected')}: %{{text}}<extra></extra>",
        **_UPPER,
    }]


def _marker_traces(markers: pd.DataFrame, lane_names: dict[str, str], lang: str,
                   t: Callable[..., str]) -> list[dict]:
    """One trace per kind of event, in its lane of the lower plot."""
    traces = []
    for kind, (lane, symbol, color) in MARKER_STYLE.items():
        part = markers[markers["kind"] == kind]
        if part.empty:
            continue
        traces.append({
            "type": "scatter", "x": part["date"], "y": [lane_names[lane]] * len(part),
            "name": t(f"clients.marker.{kind}"), "mode": "markers",
            "marker": {"symbol": symbol, "color": color,
                       "size": 14 if kind == "ask_early" else 10,
                       "line": {"width": 1, "color": "#333333"}},
            "text": [_marker_text(r, lang) for _, r in part.iterrows()],  # one client's events
            "hovertemplate": "%{text}<extra></extra>", "xaxis": "x2", "yaxis": "y2",
        })
    return traces


def _threshold_layout(traj: pd.DataFrame, settings: TrustSettings, lang: str,
                      t: Callable[..., str]) -> tuple[list[dict], list[dict]]:
    """Ready periods shaded, the threshold as a dashed line with its label."""
    shapes = [
        {"type": "rect", "xref": "x", "yref": "y domain", "x0": start, "x1": end, "y0": 0,
         "y1": 1, "fillcolor": palette.READY, "opacity": 0.15, "line": {"width": 0},
         "layer": "below"}
        for start, end in _ready_runs(traj["month"], traj["ready"].to_numpy(bool))
    ]
    shapes.append({"type": "line", "xref": "x domain", "yref": "y", "x0": 0, "x1": 1,
                   "y0": settings.threshold, "y1": settings.threshold,
                   "line": {"color": palette.READY, "dash": "dash"}})
    annotations = [{
        "xref": "x domain", "yref": "y", "x": 0, "y": settings.threshold, "xanchor": "left",
        "yanchor": "bottom", "showarrow": False, "font": {"size": 11},
        "text": t("clients.chart.threshold", value=format_number(settings.threshold, lang, 2)),
    }]
    return shapes, annotations


def trajectory_chart(
    traj: pd.DataFrame, markers: pd.DataFrame, status: pd.Series, settings: TrustSettings,
    lang: str, title: str = "", show_components: bool = False,
) -> go.Figure:
    """One client's trust (0–1) by month, with the cautious band (reliability at its lower
    quantile), the readiness threshold, ready periods shaded, the components (shown or in the
    legend), the projected readiness date, and a lane of markers for every event.

    Two stacked plots sharing the time axis (``x``/``y`` above, ``x2``/``y2`` the lanes),
    built as plain dicts and validated once: this runs each time a client is opened."""
    t = lambda key, **fmt: translate(key, lang, **fmt)  # noqa: E731
    lane_names = {lane: t(f"clients.lane.{lane}") for lane in LANES}
    traces = (_trust_traces(traj, settings, t, show_components, lang)
              + _projection_traces(traj, status, settings, t, lang)
              + _marker_traces(markers, lane_names, lang, t))
    shapes, annotations = _threshold_layout(traj, settings, lang, t)
    # Ticks in the language's month words, from the first month to the last date drawn.
    drawn = [pd.Timestamp(d) for d in (*traj["month"].agg(["min", "max"]),
                                        *markers["date"].agg(["min", "max"]),
                                        status.get("projected_ready_date"))
             if d is not None and not pd.isna(d)]
    time_axis = {"type": "date", **(date_ticks(min(drawn), max(drawn), lang) if drawn else {})}
    lanes = [lane_names[lane] for lane in LANES]
    in_legend = [tr["name"] for tr in traces if tr.get("showlegend", True)]
    fig = go.Figure(data=traces, layout={
        "height": HEIGHT, "shapes": shapes, "annotations": annotations,
        "xaxis": {**time_axis, "anchor": "y", "matches": "x2", "showticklabels": False},
        "yaxis": {"domain": [0.3, 1.0], "range": [0, 1.02], "title": {"text": t("clients.axis.trust")}},
        "xaxis2": {**time_axis, "anchor": "y2", "title": {"text": t("common.month")}},
        # Every lane named, even where they are close (a phone, a long legend below):
        # plotly's automatic ticks would drop every other name.
        "yaxis2": {"domain": [0.0, 0.24], "type": "category", "categoryorder": "array",
                   "categoryarray": [lane_names[lane] for lane in LANES],
                   "tickmode": "array", "tickvals": [lane_names[lane] for lane in LANES]},
    })
    return base_layout(fig, escape(title) if title else t("clients.chart.title"), lang,
                       hovermode="closest", legend_title_text="",
                       # Below everything, at the figure's foot: on a phone the month
                       # labels turn and push the axis title down, into a legend placed
                       # just under the plot.
                       legend={"orientation": "h", "yref": "container", "yanchor": "bottom",
                               "y": 0.0, "xanchor": "left", "x": 0.0},
                       margin=margins(lanes, in_legend))


def early_ask_cost_chart(cost: pd.DataFrame, lang: str) -> go.Figure:
    """Average trust by months since the start for the clients first asked early, those first
    asked when ready and those never asked, from :func:`refdash.model.trust.early_ask_cost`."""
    t = lambda key, **fmt: translate(key, lang, **fmt)  # noqa: E731
    colors = {"early": palette.EARLY_ASK, "timely": palette.TIMELY_ASK,
              "never_asked": palette.NEVER_ASKED}
    fig = go.Figure()
    for group, color in colors.items():
        part = cost[cost["group"] == group]
        if part.empty:
            continue
        name = t(f"clients.cost.{group}")
        fig.add_scatter(
            x=part["months_since_start"], y=part["trust"], name=name, mode="lines+markers",
            line={"color": color, "width": 2.5, "dash": "dot" if group == "never_asked" else "solid"},
            customdata=part["clients"],
            hovertemplate=(f"{name}<br>{t('clients.cost.axis_months')}: %{{x}}<br>"
                           f"{t('clients.chart.trust')}: %{{y:.2f}}<br>"
                           f"{t('clients.cost.clients')}: %{{customdata}}<extra></extra>"),
        )
    base_layout(fig, t("clients.cost.title"), lang, hovermode="closest",
                xaxis_title=t("clients.cost.axis_months"), yaxis_title=t("clients.axis.trust"))
    fig.update_yaxes(range=[0, 1])
    return fig
