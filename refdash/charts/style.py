"""The layout every chart shares: title, locale separators, hover, margins."""

from __future__ import annotations

import html
import math
import unicodedata
from typing import overload

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from refdash.i18n import format_date, format_percent, format_short_month, locale_of, plotly_separators

#: The plotly template of every chart.
TEMPLATE = "plotly_white"
# Made plotly's default: a new figure takes the default template without validating it
# (plotly assumes a registered template valid), where setting it on each figure validated
# it again: 14 ms a chart (40 ms in a fresh process), against 1.5 ms. Streamlit
# makes its own template the default when it is imported (streamlit_plotly_theme.py), so
# base_layout still sets ours on a figure made while another default is in force.
pio.templates.default = TEMPLATE


#: Widths (px) of characters in the charts' font as Streamlit draws them (Source Sans, 12 px),
#: measured in chromium (canvas ``measureText``; a legend's text length matches their sum
#: within 1 px). An accented letter is as wide as its letter; an unknown character counts as
#: a wide letter. Used to size margins before plotly draws: plotly's automargin finds them
#: too, but only by drawing the chart a second time.
_GLYPH_PX: dict[str, float] = {
    **dict.fromkeys("0123456789", 5.96), " ": 2.4, "\u00a0": 2.39, "\u202f": 1.44,
    "'": 2.99, "\u2019": 2.99, "(": 3.64, ")": 3.64, ",": 2.99, ".": 2.99, "-": 3.73,
    "\u2013": 5.76, "/": 4.2, "%": 9.89,
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
        6.52, 7.06, 6.85, 7.38, 6.32, 5.93, 7.4, 7.82, 3.16, 5.75, 6.95, 5.83, 8.72, 7.76,
        7.97, 6.79, 7.97, 6.83, 6.41, 6.43, 7.74, 6.18, 9.43, 6.16, 5.71, 6.47), strict=True)),
    **dict(zip("abcdefghijklmnopqrstuvwxyz", (
        6.05, 6.64, 5.47, 6.66, 5.95, 3.5, 6.05, 6.53, 2.95, 2.96, 5.94, 3.06, 9.95, 6.56,
        6.5, 6.66, 6.66, 4.16, 5.03, 4.06, 6.53, 5.6, 8.63, 5.35, 5.6, 5.1), strict=True)),
    "\u0153": 10.07, "\u00e6": 9.34,
}
_UNKNOWN_GLYPH_PX = 7.0


#: Every chart's margins (px) unless it sets its own (plotly grows them to fit).
MARGIN = {"l": 10, "r": 10, "t": 60, "b": 10}
#: From the y tick labels' left end to the plot (ticks) plus the rotated 14 px axis title and
#: its standoff, in px (53.2 measured, a little spare).
LEFT_OF_Y_LABELS_PX = 54.0
#: Under a plot: the x tick labels (one line) and the axis title, in px (measured: 65).
BELOW_X_AXIS_PX = 65
#: Each more line of an x tick label (``<br>``), in px.
TICK_LINE_PX = 16


def left_margin(y_labels: list[str]) -> int:
    """The left margin (px) that fits the widest of ``y_labels`` and the axis title, as
    plotly's automargin finds it, but before the chart is drawn: given room enough plotly
    draws once, instead of drawing a second time with the room it found it needed."""
    return math.ceil(LEFT_OF_Y_LABELS_PX + max(map(text_px, y_labels), default=0.0))


def text_px(text: str) -> float:
    """The width (px) of ``text`` in the charts' 12 px font (see :data:`_GLYPH_PX`)."""
    total = 0.0
    for ch in text:
        width = _GLYPH_PX.get(ch)
        if width is None:
            width = _GLYPH_PX.get(unicodedata.normalize("NFD", ch)[0], _UNKNOWN_GLYPH_PX)
        total += width
    return total


_DIGIT_PX = text_px("0")
_SUFFIX_PX = text_px("M")  # the widest of plotly's SI suffixes past k (G 7.4; plotly writes B)


def widest_y_label_px(top: float, lang: str, style: str) -> float:
    """An upper bound of the width (px) of the widest y tick label plotly will draw on an axis
    from 0 (or 1) to ``top``, for the tick format ``style``: ``"d"`` (``,d``: every tick with
    thousands separators, the widest is at most ``top``'s), ``"log"`` (``,.0f`` with one tick
    per power of ten: the widest is the power of ten under ``top``) or ``"auto"`` (plotly's
    default: up to four digits unseparated, then SI: ``150k``, ``0.2M``, ``25M``)."""
    group = plotly_separators(lang)[1:]
    if style == "log":
        top = 10.0 ** math.floor(math.log10(max(top, 1.0)))
    whole = f"{int(max(top, 1.0)):,}".replace(",", group)
    if style == "auto":
        digits = len(whole.replace(group, ""))
        if digits < 5:  # unseparated; "0.5" under 10 is as wide as three digits
            return _DIGIT_PX * max(digits, 3)
        lead = (digits - 1) % 3 + 1  # 150k, 25M, or "0.2M" and "1.2M" between them
        suffix = text_px("k") if digits < 7 else _SUFFIX_PX
        return max(lead * _DIGIT_PX + suffix, 2 * _DIGIT_PX + text_px(".") + suffix)
    return text_px(whole)


def value_axis_margin(top: float, lang: str, style: str) -> int:
    """The left margin (px) that fits the y tick labels of an axis from 0 to ``top`` (see
    :func:`widest_y_label_px`) and the axis title: plotly's automargin
    finds the same, but only by drawing the chart a second time (that second draw was half of
    the browser's time per slider move). Given room enough, one draw does; the automargin
    stays as a fallback should a label be wider than estimated."""
    return math.ceil(LEFT_OF_Y_LABELS_PX + widest_y_label_px(top, lang, style))


def base_layout(fig: go.Figure, title: str, lang: str, **layout: object) -> go.Figure:
    """Title, locale-aware separators, a readable hover and margins, for every chart."""
    if pio.templates.default != TEMPLATE:
        fig.update_layout(template=TEMPLATE)
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left"},
        separators=plotly_separators(lang),
        hovermode="x unified",
        margin=dict(MARGIN),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
        meta={"locale": locale_of(lang)},
    )
    fig.update_layout(**layout)
    return fig


@overload
def escape(text: str) -> str: ...
@overload
def escape(text: pd.Series) -> pd.Series: ...
def escape(text: str | pd.Series) -> str | pd.Series:
    """User text (names, owners, prospects) as plain text in plotly's HTML-like labels, hovers
    and titles: ``<a href=...>`` shows as typed, never as a live link or markup."""
    if isinstance(text, pd.Series):
        return text.astype("string").fillna("").map(html.escape).astype(object)
    return html.escape(str(text))


def percent_ticks(lang: str, step: float = 0.2) -> dict[str, object]:
    """Ticks of an axis of shares in [0, 1] written in the language's one percent style
    (Babel's: ``'20 %'`` in French, ``'20%'`` elsewhere); plotly's ``.0%`` knows no space."""
    values = [round(i * step, 10) for i in range(int(round(1 / step)) + 1)]
    return {"tickmode": "array", "tickvals": values,
            "ticktext": [format_percent(v, lang) for v in values]}


#: Month steps a date axis may take between two ticks (the first that gives at most the
#: ticks asked for is used).
_MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)


def date_ticks(start: object, end: object, lang: str, most: int = 8) -> dict[str, object]:
    """Ticks of a date axis from ``start`` to ``end`` on the first day of months, labelled in
    the language's words (``'mars 2027'``): plotly's d3 date formats name months in English
    only. Empty when either end is missing."""
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return {}
    first = pd.Timestamp(start).to_period("M").to_timestamp()
    last = pd.Timestamp(end)
    months = max((last.year - first.year) * 12 + last.month - first.month, 1)
    step = next((s for s in _MONTH_STEPS if months / s <= most), _MONTH_STEPS[-1])
    if step >= 12:
        first = first.replace(month=1)
    ticks = pd.date_range(first, last, freq=pd.DateOffset(months=step))
    return {"tickmode": "array", "tickvals": list(ticks),
            "ticktext": [format_short_month(d, lang) for d in ticks]}


def date_texts(values: pd.Series | list[object], lang: str) -> list[str]:
    """Dates in the language's one style (:data:`refdash.i18n.DATE_STYLE`) for hovers."""
    return [format_date(v, lang) for v in values]
