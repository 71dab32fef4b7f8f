"""What the Clients page shows beside the trust settings: is the gate right for these clients?

One entry point, :func:`gate_view`, returns a :class:`GateView` ready to draw (translated
sentences, the chart, two tables, the suggested threshold). :func:`apply_suggestion` gives the
settings with the suggested threshold, for the page's "apply" button (never applied silently).

Pure: no streamlit. Texts go through :func:`refdash.i18n.translate`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from refdash.charts.gate import gate_figure
from refdash.i18n import format_number, format_percent, translate
from refdash.model import gate_check as gate
from refdash.model.portfolio import Portfolio
from refdash.model.trust import TrustReport, TrustSettings
from refdash.units import ANSWER_WINDOW_DAYS


@dataclass(frozen=True)
class GateView:
    """The gate check, drawn as: ``sentences`` (paragraphs, in order), ``figure``,
    ``band_table`` and ``totals_table`` (translated headers, formatted cells), and, when
    ``differs``, a button labelled ``apply_label`` that sets the trust threshold to
    ``suggested_threshold`` (see :func:`apply_suggestion`)."""

    figure: go.Figure
    sentences: tuple[str, ...]
    band_table: pd.DataFrame
    totals_table: pd.DataFrame
    suggested_threshold: float | None
    differs: bool
    current_threshold: float
    apply_label: str | None
    check: gate.GateCheck


def _num(x: float, lang: str) -> str:
    return format_number(x, lang, 2)


def _pct(x: float, lang: str) -> str:
    return "–" if x != x else format_percent(x, lang)


def _split_sentence(split: pd.DataFrame, threshold: float, lang: str) -> str | None:
    above, below = split.loc["above"], split.loc["below"]
    if above["asks"] == 0 or below["asks"] == 0:
        return None
    return translate(
        "gate.sentence.split", lang, threshold=_num(threshold, lang),
        rate=_pct(above["rate"], lang), low=_pct(above["rate_low"], lang),
        high=_pct(above["rate_high"], lang), rate_below=_pct(below["rate"], lang),
        low_below=_pct(below["rate_low"], lang), high_below=_pct(below["rate_high"], lang))


def _suggestion_sentence(c: gate.GateCheck, lang: str) -> str:
    s = c.suggestion
    current = _num(c.threshold, lang)
    asks = format_number(s.asks, lang)
    if s.status == "too_few":
        return translate("gate.sentence.too_few", lang, asks=asks,
                         minimum=format_number(gate.MIN_ASKS, lang), threshold=current)
    if s.status == "no_step":
        return translate("gate.sentence.no_step", lang, threshold=current,
                         per_side=format_number(gate.MIN_ASKS_PER_SIDE, lang))
    assert s.threshold is not None and s.low is not None and s.high is not None
    common = {"level": format_percent(gate.LEVEL, lang), "low": _num(s.low, lang),
              "high": _num(s.high, lang), "asks": asks, "threshold": current}
    if c.differs:
        return translate("gate.sentence.suggest", lang, suggested=_num(s.threshold, lang),
                         **common)
    return translate("gate.sentence.same", lang, **common)


def _sentences(c: gate.GateCheck, lang: str) -> tuple[str, ...]:
    out: list[str] = []
    split = _split_sentence(c.split, c.threshold, lang)
    out.append(split or translate("gate.sentence.no_asks", lang))
    out.append(_suggestion_sentence(c, lang))
    if c.differs and c.split_suggested is not None:
        suggested_split = _split_sentence(c.split_suggested, float(c.suggestion.threshold or 0),
                                          lang)
        if suggested_split:
            out.append(suggested_split)
    b = c.backtest
    if b.early or b.ready:
        num = lambda n: format_number(n, lang)  # noqa: E731
        rate = lambda k, n: _pct(k / n if n else float("nan"), lang)  # noqa: E731
        out.append(translate(
            "gate.sentence.backtest", lang, early=num(b.early), early_lost=num(b.early_lost),
            months=num(gate.LOST_WITHIN_MONTHS), early_referrals=num(b.early_referrals),
            ready=num(b.ready), ready_referrals=num(b.ready_referrals),
            ready_rate=rate(b.ready_referrals, b.ready),
            early_rate=rate(b.early_referrals, b.early)))
        out.append(translate("gate.sentence.caveat", lang))
    pending = int(c.totals["pending"].sum())
    if pending:
        out.append(translate("gate.sentence.pending", lang, pending=format_number(pending, lang),
                             days=format_number(ANSWER_WINDOW_DAYS, lang)))
    return tuple(out)


def _rate_table(frame: pd.DataFrame, first: str, labels: list[str], lang: str) -> pd.DataFrame:
    """Formatted rows of a :data:`gate.RATE_COLUMNS` frame, first column ``labels``."""
    tr = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    num = lambda v: format_number(int(v), lang)  # noqa: E731
    interval = [
        "–" if lo != lo else tr("gate.interval", low=_pct(lo, lang), high=_pct(hi, lang))
        for lo, hi in zip(frame["rate_low"], frame["rate_high"], strict=True)]
    months = format_number(gate.LOST_WITHIN_MONTHS, lang)
    return pd.DataFrame({
        first: labels,
        tr("gate.col.asks"): [num(v) for v in frame["asks"]],
        tr("gate.col.followed"): [num(v) for v in frame["followed_by_referral"]],
        tr("gate.col.rate"): [_pct(v, lang) for v in frame["rate"]],
        tr("gate.col.interval", level=format_percent(gate.LEVEL, lang)): interval,
        tr("gate.col.lost", months=months): [num(v) for v in frame["lost"]],
        tr("gate.col.declined"): [num(v) for v in frame["declined"]],
        tr("gate.col.no_answer"): [num(v) for v in frame["no_answer"]],
        tr("gate.col.pending"): [num(v) for v in frame["pending"]],
    })


def _figure(c: gate.GateCheck, lang: str) -> go.Figure:
    b = c.bands
    hover = [translate("gate.chart.hover", lang, asks=format_number(n, lang),
                       hits=format_number(k, lang), rate=_pct(r, lang), low=_pct(lo, lang),
                       high=_pct(hi, lang))
             for n, k, r, lo, hi in zip(b["asks"], b["followed_by_referral"], b["rate"],
                                        b["rate_low"], b["rate_high"], strict=True)]
    suggested = c.suggestion.threshold
    texts = {
        "title": translate("gate.chart.title", lang),
        "x": translate("gate.chart.x", lang),
        "y": translate("gate.chart.y", lang, days=format_number(ANSWER_WINDOW_DAYS, lang)),
        "rate": translate("gate.chart.rate", lang, level=format_percent(gate.LEVEL, lang)),
        "current": translate("gate.chart.current", lang, threshold=_num(c.threshold, lang)),
        "suggested": ("" if suggested is None else
                      translate("gate.chart.suggested", lang, threshold=_num(suggested, lang))),
    }
    return gate_figure(b, c.threshold, suggested, texts, hover, lang)


def gate_view(p: Portfolio, settings: TrustSettings, lang: str,
              labels: pd.DataFrame | None = None) -> GateView:
    """The gate check of ``p`` (already filtered to the chosen owners) under ``settings``.

    ``labels`` (``trust.ask_labels(p, settings)`` or a report's ``asks``) saves recomputing
    the trust model when the page has it already.
    """
    c = gate.check(p, settings, labels)
    band_labels = [f"{_num(lo, lang)}–{_num(hi, lang)}"
                   for lo, hi in zip(c.bands["low"], c.bands["high"], strict=True)]
    suggested = c.suggestion.threshold
    return GateView(
        figure=_figure(c, lang),
        sentences=_sentences(c, lang),
        band_table=_rate_table(c.bands, translate("gate.col.band", lang), band_labels, lang),
        totals_table=_rate_table(c.totals, translate("gate.col.group", lang),
                                 [translate("gate.row.ready", lang),
                                  translate("gate.row.early", lang)], lang),
        suggested_threshold=suggested,
        differs=c.differs,
        current_threshold=c.threshold,
        apply_label=(translate("gate.apply", lang, threshold=_num(suggested, lang))
                     if c.differs and suggested is not None else None),
        check=c,
    )


def apply_suggestion(settings: TrustSettings, view: GateView) -> TrustSettings:
    """``settings`` with the suggested threshold (unchanged when there is no suggestion)."""
    if view.suggested_threshold is None:
        return settings
    return replace(settings, threshold=float(np.round(view.suggested_threshold, 2)))


def gate_view_of_report(p: Portfolio, report: TrustReport, lang: str) -> GateView:
    """:func:`gate_view` with the asks the page's trust report already labelled (a cache key
    that names the report by its settings, see :func:`refdash.ui.computed`)."""
    return gate_view(p, report.settings, lang, labels=report.asks)
