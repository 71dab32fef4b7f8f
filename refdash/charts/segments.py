"""Plotly figures of the Segments page: shares against the 20-60-20 rule, each client's
probabilities on a ternary plot, and the referral network (a tree of the largest lineages and
the clients per generation). Every function takes ``lang`` and returns a figure tests can read.
Figures only: the page's tables and sentences are built in :mod:`refdash.views.segments`.
"""

from __future__ import annotations

import re
import string

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from refdash.charts import palette
from refdash.charts.style import (
    BELOW_X_AXIS_PX,
    TICK_LINE_PX,
    base_layout,
    escape,
    left_margin,
    percent_ticks,
)
from refdash.i18n import format_number, format_percent, translate
from refdash.model.segments import RULE_SHARES, SEGMENTS, UNKNOWN, has_enough_history

#: The x-axis position of the rule's bars.
RULE = "__rule__"
ALL = "all"
#: Most points drawn on the ternary plot (a deterministic sample beyond that): each is an SVG
#: node with its hover text in the browser (4,000 made 1.4 MB of JSON on every run). A
#: switch to the Segments page of a 100,000-client store, two A/B runs of three visits
#: each (load 1.4-2.1): 0.86-1.41 s at 800 points against 1.03-1.66 s at 1,500 (plotly's
#: share of the browser's time 277-418 ms against 470-750 ms).
MAX_TERNARY_POINTS = 800
#: Decimals of the ternary plot's coordinates (a ten-thousandth of the triangle's side: the
#: same pixel; full floats were a fifth of the figure's JSON).
COORDINATE_DECIMALS = 4


def _pct(value: float, lang: str) -> str:
    return format_percent(value, lang) if np.isfinite(value) else "–"


def group_label(group: str, lang: str) -> str:
    """Axis label of a row of the shares table: the rule, all clients, or an owner's name."""
    if group == RULE:
        return translate("segments.rule", lang)
    if group == ALL:
        return translate("segments.all_clients", lang)
    return escape(str(group))  # an owner's name is the user's text


def shares_chart(shares: pd.DataFrame, lang: str) -> go.Figure:
    """Bars of the estimated shares (with their intervals) per group, beside the rule.

    ``shares`` is indexed by group (``"all"`` and/or owners) with the columns of
    :attr:`refdash.model.segments.Fit.shares`. One trace per segment; the first x position is the
    rule (hatched, no interval).
    """
    groups = [RULE, *shares.index.tolist()]
    # A sales lead with too little history gets no bars (they would be the prior, not a
    # finding) and says so under its name.
    enough = has_enough_history(shares).to_numpy(bool)
    labels = [group_label(RULE, lang)] + [
        group_label(g, lang) if ok else
        f"{group_label(g, lang)}<br>({translate('segments.not_enough_history', lang)})"
        for g, ok in zip(shares.index, enough, strict=True)]
    fig = go.Figure()
    for j, seg in enumerate(SEGMENTS):
        name = translate(f"segment.{seg}", lang)

        def column(c: str, rule: float) -> np.ndarray:
            return np.concatenate([[rule], np.where(enough, shares[c].to_numpy(float), np.nan)])

        y, low, high = column(seg, RULE_SHARES[j]), column(f"{seg}_low", RULE_SHARES[j]), \
            column(f"{seg}_high", RULE_SHARES[j])
        clients = np.concatenate([[np.nan], shares["clients"].to_numpy(dtype=float)])
        hover = [
            translate("segments.hover.rule", lang, segment=name, share=_pct(y[0], lang))
        ] + [
            translate("segments.hover.share", lang, segment=name, group=labels[i],
                      share=_pct(y[i], lang), low=_pct(low[i], lang), high=_pct(high[i], lang),
                      clients=format_number(clients[i], lang)) if enough[i - 1]
            else f"{labels[i]} · {translate('segments.not_enough_history', lang)}"
            for i in range(1, len(groups))
        ]
        fig.add_bar(
            x=labels, y=y, name=name, marker_color=palette.SEGMENT_COLORS[seg],
            marker_pattern_shape=["/"] + [""] * (len(groups) - 1),
            error_y={"type": "data", "symmetric": False, "array": high - y,
                     "arrayminus": y - low, "thickness": 1.5, "width": 4},
            hovertext=hover, hoverinfo="text",
        )
    base_layout(
        fig, translate("segments.chart.shares", lang), lang, barmode="group",
        hovermode="closest",
        xaxis_title=translate("segments.axis.group", lang),
        yaxis_title=translate("segments.axis.share", lang),
        legend_title_text=translate("segments.axis.segment", lang),
    )
    ticks = percent_ticks(lang)
    fig.update_yaxes(range=[0, 1], **ticks)
    # Sized before plotly draws (on a wide screen it then draws once, not twice); a label
    # that turns on a narrow one still gets its room from plotly.
    lines = max(label.count("<br>") for label in labels)
    fig.update_layout(margin={"l": left_margin([format_percent(1.0, lang)]),  # the widest
                              "b": BELOW_X_AXIS_PX + TICK_LINE_PX * lines})
    return fig


def format_rows(template: str, index: pd.Index, **columns: pd.Series | np.ndarray) -> pd.Series:
    """Fill ``template``'s ``{placeholders}`` row by row from ``columns`` (already formatted
    text), by vectorised concatenation: one string per row of ``index``."""
    out = pd.Series("", index=index, dtype=object)
    for literal, field, _spec, _conv in string.Formatter().parse(template):
        out = out + literal
        if field:
            out = out + pd.Series(np.asarray(columns[field], dtype=object), index=index).astype(str)
    return out


def hover_template(template: str, index: pd.Index,
                   **columns: pd.Series | np.ndarray) -> tuple[str, np.ndarray]:
    """``template``'s ``{placeholders}`` as a plotly hovertemplate over ``customdata``, and
    that customdata (an object array, one row per row of ``index``): the index value (the
    client id) then the row's formatted texts, one per placeholder. The words of the
    template are sent once per trace instead of once per point (1,500 hover texts made
    370 KB of the 540 KB ternary plot on a large store, on every run of the page). A value
    is inserted as it is, never read as a placeholder itself; HTML in it must be escaped
    beforehand, as for a hovertext."""
    fields: list[str] = []
    parts: list[str] = []
    for literal, field, _spec, _conv in string.Formatter().parse(template):
        parts.append(literal)
        if field:
            if field not in fields:
                fields.append(field)
            parts.append(f"%{{customdata[{fields.index(field) + 1}]}}")
    parts.append("<extra></extra>")  # no second box with the trace's name
    values = [pd.Series(np.asarray(columns[f], dtype=object), index=index).astype(str).to_numpy()
              for f in fields]
    # One object array, rows by points: plotly keeps an array as it is, where it walked a
    # list of lists value by value (52 ms against 0.4 ms for 1,500 points of 14 values).
    data = np.empty((len(index), len(fields) + 1), dtype=object)
    data[:, 0] = index.tolist()
    for column, texts in enumerate(values, start=1):
        data[:, column] = texts
    return "".join(parts), data


def hover_texts(trace: go.Scatterternary) -> list[str]:
    """The hover text of each point of a trace made with :func:`hover_template`, as plotly
    shows it (for tests and readers)."""
    template = str(trace.hovertemplate).removesuffix("<extra></extra>")
    field = re.compile(r"%\{customdata\[(\d+)\]\}")
    return [field.sub(lambda m, row=row: str(row[int(m.group(1))]), template)  # type: ignore[misc]
            for row in trace.customdata]


def _percents(values: pd.Series, lang: str) -> pd.Series:
    """Whole percentages in the locale's style (vectorised via the 101 possible texts)."""
    texts = np.array([format_percent(i / 100, lang) for i in range(101)], dtype=object)
    return pd.Series(texts[np.clip(np.rint(values.to_numpy(dtype=float) * 100), 0, 100)
                           .astype(int)], index=values.index)


def _numbers(values: pd.Series, lang: str, decimals: int = 0) -> pd.Series:
    """Numbers in the locale's style; Babel once per distinct value."""
    rounded = values.astype(float).round(decimals)
    distinct = pd.unique(rounded.to_numpy())
    texts = pd.Series([format_number(v, lang, decimals) for v in distinct], index=distinct)
    return pd.Series(texts.reindex(rounded.to_numpy()).to_numpy(), index=values.index)


def _segment_names(values: pd.Series, lang: str) -> pd.Series:
    names = {k: translate(f"segment.{k}", lang) for k in (*SEGMENTS, UNKNOWN)}
    return values.map(names)


def ternary_chart(posteriors: pd.DataFrame, names: pd.Series, lang: str,
                  max_points: int = MAX_TERNARY_POINTS, seed: int = 0) -> go.Figure:
    """Each client's probabilities of advocate, responsive and never as a point of a ternary
    plot, coloured by its segment (grey-pink ``unknown`` when the evidence is too thin), with
    the client's name and evidence on hover.

    ``posteriors`` as :func:`refdash.model.segments.posterior_from_evidence`; ``names`` indexed by
    client id. Beyond ``max_points`` clients a deterministic random sample is drawn.
    """
    frame = posteriors
    if len(frame) > max_points:
        rng = np.random.default_rng(seed)
        frame = frame.iloc[np.sort(rng.choice(len(frame), max_points, replace=False))]
    fig = go.Figure()
    for seg in (*SEGMENTS, UNKNOWN):
        part = frame[frame["segment"] == seg]
        if part.empty:
            continue
        label = translate(f"segment.{seg}", lang)
        # A client too little known to place is said so, not "most likely responsive".
        headline = (translate("segments.hover.unplaced", lang) if seg == UNKNOWN
                    else translate("segments.hover.most_likely", lang, segment="{likely}"))
        template = ("<b>{name}</b><br>" + headline
                    + "<br>" + translate("segments.hover.probabilities", lang, advocate="{pa}",
                                         responsive="{pr}", never="{pn}")
                    + "<br>" + translate("segments.hover.evidence", lang, months="{m}",
                                         unsolicited="{u}", asks="{a}", success="{s}",
                                         early="{e}", early_success="{es}", new="{n}",
                                         new_success="{ns}"))
        hover, data = hover_template(
            template, part.index,
            name=escape(names.reindex(part.index).fillna("").astype(str)),
            likely=_segment_names(part["most_likely"], lang),
            pa=_percents(part["p_advocate"], lang), pr=_percents(part["p_responsive"], lang),
            pn=_percents(part["p_never"], lang), m=_numbers(part["months_exposed"], lang, 1),
            u=_numbers(part["unsolicited"], lang), a=_numbers(part["asks"], lang),
            s=_numbers(part["asks_success"], lang), e=_numbers(part["early_asks"], lang),
            es=_numbers(part["early_success"], lang), n=_numbers(part["new_asks"], lang),
            ns=_numbers(part["new_success"], lang),
        )
        fig.add_trace(go.Scatterternary(
            a=part["p_advocate"].round(COORDINATE_DECIMALS),
            b=part["p_responsive"].round(COORDINATE_DECIMALS),
            c=part["p_never"].round(COORDINATE_DECIMALS), mode="markers",
            name=label, marker={"color": palette.SEGMENT_COLORS[seg], "size": 7, "opacity": 0.75,
                                "line": {"width": 0.5, "color": "white"}},
            hovertemplate=hover, customdata=data,
        ))
    base_layout(fig, translate("segments.chart.ternary", lang), lang, hovermode="closest",
                legend_title_text=translate("segments.axis.segment", lang))
    axis = {**percent_ticks(lang), "min": 0}
    fig.update_layout(ternary={
        "sum": 1,
        "aaxis": {**axis, "title": {"text": translate("segments.axis.p_advocate", lang)}},
        "baxis": {**axis, "title": {"text": translate("segments.axis.p_responsive", lang)}},
        "caxis": {**axis, "title": {"text": translate("segments.axis.p_never", lang)}},
    }, height=560)
    return fig


def network_chart(top: pd.DataFrame, clients: pd.DataFrame, segment: pd.Series,
                  lang: str) -> go.Figure:
    """The largest referral lineages as an icicle tree: generations left to right, each box a
    client sized by the clients their referrals brought (within the drawn part), coloured by
    segment; hover: name, owner, generation, direct referrals, lineage size.

    ``top`` from :func:`refdash.model.referral_tree.top_of_tree`; ``clients`` the clients frame;
    ``segment`` each client's label, indexed by client id.
    """
    info = clients.set_index("id").reindex(top.index)
    ids = top.index.astype(str)
    parents = top["parent"].astype("string").fillna("").to_numpy()
    seg = segment.reindex(top.index).fillna(UNKNOWN)
    hover = format_rows(
        translate("segments.hover.node", lang, name="{name}", owner="{owner}", segment="{seg}",
                  generation="{gen}", children="{children}", descendants="{desc}"),
        top.index, name=escape(info["name"].fillna("").astype(str)),
        owner=escape(info["owner"].fillna("").astype(str)),
        seg=_segment_names(seg, lang), gen=_numbers(top["generation"], lang),
        children=_numbers(top["children"], lang), desc=_numbers(top["descendants"], lang),
    ).tolist()
    # One root above the lineages: plotly would leave its place blank otherwise, and it is
    # the way back after zooming into a lineage.
    root = translate("segments.network.root", lang)
    fig = go.Figure(go.Icicle(
        ids=["root", *ids], labels=[root, *escape(info["name"].astype(str))],
        parents=["", *np.where(parents == "", "root", parents)],
        values=np.ones(len(top) + 1), branchvalues="remainder",
        marker={"colors": ["#EEEEEE", *seg.map(palette.SEGMENT_COLORS)]},
        hovertext=[root, *hover], hoverinfo="text", tiling={"orientation": "h"},
        customdata=[0, *top.index.to_numpy()], maxdepth=6,
    ))
    base_layout(fig, translate("segments.chart.network", lang), lang, hovermode="closest",
                height=620)
    return fig


def generations_chart(gens: pd.DataFrame, lang: str) -> go.Figure:
    """Clients per referral generation (0 = came another way), from
    :func:`refdash.model.referral_tree.generations`."""
    fig = go.Figure()
    fig.add_bar(
        x=gens["generation"], y=gens["clients"], marker_color=palette.SOURCE_COLORS["referral"],
        name=translate("common.clients", lang),
        hovertext=format_rows(
            translate("segments.hover.generation", lang, generation="{g}", clients="{c}"),
            gens.index, g=_numbers(gens["generation"], lang), c=_numbers(gens["clients"], lang),
        ).tolist(),
        hoverinfo="text",
    )
    base_layout(fig, translate("segments.chart.generations", lang), lang, hovermode="closest",
                xaxis_title=translate("segments.axis.generation", lang),
                yaxis_title=translate("segments.axis.clients", lang), showlegend=False)
    fig.update_xaxes(dtick=1)
    return fig
