"""The portfolio as frames, the owner filter, and the home page's figures."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from refdash.data import store


@dataclass(frozen=True)
class Portfolio:
    """The store's three frames and the analysis date ``as_of`` (the portfolio's "today")."""

    clients: pd.DataFrame
    events: pd.DataFrame
    referrals: pd.DataFrame
    as_of: pd.Timestamp
    is_demo: bool = False

    @property
    def owners(self) -> list[str]:
        return sorted(self.clients["owner"].dropna().unique().tolist())

    def for_owners(self, owners: Sequence[str] | None) -> Portfolio:
        """The clients of ``owners`` with their events and the referrals they made
        (all of them when ``owners`` is empty or None)."""
        if not owners:
            return self
        clients = self.clients[self.clients["owner"].isin(list(owners))]
        ids = clients["id"]
        return replace(
            self,
            clients=clients,
            events=self.events[self.events["client_id"].isin(ids)],
            referrals=self.referrals[self.referrals["client_id"].isin(ids)],
        )

    @property
    def lost_date(self) -> pd.Series:
        """First ``lost`` event of each client (NaT for clients never lost), indexed by id."""
        lost = self.events.loc[self.events["kind"].eq("lost")].groupby("client_id")["date"].min()
        return lost.reindex(self.clients["id"]).rename("lost_date")


def load(path: str | os.PathLike[str], as_of: object = None) -> Portfolio:
    """Read the store at ``path`` into a :class:`Portfolio` (``as_of`` default: today)."""
    meta = store.get_meta(path)
    return Portfolio(
        clients=store.read_clients(path),
        events=store.read_events(path),
        referrals=store.read_referrals(path),
        as_of=pd.Timestamp(as_of if as_of is not None else pd.Timestamp.today()).normalize(),
        is_demo=meta.get("demo") == "1",
    )


def active_count(p: Portfolio, at: pd.Timestamp) -> int:
    """Clients who had started and were not lost at date ``at``."""
    lost = p.lost_date.to_numpy()
    start = p.clients["start_date"].to_numpy()
    at64 = np.datetime64(pd.Timestamp(at))
    return int(((start <= at64) & ~(lost <= at64)).sum())


@dataclass(frozen=True)
class Kpi:
    """A figure now and the same figure one period earlier (None when it has no meaning)."""

    key: str
    value: float
    previous: float | None
    kind: str = "count"  # "count" or "rate" (a share in [0, 1])

    @property
    def delta(self) -> float | None:
        return None if self.previous is None else self.value - self.previous


def _window(dates: pd.Series, end: pd.Timestamp, months: int) -> pd.Series:
    return (dates > end - pd.DateOffset(months=months)) & (dates <= end)


def _conversion(referrals: pd.DataFrame) -> float | None:
    closed = referrals["status"].isin(["converted", "lost"])
    if not closed.any():
        return None
    return float(referrals.loc[closed, "status"].eq("converted").mean())


def kpis(p: Portfolio, months: int = 12) -> list[Kpi]:
    """The home page's headline figures for the last ``months`` months, each with the same
    figure for the ``months`` before (for the deltas).

    Conversion rate: the share of the window's referrals that converted, among those already
    decided (converted or lost; open ones are left out).
    """
    now = p.as_of
    before = now - pd.DateOffset(months=months)
    refs, ev = p.referrals, p.events
    cur_refs = refs[_window(refs["date"], now, months)]
    prev_refs = refs[_window(refs["date"], before, months)]
    asks = ev["kind"].eq("referral_ask")
    conv_now, conv_prev = _conversion(cur_refs), _conversion(prev_refs)
    return [
        Kpi("active_clients", active_count(p, now), active_count(p, before)),
        Kpi("referrals_solicited", int(cur_refs["solicited"].sum()),
            int(prev_refs["solicited"].sum())),
        Kpi("referrals_unsolicited", int((~cur_refs["solicited"]).sum()),
            int((~prev_refs["solicited"]).sum())),
        Kpi("conversion_rate", float("nan") if conv_now is None else conv_now, conv_prev,
            kind="rate"),
        Kpi("asks", int((asks & _window(ev["date"], now, months)).sum()),
            int((asks & _window(ev["date"], before, months)).sum())),
    ]


def new_clients_by_month(p: Portfolio) -> pd.DataFrame:
    """New clients per calendar month and source (``referral`` or ``other``).

    Columns: ``month`` (first day of the month), ``source``, ``clients``; every month from
    the first start to ``as_of`` is present for both sources (zeros included).
    """
    c = p.clients
    if c.empty:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"),
                             "source": pd.Series(dtype=str), "clients": pd.Series(dtype=int)})
    month = c["start_date"].dt.to_period("M")
    source = np.where(c["referred_by"].notna(), "referral", "other")
    counts = pd.crosstab(month, source)
    for col in ("referral", "other"):
        if col not in counts:
            counts[col] = 0
    full = pd.period_range(month.min(), p.as_of.to_period("M"), freq="M")
    counts = counts.reindex(full, fill_value=0)[["other", "referral"]]
    counts.index.name = "month"
    tidy = counts.stack().rename("clients").reset_index().rename(columns={"level_1": "source"})
    tidy.columns = ["month", "source", "clients"]
    tidy["month"] = tidy["month"].dt.to_timestamp()
    tidy["clients"] = tidy["clients"].astype(int)
    return tidy
