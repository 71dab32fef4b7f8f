"""What the trust model returns: :class:`TrustReport` and the columns of its frames."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from refdash.model.trust.settings import TrustSettings

TRAJECTORY_COLUMNS: tuple[str, ...] = (
    "client_id", "month", "months_known", "familiarity", "reliability", "reliability_low",
    "satisfaction", "damage", "trust", "ready",
)
ASK_COLUMNS: tuple[str, ...] = (
    "event_id", "client_id", "date", "trust", "ready", "early", "reason",
)


class Deferred:
    """A frame made on first use, once (thread-safe: sessions share reports), e.g. the
    trajectories of 100,000 clients (~0.5 s) that only the Clients page reads."""

    def __init__(self, make: Callable[[], pd.DataFrame]) -> None:
        self._make: Callable[[], pd.DataFrame] | None = make
        self._value: pd.DataFrame | None = None
        self._lock = threading.Lock()

    def get(self) -> pd.DataFrame:
        with self._lock:
            if self._value is None:
                assert self._make is not None
                self._value = self._make()
                self._make = None  # what it was made from can go
            return self._value


class _MaybeDeferred:
    """A dataclass field that takes a frame or a :class:`Deferred` and reads as the frame
    (the dataclass's descriptor-typed field: no default, so the field stays required)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_{name}_stored"

    def __get__(self, obj: Any, owner: type | None = None) -> pd.DataFrame:
        if obj is None:
            raise AttributeError("no default")
        value = obj.__dict__[self._slot]
        return value.get() if isinstance(value, Deferred) else value

    def __set__(self, obj: Any, value: pd.DataFrame | Deferred) -> None:
        obj.__dict__[self._slot] = value


def stored_trajectory(report: TrustReport) -> pd.DataFrame | Deferred:
    """The report's trajectory as given (a :class:`Deferred` stays deferred), for a copy
    of the report with other fields that should not make it."""
    value: pd.DataFrame | Deferred = report.__dict__["_trajectory_stored"]
    return value


@dataclass(frozen=True)
class TrustReport:
    """Everything the pages show, for every client of a portfolio (see :func:`analyse`).

    ``trajectory``: :data:`TRAJECTORY_COLUMNS`, sorted by client then month.
    ``asks``: :data:`ASK_COLUMNS`, one row per ``referral_ask`` event, sorted by client, date.
    ``status``: one row per client (indexed by client id), see :func:`client_status`.
    ``trajectory`` may be given as a :class:`Deferred`: it is then made when first read.
    """

    if TYPE_CHECKING:  # a plain required field to type checkers; a descriptor at run time
        trajectory: pd.DataFrame
    else:
        trajectory: pd.DataFrame = _MaybeDeferred()
    asks: pd.DataFrame
    status: pd.DataFrame
    settings: TrustSettings
    as_of: pd.Timestamp
    #: Whether the "not likely a never-referrer" condition is in ``status``.
    never_applied: bool = False

    def client_trajectory(self, client_id: int) -> pd.DataFrame:
        """The rows of one client's trajectory (a binary search: no scan of the portfolio)."""
        ids = self.trajectory["client_id"].to_numpy()
        lo, hi = np.searchsorted(ids, [client_id, client_id + 1])
        return self.trajectory.iloc[lo:hi]

    def client_asks(self, client_id: int) -> pd.DataFrame:
        """The asks of one client (a binary search, as :meth:`client_trajectory`)."""
        ids = self.asks["client_id"].to_numpy()
        lo, hi = np.searchsorted(ids, [client_id, client_id + 1])
        return self.asks.iloc[lo:hi]


def empty_report(settings: TrustSettings, as_of: pd.Timestamp) -> TrustReport:
    """The report of a portfolio without clients: empty frames with the right dtypes."""
    trajectory = pd.DataFrame({
        "client_id": pd.Series(dtype="int64"), "month": pd.Series(dtype="datetime64[ns]"),
        **{c: pd.Series(dtype=float) for c in TRAJECTORY_COLUMNS[2:-1]},
        "ready": pd.Series(dtype=bool),
    })
    asks = pd.DataFrame({
        "event_id": pd.Series(dtype="int64"), "client_id": pd.Series(dtype="int64"),
        "date": pd.Series(dtype="datetime64[ns]"), "trust": pd.Series(dtype=float),
        "ready": pd.Series(dtype=bool), "early": pd.Series(dtype=bool),
        "reason": pd.Series(dtype=object),
    })
    status = empty_status()
    return TrustReport(trajectory, asks, status, settings, as_of)


def empty_status() -> pd.DataFrame:
    """A status frame without rows (the columns of :func:`client_status`)."""
    cols = {
        "trust": float, "trust_change_3m": float, "ready": bool, "reason": object,
        "projected_ready_date": "datetime64[ns]", "months_ready": float,
        "first_ready_date": "datetime64[ns]", "last_ask_date": "datetime64[ns]",
        "last_ask_early": "boolean", "months_known": float, "familiarity": float,
        "reliability": float, "reliability_low": float, "satisfaction": float, "damage": float,
        "last_broken_date": "datetime64[ns]", "lost": bool,
    }
    frame = pd.DataFrame({k: pd.Series(dtype=v) for k, v in cols.items()})
    frame.index = pd.Index([], dtype="int64", name="client_id")
    return frame

