"""What the Segments page shows, built from the segments model, the trust gate and the
referral tree: shares against the 20-60-20 rule, every client's segment with what to do,
the referral network. Everything translated, ready to draw; no Streamlit.

:func:`overview` is the computation (cache it); :func:`segments_page` turns it into the
page's metrics, sentences and tables for one language.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from refdash.charts import segments as charts
from refdash.i18n import format_date, format_number, format_percent, format_table, translate
from refdash.model import decision, referral_tree, trust
from refdash.model.portfolio import Portfolio
from refdash.model.referral_tree import ReferralTree
from refdash.model.segments import (
    PROBABILITY_COLUMNS,
    RULE_SHARES,
    SEGMENTS,
    UNKNOWN,
    Fit,
    SegmentRates,
    SegmentSettings,
    evidence,
    fit,
    never_probability,
)
from refdash.model.trust import TrustSettings
from refdash.views import LIST_ROWS

#: What the seeds recommend for each segment (keys of the ``segments.action.*`` strings).
ACTIONS: dict[str, str] = {
    "advocate": "segments.action.advocate",
    "responsive": "segments.action.responsive",
    "never": "segments.action.never",
    UNKNOWN: "segments.action.unknown",
}
#: The labels of the client lists, in the order of the tabs.
LABELS: tuple[str, ...] = (*SEGMENTS, UNKNOWN)
#: Most rows of a client list shown on the page, the most certain first (the CSV download
#: has them all; at 500 rows each the four tabs' tables were 315 KB of the page's 900 KB).
MAX_TABLE_ROWS = LIST_ROWS
#: Lineages listed beside the generations chart.
TOP_LINEAGES = 10


@dataclass(frozen=True)
class Overview:
    """Everything the Segments page draws, for one portfolio (already filtered by owner).

    - ``fit``: :func:`~refdash.model.segments.estimate_shares` on all the clients of the view;
    - ``shares``: the ``"all"`` row of ``fit.shares`` followed by one row per owner (shares per
      owner, rates shared), same columns;
    - ``clients``: one row per client (index client id): ``name``, ``company``, ``owner``,
      ``lost`` (bool), the posterior columns (:func:`~refdash.model.segments.posteriors`), and
      the trust gate now: ``ready`` (bool; a likely never-referrer,
      :func:`~refdash.model.trust.likely_never`, is not), ``reason`` (why not, empty when
      ready), ``projected_ready_date``; ``action`` and ``action_reason``: the client's one
      decision (:func:`refdash.model.decision.decide`), the same on every page;
    - ``tree``: the referral network (:func:`refdash.model.referral_tree.referral_tree`).
    """

    fit: Fit
    shares: pd.DataFrame
    clients: pd.DataFrame
    tree: ReferralTree


def overview(p: Portfolio, trust_settings: TrustSettings | None = None,
             settings: SegmentSettings | None = None,
             assessment: decision.Assessment | None = None,
             decisions: pd.DataFrame | None = None) -> Overview:
    """Shares (all clients and per owner), every client's segment with the trust gate, and the
    referral network of ``p``: the Segments page's one computation. ``assessment``
    (:func:`~refdash.model.decision.assess` of ``p`` with ``trust_settings``) and ``decisions``
    (:func:`~refdash.model.decision.decide`, the same) save recomputing them; the assessment's
    fit is used only with the default segment settings (the one it was made with)."""
    shared = assessment if settings is None and assessment is not None else None
    settings = settings or SegmentSettings()
    trust_settings = trust_settings or TrustSettings()
    report = assessment.report if assessment is not None else trust.analyse(p, trust_settings)
    ev = evidence(p, trust_settings, settings, report=report)
    overall = shared.fit if shared is not None and shared.fit is not None else fit(ev, settings)
    owners = pd.Series(p.clients["owner"].to_numpy(), index=p.clients["id"].to_numpy())
    per_owner = (fit(ev, settings, groups=owners.reindex(ev.index).to_numpy()).shares
                 if len(ev) else overall.shares.iloc[:0])
    shares = pd.concat([overall.shares, per_owner])

    post = overall.posteriors
    # The gate as the Clients page applies it: a likely never-referrer is not ready.
    gated = (shared.gated if shared is not None and shared.gated is not None
             else trust.with_never_probability(report, never_probability(post)))
    status = gated.status.reindex(post.index)
    info = p.clients.set_index("id").reindex(post.index)
    clients = pd.DataFrame({
        "name": info["name"].to_numpy(),
        "company": info["company"].to_numpy(),
        "owner": info["owner"].to_numpy(),
        "lost": status["lost"].fillna(False).astype(bool).to_numpy(),
    }, index=post.index).join(post)
    clients["ready"] = status["ready"].fillna(False).astype(bool).to_numpy()
    clients["reason"] = status["reason"].fillna("").astype(str).to_numpy()
    clients["projected_ready_date"] = status["projected_ready_date"].to_numpy()
    # One decision everywhere (issue 12): the action column says what the worklist says.
    decided = (decisions if decisions is not None else decision.decide(
        p, trust_settings, assessment=assessment)).reindex(post.index)
    clients["action"] = decided["action"].fillna("wait").to_numpy(object)
    clients["action_reason"] = decided["reason_code"].fillna("").to_numpy(object)
    tree = referral_tree.referral_tree(p.clients, p.referrals)
    return Overview(fit=overall, shares=shares, clients=clients, tree=tree)


def counts(ov: Overview) -> dict[str, int]:
    """Active clients per label of :data:`LABELS`: the figures of the "Not placed yet" metric
    and of the tabs. ``unknown`` is an active client with too little evidence to place
    (never asked and never referred, or no segment likely enough); a lost client is not
    listed, so it is not counted here either (it still counts in the shares)."""
    active = ov.clients.loc[~ov.clients["lost"].to_numpy(bool), "segment"]
    found = active.value_counts()
    return {label: int(found.get(label, 0)) for label in LABELS}


def client_table(ov: Overview, segment: str, lang: str) -> pd.DataFrame:
    """The active clients labelled ``segment`` (or ``unknown``), most certain first, with
    each client's action (:func:`refdash.model.decision.decide`, as on the worklist; the
    segment's general advice is the tab's caption); columns translated for display and CSV.

    Columns: name, company, owner, probability of the segment (most likely segment's for
    ``unknown``; percent), ready now, why not / projected ready date, unsolicited referrals,
    asks answered, action.
    """
    if segment not in ACTIONS:
        raise ValueError(f"segment must be one of {list(ACTIONS)}, got {segment!r}")
    c = ov.clients[(ov.clients["segment"] == segment) & ~ov.clients["lost"]]
    prob_col = "p_" + segment if segment != UNKNOWN else None
    prob = (c[prob_col] if prob_col else c[list(PROBABILITY_COLUMNS)].max(axis=1))
    order = np.argsort(-prob.to_numpy(), kind="stable")
    c, prob = c.iloc[order], prob.iloc[order]
    asks = c["asks"] + c["early_asks"] + c["new_asks"]
    answered = c["asks_success"] + c["early_success"] + c["new_success"]
    t = lambda key: translate(key, lang)  # noqa: E731
    table = pd.DataFrame({
        t("segments.col.name"): c["name"].to_numpy(),
        t("segments.col.company"): c["company"].fillna("").to_numpy(),
        t("segments.col.owner"): c["owner"].to_numpy(),
        t("segments.col.probability"): np.round(prob.to_numpy() * 100).astype(int),
        t("segments.col.ready"): c["ready"].to_numpy(),
        t("segments.col.not_ready"): np.where(c["ready"].to_numpy(), "", _not_ready(c, lang)),
        t("segments.col.unsolicited"): c["unsolicited"].astype(int).to_numpy(),
        t("segments.col.asks"): (answered.astype(int).astype(str) + " / "
                                 + asks.astype(int).astype(str)).to_numpy(),
        t("segments.col.action"): c["action"].map(
            {a: t(f"worklist.action.{a}") for a in decision.ACTIONS}).to_numpy(object),
    })
    return table.reset_index(drop=True)


def _not_ready(c: pd.DataFrame, lang: str) -> np.ndarray:
    """Why each client is not ready, with the projected date (``reason → date``)."""
    reason_text = {r: translate(f"segments.reason.{r}", lang) for r in trust.REASONS}
    reasons = c["reason"].map(reason_text).astype(object)
    reasons = reasons.where(reasons.notna(), "").to_numpy(dtype=object)
    day = c["projected_ready_date"]
    date_text = {d: format_date(d, lang) for d in day.dropna().unique()}
    dates = day.map(date_text).astype(object)
    dates = dates.where(dates.notna(), "").to_numpy(dtype=object)
    return np.where(dates != "", reasons + " → " + dates, reasons)


def lineage_table(lineages: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`refdash.model.referral_tree.lineages` with translated column names, for display
    and CSV."""
    names = {
        "name": "segments.col.name", "owner": "segments.col.owner",
        "generation": "segments.lineage.generation", "children": "segments.lineage.children",
        "descendants": "segments.lineage.descendants", "depth": "segments.lineage.depth",
    }
    return lineages[list(names)].rename(columns={k: translate(v, lang) for k, v in names.items()})


def rates_table(rates: SegmentRates, lang: str) -> pd.DataFrame:
    """The per-segment rates the model uses, one row per segment, translated: unsolicited
    referrals per 12 months of exposure, and the share of asks of each class answered by a
    referral within the answer window (percent)."""
    frame = rates.as_frame()
    return pd.DataFrame({
        translate("segments.axis.segment", lang):
            [translate(f"segment.{k}", lang) for k in frame.index],
        translate("segments.rates.unsolicited", lang): (12 * frame["unsolicited"]).round(2),
        translate("segments.rates.ask_success", lang): (100 * frame["ask_success"]).round(0),
        translate("segments.rates.early_ask_success", lang):
            (100 * frame["early_ask_success"]).round(0),
        translate("segments.rates.new_ask_success", lang):
            (100 * frame["new_ask_success"]).round(0),
    })


def points_vs_rule(share: float, rule: float, lang: str) -> str:
    """The gap between a share and the rule's, in whole percentage points with a sign
    (``'+7'``, ``'-3'``, ``'0'``)."""
    points = int(np.rint(100 * (share - rule)))
    text = format_number(abs(points), lang)
    return ("+" if points > 0 else "-" if points < 0 else "") + text


# --------------------------------------------------------------------------- the page


@dataclass(frozen=True)
class Metric:
    """One ``st.metric``, translated: label, value, delta (None: none shown), help."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None


@dataclass(frozen=True)
class ClientList:
    """One tab of client lists: its label (with the count), the recommended action, the
    table (all rows, for the CSV), how many rows to show and the caption when cut."""

    segment: str
    label: str
    action: str
    table: pd.DataFrame
    shown: int
    truncated: str | None
    file_name: str


@dataclass(frozen=True)
class Network:
    """The referral network's part of the page: metrics, the drawn top of the tree (empty:
    nothing to draw), its captions, the clients per generation and the largest lineages."""

    metrics: tuple[Metric, ...]
    top: pd.DataFrame
    caption: str
    repairs: str | None
    generations: pd.DataFrame
    lineages: pd.DataFrame


@dataclass(frozen=True)
class SegmentsPage:
    """Everything the Segments page draws, in its order, for one language."""

    overview: Overview
    share_metrics: tuple[Metric, ...]
    intervals: str
    shares_caption: str
    converged: bool
    ternary_caption: str
    lists: tuple[ClientList, ...]
    network: Network
    rates: pd.DataFrame


def _share_metrics(ov: Overview, lang: str) -> tuple[Metric, ...]:
    """The three shares against the rule, then the clients not placed yet."""
    overall, level = ov.shares.loc["all"], ov.fit.level
    t = lambda key, **fmt: translate(key, lang, **fmt)  # noqa: E731
    pct = lambda value: format_percent(value, lang)  # noqa: E731
    metrics = [
        Metric(
            t("segments.metric.share", segment=t(f"segment.{seg}")), pct(overall[seg]),
            t("segments.metric.vs_rule", points=points_vs_rule(overall[seg], rule, lang),
              rule=pct(rule)),
            t("segments.metric.share_help", low=pct(overall[f"{seg}_low"]),
              high=pct(overall[f"{seg}_high"]), level=pct(level)),
        )
        for seg, rule in zip(SEGMENTS, RULE_SHARES, strict=True)
    ]
    metrics.append(Metric(t("segments.metric.unknown"),
                          format_number(counts(ov)[UNKNOWN], lang),
                          help=t("segments.metric.unknown_help")))
    return tuple(metrics)


def _lists(ov: Overview, lang: str) -> tuple[ClientList, ...]:
    """One tab per label, its count the same figure as the metric's (:func:`counts`)."""
    figures = counts(ov)
    out = []
    for seg in LABELS:
        table = client_table(ov, seg, lang)
        shown = min(len(table), MAX_TABLE_ROWS)
        truncated = (translate("segments.lists.truncated", lang,
                               shown=format_number(MAX_TABLE_ROWS, lang),
                               total=format_number(len(table), lang))
                     if len(table) > MAX_TABLE_ROWS else None)
        out.append(ClientList(
            segment=seg,
            label=translate("segments.tab", lang, segment=translate(f"segment.{seg}", lang),
                            count=format_number(figures[seg], lang)),
            action=translate(ACTIONS[seg], lang), table=table, shown=shown,
            truncated=truncated, file_name=f"segment-{seg}.csv",
        ))
    return tuple(out)


def _network(ov: Overview, clients: pd.DataFrame, lang: str) -> Network:
    tree = ov.tree
    top_lineages = referral_tree.lineages(tree, clients, top=TOP_LINEAGES)
    t = lambda key, **fmt: translate(key, lang, **fmt)  # noqa: E731
    num = lambda value: format_number(value, lang)  # noqa: E731
    largest = int(top_lineages["descendants"].max()) if len(top_lineages) else 0
    metrics = (
        Metric(t("segments.metric.referred_share"), format_percent(tree.referred_share, lang),
               help=t("segments.metric.referred_share_help")),
        Metric(t("segments.metric.generations"), num(int(tree.nodes["generation"].max())),
               help=t("segments.metric.generations_help")),
        Metric(t("segments.metric.largest_lineage"), num(largest),
               help=t("segments.metric.largest_lineage_help")),
    )
    top = referral_tree.top_of_tree(tree)
    repairs = (t("segments.network.repairs", outside=num(tree.outside), cut=num(tree.cut))
               if tree.outside or tree.cut else None)
    return Network(
        metrics=metrics, top=top,
        caption=t("segments.network.caption", shown=num(len(top)), total=num(tree.linked)),
        repairs=repairs, generations=referral_tree.generations(tree),
        lineages=lineage_table(top_lineages, lang),
    )


def segments_page(ov: Overview, p: Portfolio, lang: str, max_points: int) -> SegmentsPage:
    """The Segments page of ``ov`` (computed on ``p``) in ``lang``; ``max_points`` is the
    most clients the ternary chart draws (its caption says how many are shown)."""
    overall, level = ov.shares.loc["all"], ov.fit.level
    t = lambda key, **fmt: translate(key, lang, **fmt)  # noqa: E731
    pct = lambda value: format_percent(value, lang)  # noqa: E731
    intervals = t("segments.metric.intervals", level=pct(level), **{
        seg: t("segments.interval", low=pct(overall[f"{seg}_low"]),
               high=pct(overall[f"{seg}_high"])) for seg in SEGMENTS})
    total = len(ov.clients)
    return SegmentsPage(
        overview=ov,
        share_metrics=_share_metrics(ov, lang),
        intervals=intervals,
        shares_caption=t("segments.shares.caption",
                         informative=format_number(overall["informative"], lang),
                         clients=format_number(overall["clients"], lang), level=pct(level)),
        converged=ov.fit.converged,
        ternary_caption=t("segments.ternary.caption",
                          shown=format_number(min(total, max_points), lang),
                          total=format_number(total, lang)),
        lists=_lists(ov, lang),
        network=_network(ov, p.clients, lang),
        rates=rates_table(ov.fit.rates, lang),
    )


@dataclass(frozen=True)
class Drawn:
    """The Segments page ready to send, for one trust setting and language: its texts and
    tables (:class:`SegmentsPage`), its figures, and each client list's shown rows as text.
    Worth caching (``ui.computed(drawn, trust_settings, lang)``): on a 100,000-client store
    the lists, the ternary plot and the formatting took about two seconds a run."""

    page: SegmentsPage
    shares: go.Figure
    ternary: go.Figure
    network: go.Figure | None
    generations: go.Figure
    #: Each tab's first ``ClientList.shown`` rows, written in the language, tab by tab.
    list_rows: tuple[pd.DataFrame, ...]


def drawn(p: Portfolio, trust_settings: TrustSettings, lang: str,
          overview_: Overview | None = None) -> Drawn:
    """The Segments page of ``p`` with the trust gate of ``trust_settings`` in ``lang``;
    ``overview_`` (:func:`overview` of the same) saves recomputing it."""
    ov = overview_ if overview_ is not None else overview(p, trust_settings)
    page = segments_page(ov, p, lang, charts.MAX_TERNARY_POINTS)
    net = page.network
    return Drawn(
        page=page,
        shares=charts.shares_chart(ov.shares, lang),
        ternary=charts.ternary_chart(ov.fit.posteriors, ov.clients["name"], lang),
        network=(None if net.top.empty else
                 charts.network_chart(net.top, p.clients, ov.clients["segment"], lang)),
        generations=charts.generations_chart(net.generations, lang),
        list_rows=tuple(format_table(tab.table.head(tab.shown), lang) for tab in page.lists),
    )
