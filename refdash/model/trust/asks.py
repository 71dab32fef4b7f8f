"""Which asks were early, and what early asks cost.

An ask is early when the client was not ready at that moment: asked again within the
cool-off, a promise broken shortly before, known too briefly, or trust below the threshold.
Trust at an ask includes the damage of the earlier early asks, so the asks are labelled by
rank: the first ask of every client at once, then every second ask, and so on.

Units: times in months since the grid's origin; trust in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from refdash.model.portfolio import Portfolio
from refdash.model.trust.grid import Events, Grid, last_before, positions, query_sums
from refdash.model.trust.readiness import REASONS, first_reason
from refdash.model.trust.report import TrustReport
from refdash.model.trust.settings import TrustSettings

#: Groups of clients by their first ask (see :func:`early_ask_cost`).
COST_GROUPS: tuple[str, ...] = ("early", "timely", "never_asked")


@dataclass
class GridSums:
    """Decayed sums of events on the grid, shape (months, clients): promises kept and broken
    (reliability half-life), satisfaction weights and weighted scores (satisfaction
    half-life), complaints (damage half-life, not yet multiplied by the penalty)."""

    kept: np.ndarray
    broken: np.ndarray
    sat_weight: np.ndarray
    sat_sum: np.ndarray
    complaints: np.ndarray


@dataclass
class AskLabels:
    """Per ask (sorted by client, date): ``early``, ``trust`` at the ask, ``reason`` (index
    into :data:`REASONS`, -1 when timely)."""

    early: np.ndarray
    trust: np.ndarray
    reason: np.ndarray


def _trust_before_asks(ev: dict[str, Events], sums: GridSums, sat_score: np.ndarray,
                       start: np.ndarray, grid: Grid, s: TrustSettings) -> np.ndarray:
    """Trust at each ask before the damage of earlier asks (complaints' damage included)."""
    asks = ev["referral_ask"]
    a_pos, a_t = asks.pos, asks.t
    h_r, h_s, h_d = s.reliability_half_life, s.satisfaction_half_life, s.damage_half_life
    a_mk = np.maximum(a_t - start[a_pos], 0.0)
    a_f = 1.0 - np.exp(-a_mk / s.familiarity_months)
    a_k = query_sums(ev["promise_kept"], 1.0, sums.kept, grid, h_r, a_pos, a_t)
    a_b = query_sums(ev["promise_broken"], 1.0, sums.broken, grid, h_r, a_pos, a_t)
    a_sw = query_sums(ev["satisfaction"], 1.0, sums.sat_weight, grid, h_s, a_pos, a_t)
    a_ss = query_sums(ev["satisfaction"], sat_score, sums.sat_sum, grid, h_s, a_pos, a_t)
    a_c = query_sums(ev["complaint"], 1.0, sums.complaints, grid, h_d, a_pos, a_t)
    a_r = (s.prior_kept + a_k) / (s.prior_kept + s.prior_broken + a_k + a_b)
    a_s = np.where(a_sw > 0, a_ss / np.where(a_sw > 0, a_sw, 1.0), s.neutral_satisfaction)
    return a_f * (s.weight_reliability * a_r + s.weight_satisfaction * a_s) \
        - s.complaint_penalty * a_c


def _static_conditions(ev: dict[str, Events], start: np.ndarray, grid: Grid,
                       s: TrustSettings) -> tuple[list[np.ndarray], np.ndarray]:
    """The conditions that do not depend on earlier asks' damage (asked recently, broken
    promise, too new; each True where it fails), and which asks are each client's first."""
    asks = ev["referral_ask"]
    a_pos, a_t = asks.pos, asks.t
    na = len(a_t)
    first = np.ones(na, dtype=bool)
    if na > 1:
        first[1:] = a_pos[1:] != a_pos[:-1]
    gap = np.full(na, np.inf)
    if na > 1:
        gap[1:] = np.where(first[1:], np.inf, a_t[1:] - a_t[:-1])
    a_lb = last_before(ev["promise_broken"], grid, a_pos, a_t)
    conditions = [
        gap < s.ask_cooloff_months,
        a_t - a_lb < s.broken_promise_months,
        np.maximum(a_t - start[a_pos], 0.0) < s.min_months_known,
    ]
    return conditions, first


def label_asks(ev: dict[str, Events], sums: GridSums, sat_score: np.ndarray,
               start: np.ndarray, grid: Grid, s: TrustSettings) -> AskLabels:
    """Label every ask early or timely, by rank (an early ask's damage lowers trust at the
    client's later asks; it halves every ``damage_half_life`` months)."""
    a_t = ev["referral_ask"].t
    na = len(a_t)
    a_base = _trust_before_asks(ev, sums, sat_score, start, grid, s)
    conditions, first = _static_conditions(ev, start, grid, s)
    static_ok = ~(conditions[0] | conditions[1] | conditions[2])
    rank = np.arange(na) - np.maximum.accumulate(np.where(first, np.arange(na), 0)) \
        if na else np.zeros(0, dtype=np.int64)
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(int(rank.max()) + 2 if na else 1))
    early = np.zeros(na, dtype=bool)
    early_damage = np.zeros(na)
    a_trust = np.zeros(na)
    for r in range(len(bounds) - 1):
        idx = by_rank[bounds[r]:bounds[r + 1]]
        if r > 0:
            prev = idx - 1
            early_damage[idx] = (early_damage[prev] + s.early_ask_penalty * early[prev]) \
                * np.exp2(-(a_t[idx] - a_t[prev]) / s.damage_half_life)
        a_trust[idx] = np.clip(a_base[idx] - early_damage[idx], 0.0, 1.0)
        early[idx] = ~(static_ok[idx] & (a_trust[idx] >= s.threshold))
    codes = [REASONS.index(r) for r in ("asked_recently", "broken_promise", "too_new",
                                        "low_trust")]
    reason = first_reason([*conditions, a_trust < s.threshold], codes, na)
    return AskLabels(early=early, trust=a_trust, reason=reason)


# --------------------------------------------------------------------------- the cost


def _first_ask_group(asks: pd.DataFrame, client_ids: pd.Series | pd.Index) -> np.ndarray:
    """Per id given, the index in :data:`COST_GROUPS`: ``early`` or ``timely`` by the client's
    first ask, ``never_asked`` when there is none."""
    first = asks.drop_duplicates("client_id", keep="first")
    code = np.where(first["early"].to_numpy(bool), 0, 1)
    pos = positions(first["client_id"].to_numpy(np.int64),
                    pd.Index(client_ids).to_numpy(np.int64))
    return np.where(pos >= 0, code[np.maximum(pos, 0)] if len(code) else 2, 2)


def early_ask_cost(
    report: TrustReport, client_ids: pd.Index | np.ndarray | None = None, min_clients: int = 5,
) -> pd.DataFrame:
    """Average trust by whole months since the start, for clients whose first ask was early,
    those first asked when ready, and those never asked (``group``: ``early``, ``timely``,
    ``never_asked``); columns ``group``, ``months_since_start``, ``trust`` (mean), ``clients``.
    Points with fewer than ``min_clients`` clients are left out."""
    traj = report.trajectory
    asks = report.asks
    if client_ids is not None:
        keep_ids = pd.Index(client_ids)
        traj = traj[traj["client_id"].isin(keep_ids)]
        asks = asks[asks["client_id"].isin(keep_ids)]
    group = _first_ask_group(asks, traj["client_id"])
    month = np.floor(traj["months_known"].to_numpy()).astype(np.int64)
    width = int(month.max()) + 1 if len(month) else 1
    key = group * width + month
    size = len(COST_GROUPS) * width
    clients = np.bincount(key, minlength=size)
    total = np.bincount(key, weights=traj["trust"].to_numpy(), minlength=size)
    keep = clients >= max(min_clients, 1)
    cells = np.flatnonzero(keep)
    return pd.DataFrame({
        "group": np.asarray(COST_GROUPS, dtype=object)[cells // width],
        "months_since_start": cells % width,
        "trust": total[cells] / clients[cells],
        "clients": clients[cells],
    })


def early_ask_outcomes(report: TrustReport, p: Portfolio) -> pd.DataFrame:
    """What happened to clients by the kind of their first ask (same groups as
    :func:`early_ask_cost`): ``clients``, ``lost_share`` (share lost by ``as_of``),
    ``referrals_per_year`` (referrals they gave per year known), ``trust_now`` (mean)."""
    status = report.status.reindex(p.clients["id"])
    asks = report.asks[report.asks["client_id"].isin(p.clients["id"])]
    group = np.asarray(COST_GROUPS, dtype=object)[_first_ask_group(asks, status.index)]
    refs = p.referrals["client_id"].value_counts().reindex(status.index, fill_value=0)
    frame = pd.DataFrame({
        "group": group,
        "lost": status["lost"].to_numpy(bool),
        "referrals": refs.to_numpy(float),
        "years": status["months_known"].to_numpy(float) / 12.0,
        "trust": status["trust"].to_numpy(float),
    })
    out = frame.groupby("group").agg(
        clients=("lost", "size"), lost_share=("lost", "mean"), referrals=("referrals", "sum"),
        years=("years", "sum"), trust_now=("trust", "mean"),
    )
    out["referrals_per_year"] = out["referrals"] / out["years"].where(out["years"] > 0)
    order = [g for g in COST_GROUPS if g in out.index]
    return out.loc[order, ["clients", "lost_share", "referrals_per_year", "trust_now"]]
