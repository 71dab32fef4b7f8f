"""The portfolio as frames, the owner filter, and who is active at a date (the home page's
figures are presented by :mod:`refdash.views.portfolio`)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

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
    #: Where the frames were read and the read cache's key they are kept under (see
    #: ``store.PortfolioTables.read_key``), so that what is computed from the whole store
    #: can be kept beside it too (:mod:`refdash.model.kept`); None otherwise, and for a
    #: portfolio narrowed to some owners.
    read_stamp: tuple[str, str] | None = None

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
            read_stamp=None,  # not the store's whole content
            clients=clients,
            events=self.events[self.events["client_id"].isin(ids)],
            referrals=self.referrals[self.referrals["client_id"].isin(ids)],
        )

    @cached_property
    def lost_date(self) -> pd.Series:
        """First ``lost`` event of each client (NaT for clients never lost), indexed by id.
        Made once per portfolio (the home page's figures ask for it at two dates); the
        portfolio's frames are never written, so it stays true."""
        ev = self.events[["client_id", "date"]][self.events["kind"].eq("lost").to_numpy(bool)]
        lost = ev.groupby("client_id")["date"].min()
        return lost.reindex(self.clients["id"]).rename("lost_date")


def kind_codes(kinds: pd.Series, names: Sequence[str]) -> np.ndarray:
    """The index in ``names`` of each event kind of ``kinds`` (-1: not among them, or
    missing), as int64. A hash lookup in Arrow for the store's text columns (2.3 M events:
    ~0.1 s, where ``pd.factorize`` of the Arrow strings takes ~0.3 s)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(kinds) == 0:
        return np.zeros(0, dtype=np.int64)
    try:
        codes = pc.index_in(pa.array(kinds), value_set=pa.array(list(names), pa.string()))
        return np.asarray(codes.fill_null(-1).to_numpy(), dtype=np.int64)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        # Not text (a categorical, numbers, every value missing): pandas finds them.
        return pd.Index(list(names), dtype=object).get_indexer(
            pd.Series(kinds).astype(object)).astype(np.int64)


def analysis_date() -> pd.Timestamp:
    """The analysis date: today, or ``$REFDASH_AS_OF`` (for reproducible screenshots/tests)."""
    return pd.Timestamp(os.environ.get("REFDASH_AS_OF") or pd.Timestamp.today()).normalize()


def load(path: str | os.PathLike[str], as_of: object = None) -> Portfolio:
    """Read the store at ``path`` into a :class:`Portfolio` (``as_of`` default: today).

    The three tables and the meta come from one read transaction, so the frames agree with
    each other even while an import writes."""
    tables = store.read_portfolio(path)
    return Portfolio(
        clients=tables.clients,
        events=tables.events,
        referrals=tables.referrals,
        as_of=pd.Timestamp(as_of if as_of is not None else pd.Timestamp.today()).normalize(),
        is_demo=tables.meta.get("demo") == "1",
        read_stamp=None if tables.read_key is None else (str(path), tables.read_key),
    )


def active_count(p: Portfolio, at: pd.Timestamp) -> int:
    """Clients who had started and were not lost at date ``at``."""
    lost = p.lost_date.to_numpy()
    start = p.clients["start_date"].to_numpy()
    at64 = np.datetime64(pd.Timestamp(at))
    return int(((start <= at64) & ~(lost <= at64)).sum())
