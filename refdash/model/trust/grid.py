"""The monthly grid and decayed sums of events on it, vectorised over clients.

A decayed sum adds each event's weight times ``2^(-age / half_life)``. On the grid it is a
loop over months (vectorised over clients); at arbitrary instants (the asks) it is the grid
value before the instant, decayed, plus the events since, found by binary search.

Units: times in months since the grid's origin (its first point).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def month_grid(as_of: pd.Timestamp, earliest: pd.Timestamp) -> pd.DatetimeIndex:
    """The monthly points of the trajectories: ``as_of`` and whole calendar months before it,
    back to the first point on or before ``earliest`` (oldest first)."""
    as_of = pd.Timestamp(as_of).normalize().as_unit("ns")
    earliest = min(pd.Timestamp(earliest).normalize(), as_of)
    back = (as_of.year - earliest.year) * 12 + (as_of.month - earliest.month)
    if as_of - pd.DateOffset(months=back) > earliest:
        back += 1
    return pd.DatetimeIndex(
        [as_of - pd.DateOffset(months=k) for k in range(back, -1, -1)]
    ).as_unit("ns")


class Events:
    """Events of one kind, sorted by (client position, time), with what the sums need."""

    def __init__(self, pos: np.ndarray, t: np.ndarray, grid: Grid,
                 key: np.ndarray | None = None, bin_: np.ndarray | None = None) -> None:
        self.pos = pos
        self.t = t
        self.key = pos * grid.width + t if key is None else key
        self.bin = np.searchsorted(grid.g, t, side="left") if bin_ is None else bin_

    def __len__(self) -> int:
        return len(self.t)


@dataclass
class Grid:
    g: np.ndarray          # grid points, months since origin (oldest first)
    dates: pd.DatetimeIndex
    n: int                 # clients
    width: float           # key stride: pos * width + t is sorted like (pos, t)

    @property
    def m(self) -> int:
        return len(self.g)

    @property
    def ref(self) -> np.ndarray:
        """Per bin, the grid point before it (bin 0: one month before the first point)."""
        return np.concatenate(([self.g[0] - 1.0], self.g[:-1]))


def grid_sums(ev: Events, w: np.ndarray | float, grid: Grid, half_life: float) -> np.ndarray:
    """``G[j, c] = sum of w * 2^(-(g_j - t) / half_life)`` over the events of client ``c`` at
    or before ``g_j``; shape (months, clients). A loop over months, vectorised over clients."""
    m, n = grid.m, grid.n
    weights = np.broadcast_to(np.asarray(w, dtype=float), ev.t.shape)
    if len(ev) == 0:
        return np.zeros((m, n))
    contrib = weights * np.exp2(-(grid.g[ev.bin] - ev.t) / half_life)
    out = np.bincount(ev.bin * n + ev.pos, weights=contrib, minlength=m * n).reshape(m, n)
    decay = np.exp2(-np.diff(grid.g) / half_life)
    for j in range(1, m):
        out[j] += out[j - 1] * decay[j - 1]
    return out


def query_sums(
    ev: Events, w: np.ndarray | float, sums: np.ndarray, grid: Grid, half_life: float,
    q_pos: np.ndarray, q_t: np.ndarray,
) -> np.ndarray:
    """The same decayed sums at arbitrary instants ``q_t`` of clients ``q_pos`` (events at the
    same instant included): the grid value before the instant, decayed, plus the events
    between that grid point and the instant, found by binary search."""
    if len(q_t) == 0:
        return np.zeros(0)
    jq = np.searchsorted(grid.g, q_t, side="left")
    ref = grid.ref
    prev = np.maximum(jq - 1, 0)
    base = np.where(jq > 0, sums[prev, q_pos] * np.exp2(-(q_t - ref[jq]) / half_life), 0.0)
    if len(ev) == 0:
        return base
    weights = np.broadcast_to(np.asarray(w, dtype=float), ev.t.shape)
    # Scaled to the start of each event's own month, so exponents stay within one month.
    v = weights * np.exp2((ev.t - ref[ev.bin]) / half_life)
    cs = np.concatenate(([0.0], np.cumsum(v)))
    lo = np.searchsorted(ev.key, q_pos * grid.width + ref[jq], side="right")
    hi = np.searchsorted(ev.key, q_pos * grid.width + q_t, side="right")
    partial = (cs[hi] - cs[lo]) * np.exp2(-(q_t - ref[jq]) / half_life)
    return base + np.maximum(partial, 0.0)


def last_before(ev: Events, grid: Grid, q_pos: np.ndarray, q_t: np.ndarray) -> np.ndarray:
    """Time of each client's last event at or before ``q_t`` (``-inf`` when none)."""
    if len(ev) == 0:
        return np.full(len(q_t), -np.inf)
    idx = np.searchsorted(ev.key, q_pos * grid.width + q_t, side="right") - 1
    safe = np.maximum(idx, 0)
    found = (idx >= 0) & (ev.pos[safe] == q_pos)
    return np.where(found, ev.t[safe], -np.inf)


def grid_last(ev: Events, grid: Grid) -> np.ndarray:
    """Time of each client's last event at or before each grid point; shape (months, clients)."""
    flat = np.full(grid.m * grid.n, -np.inf)
    if len(ev):
        np.maximum.at(flat, ev.bin * grid.n + ev.pos, ev.t)
    out = flat.reshape(grid.m, grid.n)
    np.maximum.accumulate(out, axis=0, out=out)
    return out


def positions(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Position of each wanted id in ``ids`` (-1 when absent), by binary search."""
    if len(ids) == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    sorter = None if np.all(ids[1:] > ids[:-1]) else np.argsort(ids, kind="stable")
    idx = np.searchsorted(ids, wanted, sorter=sorter)
    idx = np.minimum(idx, len(ids) - 1)
    pos = idx if sorter is None else sorter[idx]
    return np.where(ids[pos] == wanted, pos, -1)

