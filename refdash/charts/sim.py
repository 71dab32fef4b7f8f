"""Plotly figures of the Simulator page, built from :class:`refdash.sim.Exploration`.

Each function takes the language and returns a figure with a title, axis titles with units
and hover text, so tests can inspect what a user would see.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from refdash.charts import palette
from refdash.charts.style import base_layout, value_axis_margin
from refdash.i18n import format_number, translate
from refdash.sim import POLICIES, Exploration


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _policy_name(policy: str, lang: str) -> str:
    return translate(f"sim.policy.{policy}", lang)


#: Legends go under the plot: above it they collide with long titles (Italian) and with the
#: toolbar on a phone.
LEGEND_BELOW = {"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0.0}


def claim_chart(x: Exploration, policy: str, lang: str) -> go.Figure:
    """The French claim as the text states it against the simulation, cumulative over the
    months (medians of the runs): the list if each new client brought ``sphere`` new
    prospects, the new people the referrals actually named, and the clients each list gives
    (the claimed list at the scenario's conversion; the clients the simulation won)."""
    c = x.claim(policy)
    s = x.scenario
    colour = palette.POLICY_COLORS[policy]
    people = translate("sim.axis.people", lang).lower()
    sphere = format_number(s.sphere, lang)
    lines = (
        ("claimed", translate("sim.claim.claimed", lang, sphere=sphere),
         {"color": palette.NAIVE, "dash": "dash", "width": 2}),
        ("named", translate("sim.claim.named", lang), {"color": colour, "width": 2.5}),
        ("claimed_clients", translate("sim.claim.claimed_clients", lang, sphere=sphere),
         {"color": palette.NAIVE, "dash": "dot", "width": 1.5}),
        ("clients", translate("sim.claim.clients", lang), {"color": colour, "dash": "dot",
                                                           "width": 1.5}),
    )
    fig = go.Figure()
    # axis top: the highest line, plus autorange's padding at most
    top = 1.1 * max(float(c[column].max()) for column, _, _ in lines)
    # the end labels of the two lines near the floor would overlap: names above, clients below
    shift = {"claimed": 0, "named": 7, "claimed_clients": 0, "clients": -7}
    for column, name, line in lines:
        fig.add_scatter(x=c["month"], y=c[column], mode="lines", name=name, line=line,
                        hovertemplate=f"{name}: %{{y:,.0f}} {people}<extra></extra>")
        end = float(c[column].iloc[-1])
        fig.add_annotation(x=float(c["month"].iloc[-1]), y=end, text=format_number(end, lang),
                           showarrow=False, xanchor="left", xshift=4, yshift=shift[column],
                           font={"color": line["color"], "size": 12})
    base_layout(fig, translate("sim.chart.claim", lang, sphere=sphere), lang,
                xaxis_title=translate("sim.axis.month", lang),
                yaxis_title=translate("sim.axis.people", lang),
                legend={**LEGEND_BELOW, "y": -0.3},  # a short plot: clear the axis title
                margin={"l": value_axis_margin(top, lang, "d"), "r": 50, "t": 40, "b": 10},
                height=340)
    fig.update_yaxes(rangemode="tozero", tickformat=",d")  # 15 000, not the English 15k
    return fig


def growth_chart(x: Exploration, lang: str, log_y: bool = False) -> go.Figure:
    """Active clients over the months: for each ask policy the median of the runs and the
    10-90 % band, with the naive curve (every referral reaches someone new: no overlap, no
    end to the market) beside them. On the log scale the market size is drawn too, so the
    reader sees where the naive claim leaves reality."""
    fig = go.Figure()
    s = x.scenario
    months = np.arange(s.horizon + 1)
    clients = translate("sim.axis.clients", lang)
    band_name = translate("sim.band", lang)
    top = 0.0
    for policy in POLICIES:
        m = x.monthly[x.monthly["policy"] == policy]
        colour = palette.POLICY_COLORS[policy]
        name = _policy_name(policy, lang)
        # The band as one closed outline (the high edge out, the low edge back), its range
        # in the median's hover: a trace fewer per policy for the browser to draw on every
        # slider move, and one line per policy in the hover box instead of two.
        fig.add_scatter(x=np.concatenate([months, months[::-1]]),
                        y=np.concatenate([m["active_high"].to_numpy(),
                                          m["active_low"].to_numpy()[::-1]]),
                        mode="lines", line={"width": 0}, fill="toself",
                        fillcolor=_rgba(colour, 0.18), legendgroup=policy, showlegend=False,
                        hoverinfo="skip", name=f"{name} ({band_name})")
        fig.add_scatter(x=months, y=m["active_median"], mode="lines", name=name,
                        legendgroup=policy, line={"color": colour, "width": 3},
                        customdata=np.column_stack([m["active_low"], m["active_high"]]),
                        hovertemplate=translate(
                            "sim.hover.policy", lang, name=name, value="%{y:,.0f}",
                            unit=clients.lower(), band=band_name, low="%{customdata[0]:,.0f}",
                            high="%{customdata[1]:,.0f}") + "<extra></extra>")
        top = max(top, float(m["active_high"].max()))
    naive_name = translate("sim.naive", lang, sphere=format_number(s.sphere, lang))
    fig.add_scatter(x=months, y=x.naive, mode="lines", name=naive_name,
                    line={"color": palette.NAIVE, "dash": "dash", "width": 2},
                    hovertemplate=f"{naive_name}: %{{y:,.0f}}<extra></extra>")
    if log_y:
        market = translate("sim.market_line", lang, market=format_number(s.market, lang))
        top = max(top, float(np.nanmax(x.naive)), float(s.market))
        fig.add_scatter(x=months, y=np.full(len(months), s.market), mode="lines", name=market,
                        line={"color": palette.NAIVE, "dash": "dot", "width": 1},
                        hovertemplate=f"{market}<extra></extra>")
    base_layout(fig, translate("sim.chart.growth", lang), lang,
                xaxis_title=translate("sim.axis.month", lang), yaxis_title=clients,
                legend=LEGEND_BELOW, height=480,
                # linear: the range is set below; log: autorange's padding at most
                margin={"l": value_axis_margin(top * 1.3 if log_y else top * 1.25 + 1, lang,
                                          "log" if log_y else "auto"),
                        "r": 10, "t": 50, "b": 10})
    if log_y:
        fig.update_yaxes(type="log", dtick=1, tickformat=",.0f")  # one tick per power of ten
    else:
        fig.update_yaxes(range=[0, top * 1.25 + 1], rangemode="tozero")
    return fig


def reff_chart(x: Exploration, lang: str) -> go.Figure:
    """The effective referral reproduction number of each policy per month, with the line at 1
    (above: referral outgrows churn; below: the base shrinks)."""
    fig = go.Figure()
    for policy in POLICIES:
        m = x.monthly[x.monthly["policy"] == policy]
        name = _policy_name(policy, lang)
        fig.add_scatter(x=m["month"], y=m["r_eff"], mode="lines+markers", name=name,
                        line={"color": palette.POLICY_COLORS[policy]}, marker={"size": 4},
                        hovertemplate=f"{name}: R = %{{y:.2f}}<extra></extra>")
    fig.add_hline(y=1.0, line_dash="dot", line_color=palette.NAIVE,
                  annotation_text=translate("sim.reff.one", lang), annotation_position="top left")
    top = max(1.0, float(x.monthly["r_eff"].max())) * 1.1
    base_layout(fig, translate("sim.chart.reff", lang), lang,
                xaxis_title=translate("sim.axis.month", lang),
                yaxis_title=translate("sim.axis.reff", lang), legend=LEGEND_BELOW,
                margin={"l": value_axis_margin(top, lang, "auto"), "r": 10, "t": 60, "b": 10})
    fig.update_yaxes(rangemode="tozero")
    return fig


def sphere_chart(x: Exploration, policy: str, lang: str) -> go.Figure:
    """The claim "each new client is ``sphere`` new prospects" against the distinct people the
    clients of one run actually know (overlap and the market's end included)."""
    frame = x.sphere(policy)
    fig = go.Figure()
    claimed = translate("sim.sphere.claimed", lang, sphere=format_number(x.scenario.sphere, lang))
    actual = translate("sim.sphere.actual", lang)
    people = translate("sim.axis.people", lang)
    fig.add_scatter(x=frame["month"], y=frame["claimed"], mode="lines", name=claimed,
                    line={"color": palette.NAIVE, "dash": "dash"},
                    hovertemplate=f"{claimed}: %{{y:,.0f}} {people.lower()}<extra></extra>")
    fig.add_scatter(x=frame["month"], y=frame["prospects"], mode="lines", name=actual,
                    line={"color": palette.POLICY_COLORS[policy], "width": 3},
                    hovertemplate=f"{actual}: %{{y:,.0f}} {people.lower()}<extra></extra>")
    market = translate("sim.market_line", lang, market=format_number(x.scenario.market, lang))
    fig.add_hline(y=x.scenario.market, line_dash="dot", line_color=palette.NAIVE,
                  annotation_text=market, annotation_position="bottom right")
    top = 1.1 * max(float(frame["claimed"].max()), float(frame["prospects"].max()),
                    float(x.scenario.market))
    base_layout(fig, translate("sim.chart.sphere", lang, policy=_policy_name(policy, lang)), lang,
                xaxis_title=translate("sim.axis.month", lang), yaxis_title=people,
                legend=LEGEND_BELOW,
                margin={"l": value_axis_margin(top, lang, "auto"), "r": 10, "t": 60, "b": 10})
    fig.update_yaxes(rangemode="tozero")
    return fig


def cascade_chart(x: Exploration, policy: str, lang: str) -> go.Figure:
    """One run's referral cascade: each dot a client (placed at the month it signed, today's
    clients at 0), each line a referral that brought a client, coloured by segment; clients
    lost to an early ask are drawn as crosses."""
    part = x.cascade(policy)
    fig = go.Figure()
    linked = part[part["parent_x"].notna()]
    xs = np.column_stack([linked["parent_x"], linked["x"], np.full(len(linked), np.nan)]).ravel()
    ys = np.column_stack([linked["parent_y"], linked["y"], np.full(len(linked), np.nan)]).ravel()
    fig.add_scatter(x=xs, y=ys, mode="lines", line={"color": "#BBBBBB", "width": 1},
                    name=translate("sim.cascade.referral", lang), hoverinfo="skip")
    month = translate("sim.axis.month", lang)
    generation = translate("sim.cascade.generation", lang)
    for segment, colour in palette.SEGMENT_COLORS.items():
        pts = part[part["segment"] == segment]
        if pts.empty:
            continue
        name = translate(f"segment.{segment}", lang)
        fig.add_scatter(
            x=pts["x"], y=pts["y"], mode="markers", name=name,
            marker={"color": colour, "size": 7,
                    "symbol": np.where(pts["burned"], "x", "circle").tolist()},
            customdata=np.column_stack([pts["generation"], pts["joined"]]),
            hovertemplate=f"{name}<br>{month}: %{{customdata[1]}}<br>{generation}: "
                          "%{customdata[0]}<extra></extra>",
        )
    base_layout(fig, translate("sim.chart.cascade", lang, clients=format_number(len(part), lang),
                               policy=_policy_name(policy, lang)), lang,
                xaxis_title=translate("sim.axis.month_joined", lang), hovermode="closest",
                legend=LEGEND_BELOW)
    fig.update_yaxes(showticklabels=False, title=translate("sim.axis.lineage", lang),
                     autorange="reversed")
    return fig


def bass_chart(x: Exploration, policy: str, lang: str) -> go.Figure:
    """Simulated cumulative adoption (median of the runs) and the fitted Bass curve, with its
    ``p`` and ``q`` (per month) in the legend."""
    r = x.runs[policy]
    cumulative = np.median(r.active[:, :1] + np.cumsum(r.new_clients, axis=1), axis=0)
    months = np.arange(len(cumulative))
    fig = go.Figure()
    simulated = translate("sim.bass.simulated", lang)
    clients = translate("sim.axis.adopters", lang)
    fig.add_scatter(x=months, y=cumulative, mode="markers", name=simulated,
                    marker={"color": palette.POLICY_COLORS[policy], "size": 6},
                    hovertemplate=f"{simulated}: %{{y:,.0f}}<extra></extra>")
    fit = x.bass(policy)
    top = 1.1 * float(np.nanmax(cumulative))
    if fit is not None:
        top = max(top, 1.1 * float(np.nanmax(fit.fitted)))
        name = translate("sim.bass.fitted", lang, p=format_number(fit.p, lang, 4),
                         q=format_number(fit.q, lang, 3))
        fig.add_scatter(x=months, y=fit.fitted, mode="lines", name=name,
                        line={"color": palette.NAIVE, "dash": "dash"},
                        hovertemplate="Bass: %{y:,.0f}<extra></extra>")
    base_layout(fig, translate("sim.chart.bass", lang, policy=_policy_name(policy, lang)), lang,
                xaxis_title=translate("sim.axis.month", lang), yaxis_title=clients,
                legend=LEGEND_BELOW,
                margin={"l": value_axis_margin(top, lang, "auto"), "r": 10, "t": 60, "b": 10})
    return fig

