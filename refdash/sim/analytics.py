"""What the runs mean: the naive branching expectation, bands, the effective reproduction
number, doubling times, the Bass fit, sphere reach, a drawable cascade, and :func:`explore`
(everything the Simulator page shows for one scenario, cached)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize

from refdash.sim.engine import Runs, compare
from refdash.sim.network import Network, build_network, clustering_coefficient, network_for
from refdash.sim.scenario import POLICIES, Scenario
from refdash.sim.streams import mean_names, ready_delay_pmf


def branching_expectation(s: Scenario, policy: str = "patient") -> np.ndarray:
    """Expected active clients at the end of each month 0..horizon on an *infinite* market
    where every named person is new (no overlap, no saturation): the mean of the
    multi-type, age-structured branching process the simulator reduces to when penetration is
    tiny. This is the honest form of "each client brings new prospects, it is exponential",
    drawn beside the simulation as the naive curve.

    Solved exactly by the renewal equation over months (the same step order, readiness
    distribution, ask schedule and churn as :func:`simulate`). Only the ``patient`` and
    ``never`` policies are covered: an eager ask changes a client's future at random, which
    the mean of a branching process does not follow in closed form.
    """
    if policy not in ("patient", "never"):
        raise ValueError(f"policy must be 'patient' or 'never' here, got {policy!r}")
    H, rest = s.horizon, s.ask_rest
    pmf = ready_delay_pmf(s.time_to_trust)
    d = np.arange(len(pmf))
    lam = np.array([s.advocate_rate, 0.0, 0.0])
    pi = np.array([s.advocate_ask_success, s.ask_success, 0.0]) if policy == "patient" else np.zeros(3)
    yield_per_event = s.conversion * mean_names(s.names_per_referral)
    h_direct, h_ref = s.churn, s.churn_referred

    def events(age_from_ready: np.ndarray, first_ask_from_ready: np.ndarray | int = 0) -> np.ndarray:
        """Expected referral events in a month, for a client ``age_from_ready`` months past
        readiness (negative: not yet ready), the first ask ``first_ask_from_ready`` months
        after readiness."""
        ready = age_from_ready >= 0
        since_first = age_from_ready - first_ask_from_ready
        asked = (since_first >= 0) & (since_first % rest == 0)
        return ready * (s.shares @ lam) + asked * (s.shares @ pi)

    # Offspring kernel of a client born (signed) at month 0: expected clients won from the
    # referrals it makes at age a (they sign sales_lag months later).
    a = np.arange(H + 1)
    per_delay = events(a[:, None] - d[None, :])                     # (age, delay)
    kernel = (1 - h_ref) ** a * (per_delay @ pmf) * yield_per_event

    # Today's clients: age a0 uniform on 0..start_age_max, first ask staggered over 1..rest.
    a0 = np.arange(s.start_age_max + 1)
    o = np.arange(1, rest + 1)
    t = np.arange(1, H + 1)
    ready_at = -a0[:, None] + d[None, :]                              # (a0, d)
    first_ask = np.maximum(ready_at[:, :, None], o[None, None, :])    # (a0, d, o)
    grid = events(t[:, None, None, None] - ready_at[None, :, :, None],
                  first_ask[None] - ready_at[None, :, :, None])       # (t, a0, d, o)
    weights = (np.full(len(a0), 1 / len(a0))[:, None, None] * pmf[None, :, None]
               * np.full(rest, 1 / rest)[None, None, :])
    per_start = np.tensordot(grid, weights, axes=3)                   # (t,)
    mix = s.start_referred_share
    surv0 = mix * (1 - h_ref) ** (t - 1) + (1 - mix) * (1 - h_direct) ** (t - 1)
    start_offspring = s.start_clients * surv0 * per_start * yield_per_event  # named at t

    births = np.zeros(H + 1)
    for month in range(1, H + 1):  # the renewal equation, a loop over months
        named_at = month - s.sales_lag
        if named_at < 1:
            continue
        b = np.arange(1, named_at + 1)
        births[month] = start_offspring[named_at - 1] + births[b] @ kernel[named_at - b]
    months = np.arange(H + 1)
    start_alive = s.start_clients * (mix * (1 - h_ref) ** months + (1 - mix) * (1 - h_direct) ** months)
    survival = np.where(months[:, None] >= months[None, :],
                        (1 - h_ref) ** np.clip(months[:, None] - months[None, :] + 1, 0, None), 0.0)
    return start_alive + survival @ births


# ------------------------------------------------------------------------ what it means


def band(values: np.ndarray, low: float = 0.10, high: float = 0.90) -> pd.DataFrame:
    """Median and a ``low``..``high`` quantile band over runs, per month, of an array of shape
    (runs, months)."""
    q = np.quantile(values, [low, 0.5, high], axis=0)
    return pd.DataFrame({"month": np.arange(values.shape[1]), "low": q[0], "median": q[1],
                         "high": q[2]})


def effective_r(runs: Runs) -> np.ndarray:
    """Effective referral reproduction number per month (NaN for month 0 or when nobody can
    churn): clients won by the referrals made this month, divided by the clients churn is
    expected to take this month. It equals "referral clients per active client per month"
    times "mean client lifetime in months", so above 1 referral outgrows churn and below 1 the
    base shrinks (early asks aside). Pooled over runs (a ratio of means)."""
    won = runs.won.sum(axis=0).astype(float)
    hazard = runs.hazard.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(hazard > 0, won / hazard, np.nan)
    r[0] = np.nan
    return r


def doubling_times(active: np.ndarray, window: int = 12) -> np.ndarray:
    """Doubling time in months over each trailing ``window`` of a path of active clients
    (month ``t`` uses months ``t - window .. t``): ``window * ln 2 / ln(A_t / A_{t-window})``;
    ``inf`` when the base did not grow, NaN before the first full window."""
    a = np.asarray(active, dtype=float)
    out = np.full(len(a), np.nan)
    if len(a) <= window:
        return out
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log(a[window:] / a[:-window])
        out[window:] = np.where(ratio > 0, window * np.log(2) / ratio, np.inf)
    return out


@dataclass(frozen=True)
class BassFit:
    """The Bass diffusion curve fitted to the simulated cumulative adoption:
    ``dN/dt = (p + q N / m) (m - N)`` with ``N(0)`` = today's clients, monthly ``p``
    (innovation: adoption from outside the network) and ``q`` (imitation: word of mouth),
    ``m`` the potential adopters. ``fitted`` is ``N(t)`` for months 0..horizon."""

    p: float
    q: float
    m: float
    rmse: float
    fitted: np.ndarray


def bass_curve(t: np.ndarray, p: float, q: float, m: float, n0: float) -> np.ndarray:
    """Closed-form solution of the Bass equation with ``N(0) = n0`` (t in months)."""
    x0 = min(n0 / m, 1 - 1e-12)
    a = (p + q * x0) / (1 - x0)
    e = np.exp((p + q) * np.asarray(t, dtype=float))
    return m * (a * e - p) / (a * e + q)


def fit_bass(cumulative: np.ndarray, market: int) -> BassFit | None:
    """Least-squares Bass fit of a cumulative adoption path (months 0..H); ``None`` when the
    path does not grow (there is nothing to fit)."""
    y = np.asarray(cumulative, dtype=float)
    t = np.arange(len(y))
    n0 = y[0]
    if len(y) < 4 or y[-1] <= n0:
        return None

    def curve(tt: np.ndarray, p: float, q: float, m: float) -> np.ndarray:
        return bass_curve(tt, p, q, m, n0)

    top = float(max(market, y[-1] + 1))
    guess = (1e-4, 0.05, min(top, max(2 * y[-1], y[-1] + 1)))
    try:
        (p, q, m), _ = optimize.curve_fit(curve, t, y, p0=guess,
                                          bounds=([0.0, 0.0, y[-1]], [1.0, 5.0, top]),
                                          max_nfev=2000)
    except (RuntimeError, ValueError):
        return None
    fitted = curve(t, p, q, m)
    return BassFit(p=float(p), q=float(q), m=float(m),
                   rmse=float(np.sqrt(np.mean((fitted - y) ** 2))), fitted=fitted)


def sphere_reach(cascade: pd.DataFrame, net: Network, horizon: int) -> pd.DataFrame:
    """The French claim checked on one run: "each new client is ``sphere`` new prospects".

    Per month 0..horizon: ``clients`` who ever signed by then, ``claimed`` = sphere x clients
    (the claim), ``prospects`` = distinct people who know at least one of those clients and
    are not clients themselves (what the network gives)."""
    joined = np.maximum(cascade["joined"].to_numpy(dtype=np.int64), 0)
    person = cascade["person"].to_numpy(dtype=np.int64)
    months = np.arange(horizon + 1)
    rows = net.rows(person)                                # (clients, sphere)
    flat = rows.reshape(-1).astype(np.int64)
    when = np.repeat(joined, net.sphere)
    order = np.lexsort((when, flat))
    flat, when = flat[order], when[order]
    first = np.ones(len(flat), bool)
    first[1:] = flat[1:] != flat[:-1]
    people, first_seen = flat[first], when[first]
    # a known person who is a client stops being a prospect from the month they sign
    client_join = pd.Series(joined, index=person)
    signed = client_join.reindex(people).to_numpy(dtype=float)
    signed = np.where(np.isnan(signed), np.inf, signed)
    seen = np.bincount(first_seen, minlength=horizon + 1)[: horizon + 1].cumsum()
    is_client = np.isfinite(signed)
    turned = np.maximum(first_seen[is_client], signed[is_client]).astype(np.int64)
    lost = np.bincount(turned, minlength=horizon + 1)[: horizon + 1].cumsum()
    clients = np.bincount(joined, minlength=horizon + 1)[: horizon + 1].cumsum()
    return pd.DataFrame({"month": months, "clients": clients, "claimed": clients * net.sphere,
                         "prospects": seen - lost})


def claim_against_referrals(r: Runs, s: Scenario) -> pd.DataFrame:
    """The French claim as the text states it, against the simulation (medians of the runs).

    Per month 0..horizon, cumulative from today: ``clients`` won by referral; ``claimed`` =
    sphere x those clients (the list if each new client brought ``sphere`` new prospects);
    ``named`` = people the referrals actually named who were new (not already a client, a
    former client or approached); ``wasted`` = names already reached; ``claimed_clients`` =
    the clients the claimed list would give at the scenario's conversion (people)."""
    clients = np.median(np.cumsum(r.new_clients, axis=1), axis=0)
    named = np.median(np.cumsum(r.named - r.wasted, axis=1), axis=0)
    wasted = np.median(np.cumsum(r.wasted, axis=1), axis=0)
    claimed = clients * s.sphere
    return pd.DataFrame({"month": np.arange(s.horizon + 1), "clients": clients,
                         "claimed": claimed, "named": named, "wasted": wasted,
                         "claimed_clients": claimed * s.conversion})


def cascade_sample(cascade: pd.DataFrame, max_nodes: int = 300) -> pd.DataFrame:
    """A drawable piece of one run's referral cascade: whole lineages (a starting client and
    everyone its referrals brought, generation after generation) that brought at least one
    client, largest first, up to ``max_nodes`` clients (a lone starting client when no lineage
    grew). Adds ``x`` (month joined, 0 for today's clients), ``y`` (a row per
    client, lineages kept together) and the referrer's ``parent_x``/``parent_y``."""
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, got {max_nodes!r}")
    if cascade.empty:
        return cascade.assign(x=[], y=[], parent_x=[], parent_y=[])
    size = cascade.groupby("root")["client"].transform("size")
    roots = (cascade.assign(size=size).drop_duplicates("root")
             .sort_values(["size", "root"], ascending=[False, True]))
    keep_roots = roots["root"][(roots["size"].cumsum() <= max_nodes) & (roots["size"] > 1)]
    if keep_roots.empty:
        keep_roots = roots["root"].iloc[:1]
    rank = pd.Series(np.arange(len(keep_roots)), index=keep_roots.to_numpy())
    part = cascade[cascade["root"].isin(keep_roots)].copy()
    part["root_rank"] = rank.reindex(part["root"]).to_numpy()
    part = part.sort_values(["root_rank", "joined", "client"]).head(max_nodes).reset_index(drop=True)
    part["x"] = np.maximum(part["joined"], 0)
    part["y"] = np.arange(len(part))
    where = pd.Series(part.index, index=part["client"])
    pos = where.reindex(part["referrer"]).to_numpy()
    has = ~np.isnan(pos.astype(float))
    part["parent_x"] = np.where(has, part["x"].to_numpy()[np.where(has, pos, 0).astype(int)], np.nan)
    part["parent_y"] = np.where(has, part["y"].to_numpy()[np.where(has, pos, 0).astype(int)], np.nan)
    return part.drop(columns="root_rank")


@lru_cache(maxsize=4)
def _clustering_of(market: int, sphere: int, clustering: float, seed: int) -> float:
    return clustering_coefficient(build_network(market, sphere, clustering, seed), sample=60)


@dataclass(frozen=True, eq=False)
class Exploration:
    """Everything the Simulator page shows for one scenario (see :func:`explore`)."""

    scenario: Scenario
    runs: dict[str, Runs]
    naive: np.ndarray                 #: branching expectation, patient policy (clients/month)
    measured_clustering: float        #: clustering coefficient of the sampled network
    kpis: pd.DataFrame                #: one row per policy
    monthly: pd.DataFrame             #: one row per policy and month (the CSV download)
    patience: pd.DataFrame            #: paired gaps at the horizon (patient - eager, ...)
    network: Network
    _views: dict = field(default_factory=dict, repr=False)

    def _view(self, kind: str, policy: str, make: Any) -> Any:
        if policy not in POLICIES:
            raise ValueError(f"policy must be one of {POLICIES}, got {policy!r}")
        if (kind, policy) not in self._views:
            self._views[(kind, policy)] = make()
        return self._views[(kind, policy)]

    def bass(self, policy: str) -> BassFit | None:
        """:func:`fit_bass` of the policy's median cumulative adoption (computed once)."""
        def make() -> BassFit | None:
            r = self.runs[policy]
            cumulative = r.active[:, :1] + np.cumsum(r.new_clients, axis=1)
            return fit_bass(np.median(cumulative, axis=0), self.scenario.market)
        return self._view("bass", policy, make)

    def sphere(self, policy: str) -> pd.DataFrame:
        """:func:`sphere_reach` of the policy's run 0 (computed once)."""
        return self._view("sphere", policy, lambda: sphere_reach(
            self.runs[policy].cascade, self.network, self.scenario.horizon))

    def claim(self, policy: str) -> pd.DataFrame:
        """:func:`claim_against_referrals` of the policy's runs (computed once)."""
        return self._view("claim", policy, lambda: claim_against_referrals(
            self.runs[policy], self.scenario))

    def cascade(self, policy: str) -> pd.DataFrame:
        """:func:`cascade_sample` of the policy's run 0 (computed once)."""
        return self._view("cascade", policy, lambda: cascade_sample(self.runs[policy].cascade))



def _policy_kpis(s: Scenario, r: Runs) -> dict[str, float]:
    h = s.horizon
    active = r.active[:, h]
    named = r.named.sum(axis=1)
    wasted = r.wasted.sum(axis=1)
    reff = effective_r(r)
    median_path = np.median(r.active, axis=0)
    dt = doubling_times(median_path, window=min(12, h))
    tail = reff[max(1, h - 5):]
    return {
        "clients": float(np.median(active)),
        "clients_low": float(np.quantile(active, 0.1)),
        "clients_high": float(np.quantile(active, 0.9)),
        "growth": float(np.median(active) - s.start_clients),
        "named": float(np.median(named)),
        "wasted": float(np.median(wasted)),
        "wasted_share": float(wasted.sum() / named.sum()) if named.sum() else float("nan"),
        "burned": float(np.median(r.burned.sum(axis=1))),
        "burned_lost": float(np.median(r.burned_lost.sum(axis=1))),
        "burned_never": float(np.median(r.burned_never.sum(axis=1))),
        "penetration": float(np.median(active) / s.market),
        "reached_share": float(np.median(r.reached[:, h]) / s.market),
        "r_eff_start": float(np.nanmean(reff[1: min(h, 6) + 1])) if h >= 1 else float("nan"),
        "r_eff_end": float(np.nanmean(tail)) if np.isfinite(tail).any() else float("nan"),
        "doubling_first": float(dt[min(12, h)]) if h >= 1 else float("nan"),
        "doubling_last": float(dt[h]) if h >= 1 else float("nan"),
    }


def _paired(s: Scenario, a: Runs, b: Runs) -> dict[str, float | str]:
    """Policy ``a`` against ``b`` at the horizon, paired by run (common random numbers): the
    gap in active clients (median and 10-90 % band) and how often ``a`` is ahead or behind."""
    gap = a.active[:, s.horizon].astype(float) - b.active[:, s.horizon]
    return {"a": a.policy, "b": b.policy, "median": float(np.median(gap)),
            "low": float(np.quantile(gap, 0.1)), "high": float(np.quantile(gap, 0.9)),
            "share_ahead": float(np.mean(gap > 0)), "share_behind": float(np.mean(gap < 0))}


def explore(s: Scenario) -> Exploration:
    """Simulate the three policies for ``s`` and derive what the page shows. Cached by the
    scenario (the last few), so redrawing with another chart option costs nothing."""
    if not isinstance(s, Scenario):
        raise TypeError(f"s must be a Scenario, got {type(s).__name__}")
    return _explore(s)


@lru_cache(maxsize=6)
def _explore(s: Scenario) -> Exploration:
    net = network_for(s)
    runs = compare(s, net)
    naive = branching_expectation(s, "patient")
    kpis = pd.DataFrame({p: _policy_kpis(s, r) for p, r in runs.items()}).T
    kpis.index.name = "policy"
    months = np.arange(s.horizon + 1)
    frames = []
    for p, r in runs.items():
        b = band(r.active)
        frames.append(pd.DataFrame({
            "policy": p, "month": months, "active_low": b["low"], "active_median": b["median"],
            "active_high": b["high"], "naive": naive,
            "new_clients": r.new_clients.mean(axis=0), "named": r.named.mean(axis=0),
            "wasted": r.wasted.mean(axis=0), "burned": r.burned.mean(axis=0),
            "churned": r.churned.mean(axis=0), "r_eff": effective_r(r),
            "doubling_time": doubling_times(b["median"].to_numpy(), window=min(12, s.horizon)),
            "penetration": b["median"] / s.market,
        }))
    monthly = pd.concat(frames, ignore_index=True)
    patience = pd.DataFrame([_paired(s, runs["patient"], runs["eager"]),
                             _paired(s, runs["patient"], runs["never"]),
                             _paired(s, runs["eager"], runs["never"])])
    return Exploration(
        scenario=s, runs=runs, naive=naive,
        measured_clustering=_clustering_of(s.market, s.sphere, s.clustering, s.seed),
        kpis=kpis, monthly=monthly, patience=patience, network=net,
    )

