"""The layout every chart shares: title, locale separators, hover, margins."""

from __future__ import annotations

import html
from typing import overload

import pandas as pd
import plotly.graph_objects as go

from refdash.i18n import locale_of, plotly_separators


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
