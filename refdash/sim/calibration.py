"""Calibration: a scenario set from the portfolio (what the store can tell).

:func:`calibrate` asks one small function per group of knobs (today's clients, churn, the
sales cycle, readiness, asking, the loss an early ask causes, the segments, the market); each
returns the values it could set, and the notes say where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from refdash.errors import RefdashError
from refdash.model import segments, trust
from refdash.model.portfolio import Portfolio, active_count
from refdash.model.trust import TrustSettings
from refdash.sim.scenario import MAX_NAMES, MAX_NETWORK_SLOTS, Scenario
from refdash.units import ANSWER_WINDOW_DAYS, DAYS_PER_MONTH

#: An early ask that loses the client does so within this many days (about 3 months).
EARLY_LOSS_DAYS = 91


def _months(delta: pd.Series | pd.TimedeltaIndex) -> np.ndarray:
    """Durations as model months (floats; NaN for NaT)."""
    return np.asarray(delta / pd.Timedelta(days=1), dtype=float) / DAYS_PER_MONTH


@dataclass(frozen=True)
class _Facts:
    """The portfolio's clients as arrays at ``as_of`` (one entry per row of ``p.clients``)."""

    now: np.datetime64
    start: np.ndarray       #: start dates
    lost: np.ndarray        #: loss dates (NaT when still a client)
    was_lost: np.ndarray    #: lost by ``as_of``
    active: np.ndarray      #: a client at ``as_of``
    referred: np.ndarray    #: came by referral
    exposure: np.ndarray    #: months at risk of leaving (start to loss or ``as_of``)


def _facts(p: Portfolio) -> _Facts:
    clients = p.clients
    now = np.datetime64(pd.Timestamp(p.as_of))
    lost = p.lost_date.to_numpy()
    start = clients["start_date"].to_numpy()
    was_lost = ~pd.isna(lost)
    end = np.where(was_lost, lost, now)
    return _Facts(now=now, start=start, lost=lost, was_lost=was_lost,
                  active=(start <= now) & ~was_lost,
                  referred=clients["referred_by"].notna().to_numpy(),
                  exposure=np.maximum(_months(pd.Series(end - start)), 0.0))


def _today(p: Portfolio, f: _Facts) -> dict[str, Any]:
    """Today's clients: how many, their ages, the share who came by referral, their sphere."""
    values: dict[str, Any] = {"start_clients": max(1, int(active_count(p, p.as_of)))}
    if f.active.any():
        ages = _months(pd.Series(f.now - f.start[f.active]))
        values["start_age_max"] = int(np.clip(round(2 * float(np.mean(ages))), 0, 240))
        values["start_referred_share"] = float(np.mean(f.referred[f.active]))
        values["sphere"] = int(np.clip(np.median(p.clients.loc[f.active, "sphere_size"]), 2, 1000))
    return values


def _churn(f: _Facts) -> dict[str, Any]:
    """Monthly churn from losses per month at risk, referred and other clients apart."""
    values: dict[str, Any] = {}
    for name, mask in (("churn", ~f.referred), ("churn_referred", f.referred)):
        at_risk = f.exposure[mask].sum()
        if at_risk > 0:
            values[name] = float(np.clip(1 - np.exp(-f.was_lost[mask].sum() / at_risk), 0, 1))
    return values


def _sales_cycle(p: Portfolio) -> dict[str, Any]:
    """Conversion of decided referrals and the median months from referral to signature."""
    values: dict[str, Any] = {}
    refs = p.referrals
    decided = refs["status"].isin(["converted", "lost"])
    if decided.any():
        values["conversion"] = float(refs.loc[decided, "status"].eq("converted").mean())
    conv = refs.loc[refs["status"].eq("converted") & refs["converted_client_id"].notna()]
    if len(conv):
        signed = p.clients.set_index("id")["start_date"].reindex(
            conv["converted_client_id"].astype("int64")).to_numpy()
        lag = _months(pd.Series(signed - conv["date"].to_numpy()))
        lag = lag[np.isfinite(lag)]
        if len(lag):
            values["sales_lag"] = int(np.clip(round(float(np.median(lag))), 1, 24))
    return values


def _ask_outcomes(p: Portfolio) -> pd.DataFrame:
    """Every ``referral_ask`` with ``success`` (the client gave a solicited referral within
    ``ANSWER_WINDOW_DAYS``) and ``age`` (months since the client's start)."""
    ev = p.events
    asks = ev.loc[ev["kind"].eq("referral_ask"), ["id", "client_id", "date"]]
    asks = asks.rename(columns={"id": "event_id"}).sort_values("date", kind="stable")
    sol = p.referrals.loc[p.referrals["solicited"], ["client_id", "date"]]
    sol = sol.assign(ref_date=sol["date"]).sort_values("date", kind="stable")
    if asks.empty:
        return asks.assign(success=pd.Series(dtype=bool), age=pd.Series(dtype=float))
    merged = pd.merge_asof(asks, sol, on="date", by="client_id", direction="forward",
                           tolerance=pd.Timedelta(days=ANSWER_WINDOW_DAYS))
    start = p.clients.set_index("id")["start_date"].reindex(merged["client_id"]).to_numpy()
    merged["success"] = merged["ref_date"].notna()
    merged["age"] = _months(pd.Series(merged["date"].to_numpy() - start))
    return merged.drop(columns="ref_date")


def _readiness(p: Portfolio, f: _Facts, base: Scenario, trust_settings: TrustSettings | None
               ) -> tuple[dict[str, Any], pd.DataFrame]:
    """The trust model's view: the median months from the sale to first being ready, and the
    asks (:func:`_ask_outcomes`) with ``new`` (made while the client was too new: the trust
    gate's ``too_new`` reason)."""
    asks = _ask_outcomes(p)
    labels = trust.ask_labels(p, trust_settings)
    status = trust.client_status(p, trust_settings)
    reason_of = labels.set_index("event_id")["reason"]
    asks["new"] = asks["event_id"].map(reason_of).eq("too_new").to_numpy()
    first_ready = status["first_ready_date"].reindex(p.clients["id"]).to_numpy()
    to_ready = _months(pd.Series(first_ready - f.start))
    to_ready = to_ready[np.isfinite(to_ready)]
    time_to_trust = float(np.clip(np.median(to_ready), 0, 60)) if len(to_ready) else base.time_to_trust
    return {"time_to_trust": time_to_trust}, asks


def _asking(p: Portfolio, asks: pd.DataFrame) -> dict[str, Any]:
    """People named per successful ask and the median months between two asks to a client."""
    values: dict[str, Any] = {}
    successes = int(asks["success"].sum())
    if successes:
        values["names_per_referral"] = float(np.clip(p.referrals["solicited"].sum() / successes,
                                                     1, MAX_NAMES))
    ordered = asks.sort_values(["client_id", "date"])
    same = ordered["client_id"].eq(ordered["client_id"].shift())
    gaps = _months(ordered["date"].diff()[same])
    if len(gaps):
        values["ask_rest"] = int(np.clip(round(float(np.median(gaps))), 1, 36))
    return values


def _early_loss(p: Portfolio, f: _Facts, early: pd.DataFrame, churn: float) -> dict[str, Any]:
    """The share of early-asked clients lost within 3 months of the first early ask, beyond
    what ordinary (monthly) ``churn`` would take in 3 months."""
    if not len(early):
        return {}
    first_early = early.groupby("client_id")["date"].min()
    lost_at = pd.Series(f.lost, index=p.clients["id"].to_numpy()).reindex(first_early.index)
    soon = (lost_at >= first_early) & (lost_at - first_early <= pd.Timedelta(days=EARLY_LOSS_DAYS))
    churn3 = 1 - (1 - churn) ** 3
    return {"early_lose": float(np.clip(soon.mean() - churn3, 0, 1))}


def _segments(p: Portfolio, trust_settings: TrustSettings | None, early: pd.DataFrame
              ) -> dict[str, Any]:
    """The segment model's shares and per-segment rates, the relative success of an ask made
    to a new client, and how much more likely a never-referrer an early-asked client is."""
    fit = segments.estimate_shares(p, trust_settings)
    row = fit.shares.iloc[0]
    shares = np.clip(np.array([row["advocate"], row["responsive"], row["never"]], float), 0, 1)
    shares = np.round(shares / shares.sum(), 3)
    shares[1] = round(1.0 - shares[0] - shares[2], 3)  # the rounded shares still sum to 1
    rates = fit.rates
    values: dict[str, Any] = {
        "share_advocate": float(shares[0]), "share_responsive": float(shares[1]),
        "share_never": float(shares[2]),
        "advocate_rate": float(np.clip(rates.unsolicited[0], 0, 1)),
        "advocate_ask_success": float(np.clip(rates.ask_success[0], 0, 1)),
        "ask_success": float(np.clip(rates.ask_success[1], 0, 1)),
    }
    if rates.ask_success[1] > 0:
        values["early_success"] = float(np.clip(rates.new_ask_success[1]
                                                / rates.ask_success[1], 0, 1))
    never = fit.posteriors["p_never"]
    hit = never.index.isin(early["client_id"].unique())
    if hit.any() and (~hit).any():
        before = float(never[~hit].mean())
        excess = (float(never[hit].mean()) - before) / max(1.0 - before, 1e-9)
        values["early_never"] = float(np.clip(excess, 0, 1))
    return values


def _market(base: Scenario, start_clients: int, sphere: int) -> int:
    """``base``'s market (the data cannot tell it), grown when it could not hold today's clients
    or one sphere, shrunk when the network would not fit in memory."""
    market = base.market
    if market <= start_clients or market <= sphere:
        market = max(10 * start_clients, 2 * sphere)
    if market * sphere > MAX_NETWORK_SLOTS:
        market = MAX_NETWORK_SLOTS // sphere
    return market


def calibrate(p: Portfolio, base: Scenario | None = None,
              trust_settings: TrustSettings | None = None) -> Scenario:
    """A scenario set from the portfolio ``p`` (what the store can tell), keeping the rest of
    ``base`` (market size, clustering, horizon, runs, seed, the trust an early ask costs).

    - today's clients, their ages and the share who came by referral, their median sphere;
    - churn (losses per month at risk, referred and other clients apart), conversion of
      decided referrals, median sales lag, median gap between two asks, people per referral;
    - readiness: the trust model (:mod:`refdash.model.trust`) says when clients became ready
      and which asks were made to clients still too new;
    - segments: the segment model (:mod:`refdash.model.segments`) gives the shares and each
      segment's rates (unsolicited referrals per ready month, ask success when ready and when
      new) and how much more likely a never-referrer an early-asked client is;
    - an early ask's loss: the share of early-asked clients lost within 3 months of it,
      beyond ordinary churn.

    ``trust_settings`` (default: the trust model's defaults) is the trust gate the user chose
    on the Clients page. ``notes`` lists, as ``sim.note.*`` translation keys, where the values
    came from. Raises ``RefdashError("scenario.no_clients")`` on an empty portfolio.
    """
    if not isinstance(p, Portfolio):
        raise TypeError(f"p must be a Portfolio, got {type(p).__name__}")
    base = base or Scenario()
    if p.clients.empty:
        raise RefdashError("scenario.no_clients")
    f = _facts(p)
    values: dict[str, Any] = {**_today(p, f), **_churn(f), **_sales_cycle(p)}
    readiness, asks = _readiness(p, f, base, trust_settings)
    values.update(readiness)
    # The eager policy asks right after the sale: its costs are those of asks made while the
    # client was still new, not of every ask the trust gate would call early.
    early = asks[asks["new"]]
    values.update(_asking(p, asks))
    values.update(_early_loss(p, f, early, values.get("churn", base.churn)))
    values.update(_segments(p, trust_settings, early))
    notes = ("sim.note.trust_model", "sim.note.segments_model", "sim.note.market_kept")
    values = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in values.items()}
    values["time_to_trust"] = round(values["time_to_trust"], 1)
    market = _market(base, values["start_clients"], values.get("sphere", base.sphere))
    return replace(base, market=market, notes=notes, **values)
