"""The month grid of every client's trust and its parts, for the whole portfolio at once.

:func:`compute` reads the portfolio's events once and leaves a :class:`Core`: decayed sums
on a monthly grid (shape (months, clients)) and the labelled asks. Trust and its parts are
then derived only for the cells asked for (:func:`cells`): every point of every trajectory
(:func:`tidy`), or one point per client for the status (``status.py``).

Units: times in months of ``refdash.units.DAYS_PER_MONTH`` days since the grid's origin;
trust and its parts in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from refdash.model.portfolio import Portfolio, kind_codes
from refdash.model.trust.asks import GridSums, label_asks
from refdash.model.trust.components import beta_quantile, trust_value
from refdash.model.trust.grid import Events, Grid, grid_last, grid_sums, month_grid, positions
from refdash.model.trust.readiness import reason_text
from refdash.model.trust.report import Deferred
from refdash.model.trust.settings import TrustSettings
from refdash.units import NS_PER_MONTH

#: Event kinds the model reads (others, such as meetings, leave trust unchanged).
MODEL_KINDS: tuple[str, ...] = (
    "promise_kept", "promise_broken", "satisfaction", "complaint", "referral_ask", "lost",
)


@dataclass
class Core:
    """What :func:`compute` leaves: decayed sums on the grid (shape (months, clients)), the
    clients' start and loss (months since the origin), and the labelled asks. Trust and its
    parts are derived only for the cells asked for (:func:`cells`)."""

    grid: Grid
    ids: np.ndarray
    start: np.ndarray
    lost: np.ndarray
    kept: np.ndarray
    broken: np.ndarray
    sat_weight: np.ndarray
    sat_sum: np.ndarray
    damage: np.ndarray
    last_broken: np.ndarray
    last_ask: np.ndarray
    promises: np.ndarray      # promises made up to as_of, per client
    asks: pd.DataFrame
    ask_pos: np.ndarray
    ask_early: np.ndarray
    origin_ns: int


@dataclass
class Cells:
    """Trust and its parts at some (month, client) cells of the grid."""

    month: np.ndarray
    client: np.ndarray
    months_known: np.ndarray
    familiarity: np.ndarray
    kept: np.ndarray
    broken: np.ndarray
    reliability: np.ndarray
    satisfaction: np.ndarray
    damage: np.ndarray
    trust: np.ndarray
    valid: np.ndarray
    active: np.ndarray
    ready: np.ndarray


def cells(core: Core, s: TrustSettings, month: np.ndarray, client: np.ndarray) -> Cells:
    """Evaluate the model at grid cells ``(month[i], client[i])``."""
    g = core.grid.g
    flat = month * core.grid.n + client
    at = g[month]
    start, lost = core.start[client], core.lost[client]
    mk = np.maximum(at - start, 0.0)
    familiarity = 1.0 - np.exp(-mk / s.familiarity_months)
    kept, broken = core.kept.ravel()[flat], core.broken.ravel()[flat]
    reliability = (s.prior_kept + kept) / (s.prior_kept + s.prior_broken + kept + broken)
    sat_w, sat_s = core.sat_weight.ravel()[flat], core.sat_sum.ravel()[flat]
    has_sat = sat_w > 0
    satisfaction = np.where(has_sat, sat_s / np.where(has_sat, sat_w, 1.0), s.neutral_satisfaction)
    damage = core.damage.ravel()[flat]
    trust = trust_value(familiarity, reliability, satisfaction, damage, s)
    g_prev = np.where(month > 0, g[np.maximum(month - 1, 0)], -np.inf)
    valid = (at >= start) & (g_prev < lost)
    active = at < lost
    ready = (
        valid & active & (trust >= s.threshold) & (mk >= s.min_months_known)
        & (at - core.last_broken.ravel()[flat] >= s.broken_promise_months)
        & (at - core.last_ask.ravel()[flat] >= s.ask_cooloff_months)
    )
    return Cells(month, client, mk, familiarity, kept, broken, reliability, satisfaction,
                  damage, trust, valid, active, ready)


def valid_cells(core: Core) -> tuple[np.ndarray, np.ndarray]:
    """(month, client) of every point of every trajectory, client-major: from the first grid
    point on or after the start to the first one on or after the loss (or as_of)."""
    g, m = core.grid.g, core.grid.m
    first = np.searchsorted(g, core.start, side="left")
    last = np.minimum(np.searchsorted(g, core.lost, side="left"), m - 1)
    counts = np.maximum(last - first + 1, 0)
    client = np.repeat(np.arange(core.grid.n), counts)
    offsets = np.cumsum(counts) - counts
    month = first[client] + (np.arange(len(client)) - offsets[client])
    return month, client



# --------------------------------------------------------------------------- compute


@dataclass
class _Rows:
    """The events the model reads, up to as_of, of clients in the portfolio, sorted by
    client position, date, id: position, date (ns), index in :data:`MODEL_KINDS`, id, score."""

    pos: np.ndarray
    ns: np.ndarray
    kind: np.ndarray
    id: np.ndarray
    score: np.ndarray

    def take(self, idx: np.ndarray) -> _Rows:
        return _Rows(self.pos[idx], self.ns[idx], self.kind[idx], self.id[idx],
                       self.score[idx])


def _read_events(events: pd.DataFrame, ids: np.ndarray, as_of_ns: int) -> _Rows:
    """The rows of ``events`` the model reads, as arrays in the store's order."""
    kind_code = kind_codes(events["kind"], MODEL_KINDS)
    ev_ns = events["date"].to_numpy("datetime64[ns]").astype(np.int64)
    keep = np.flatnonzero((kind_code >= 0) & (ev_ns <= as_of_ns))
    out = _Rows(
        pos=positions(ids, events["client_id"].to_numpy(np.int64)[keep]), ns=ev_ns[keep],
        kind=kind_code[keep], id=events["id"].to_numpy(np.int64)[keep],
        score=events["score"].to_numpy(float)[keep],
    )
    known = out.pos >= 0
    if not known.all():
        out = out.take(known)
    # Sorted by client, date, id (the store's order; sorted here only when it is not).
    if len(out.pos) > 1:
        dp, dt, di = np.diff(out.pos), np.diff(out.ns), np.diff(out.id)
        if np.any((dp < 0) | ((dp == 0) & ((dt < 0) | ((dt == 0) & (di < 0))))):
            out = out.take(np.lexsort((out.id, out.ns, out.pos)))
    return out


def _make_grid(as_of: pd.Timestamp, start_ns: np.ndarray, ev_ns: np.ndarray) -> Grid:
    """The monthly grid from the earliest start or event to ``as_of``."""
    as_of_ns = as_of.value
    earliest = min(start_ns.min(), ev_ns.min() if len(ev_ns) else as_of_ns)
    dates = month_grid(as_of, pd.Timestamp(earliest))
    g = (dates.asi8 - dates[0].value) / NS_PER_MONTH
    return Grid(g=g, dates=dates, n=len(start_ns), width=float(g[-1] - g[0]) + 2.0)


def _by_kind(raw: _Rows, t: np.ndarray, grid: Grid) -> tuple[dict[str, np.ndarray],
                                                                  dict[str, Events]]:
    """Indices into ``raw`` of each kind, and each kind's :class:`Events` (a stable sort
    keeps each kind sorted by client, date, id)."""
    key_all = raw.pos * grid.width + t
    bin_all = np.searchsorted(grid.g, t, side="left")
    by_kind = np.argsort(raw.kind, kind="stable")
    cut = np.searchsorted(raw.kind[by_kind], np.arange(len(MODEL_KINDS) + 1))
    sel = {k: by_kind[cut[i]:cut[i + 1]] for i, k in enumerate(MODEL_KINDS)}
    ev = {k: Events(raw.pos[i], t[i], grid, key_all[i], bin_all[i]) for k, i in sel.items()}
    return sel, ev


def _decayed_sums(ev: dict[str, Events], sat_score: np.ndarray, grid: Grid,
                  s: TrustSettings) -> GridSums:
    h_r, h_s, h_d = s.reliability_half_life, s.satisfaction_half_life, s.damage_half_life
    return GridSums(
        kept=grid_sums(ev["promise_kept"], 1.0, grid, h_r),
        broken=grid_sums(ev["promise_broken"], 1.0, grid, h_r),
        sat_weight=grid_sums(ev["satisfaction"], 1.0, grid, h_s),
        sat_sum=grid_sums(ev["satisfaction"], sat_score, grid, h_s),
        complaints=grid_sums(ev["complaint"], 1.0, grid, h_d),
    )


def compute(p: Portfolio, s: TrustSettings) -> Core | None:
    """Read ``p`` once: the grid, the decayed sums and the labelled asks (None: no client)."""
    clients = p.clients
    n = len(clients)
    if n == 0:
        return None
    as_of = pd.Timestamp(p.as_of).normalize().as_unit("ns")
    ids = clients["id"].to_numpy(np.int64)
    start_ns = clients["start_date"].to_numpy("datetime64[ns]").astype(np.int64)
    raw = _read_events(p.events, ids, as_of.value)
    grid = _make_grid(as_of, start_ns, raw.ns)
    origin_ns = grid.dates[0].value
    start = (start_ns - origin_ns) / NS_PER_MONTH
    sel, ev = _by_kind(raw, (raw.ns - origin_ns) / NS_PER_MONTH, grid)
    sat_score = raw.score[sel["satisfaction"]] / 10.0
    lost = np.full(n, np.inf)
    if len(ev["lost"]):
        np.minimum.at(lost, ev["lost"].pos, ev["lost"].t)
    sums = _decayed_sums(ev, sat_score, grid, s)

    asks = ev["referral_ask"]
    labels = label_asks(ev, sums, sat_score, start, grid, s)
    ask_ids = sel["referral_ask"]
    ask_frame = pd.DataFrame({
        "event_id": raw.id[ask_ids],
        "client_id": ids[asks.pos],
        "date": raw.ns[ask_ids].view("datetime64[ns]"),
        "trust": labels.trust,
        "ready": ~labels.early,
        "early": labels.early,
        "reason": reason_text(labels.reason),
    })

    # The grid's damage: early asks, then complaints (after the asks read their own sums).
    early_ev = Events(asks.pos[labels.early], asks.t[labels.early], grid)
    damage = grid_sums(early_ev, s.early_ask_penalty, grid, s.damage_half_life)
    complaints = sums.complaints
    complaints *= s.complaint_penalty
    damage += complaints
    promises = np.bincount(
        np.concatenate([ev["promise_kept"].pos, ev["promise_broken"].pos]), minlength=n
    ).astype(float)
    return Core(
        grid=grid, ids=ids, start=start, lost=lost, kept=sums.kept, broken=sums.broken,
        sat_weight=sums.sat_weight, sat_sum=sums.sat_sum, damage=damage,
        last_broken=grid_last(ev["promise_broken"], grid), last_ask=grid_last(asks, grid),
        promises=promises, asks=ask_frame, ask_pos=asks.pos, ask_early=labels.early,
        origin_ns=origin_ns,
    )


def tidy(core: Core, s: TrustSettings, at: Cells) -> pd.DataFrame:
    """One row per client and month (the valid cells, client-major)."""
    return _tidy(core.ids, core.grid.dates, s, at)


def deferred_tidy(core: Core, s: TrustSettings, at: Cells) -> Deferred:
    """:func:`tidy`, made when first read; it keeps only the cells, not the grids of
    ``core`` (eight arrays of months x clients)."""
    ids, dates = core.ids, core.grid.dates
    return Deferred(lambda: _tidy(ids, dates, s, at))


def _tidy(ids: np.ndarray, dates: pd.DatetimeIndex, s: TrustSettings, at: Cells
          ) -> pd.DataFrame:
    low = beta_quantile(s.prior_kept + at.kept, s.prior_broken + at.broken,
                        s.reliability_quantile)
    floats = {
        "months_known": at.months_known, "familiarity": at.familiarity,
        "reliability": at.reliability, "reliability_low": low,
        "satisfaction": at.satisfaction, "damage": at.damage, "trust": at.trust,
    }
    # One float block in pandas' own layout (columns x rows): the frame is made without copy.
    block = np.empty((len(floats), len(at.month)))
    for row, values in enumerate(floats.values()):
        block[row] = values
    frame = pd.DataFrame(block.T, columns=list(floats), copy=False)
    frame.insert(0, "client_id", ids[at.client])
    frame.insert(1, "month", dates.asi8[at.month].view("datetime64[ns]"))
    frame["ready"] = at.ready
    return frame

