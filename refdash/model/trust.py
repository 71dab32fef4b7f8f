"""Trust trajectories and the "don't ask yet" gate (see docs/model.md for every formula).

A referral is a process: a client needs time to watch how we work and to verify that we keep
promises, and an ask made before the relationship is solid costs trust. This module turns a
client's dated events into a monthly trust trajectory, decides when the client is ready to be
asked, labels every ask in the store as *early* or *timely* by the trust at the moment it was
made, and projects when a client who is not ready yet likely will be.

Everything is computed for the whole portfolio at once with numpy: decayed sums of events on a
monthly grid (a loop over months, vectorised over clients), decayed sums at arbitrary instants
by sorted search, and the asks processed by rank (first ask of every client, then the second
...), because whether an ask is early depends on the damage done by the earlier ones.

Units: times in months of ``DAYS_PER_MONTH`` days; trust and its parts in [0, 1].
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from numbers import Real

import numpy as np
import pandas as pd
from scipy import special

from refdash.model.portfolio import Portfolio

#: Days in a month of the model (365.25 / 12).
DAYS_PER_MONTH = 30.4375
_NS_PER_MONTH = DAYS_PER_MONTH * 86_400e9
_NS_PER_DAY = 86_400_000_000_000

#: Why a client is not ready (or an ask was early), in the order the first one is reported.
REASONS: tuple[str, ...] = (
    "lost", "likely_never", "asked_recently", "broken_promise", "too_new", "low_trust",
)
#: Event kinds the model reads (others, such as meetings, leave trust unchanged).
MODEL_KINDS: tuple[str, ...] = (
    "promise_kept", "promise_broken", "satisfaction", "complaint", "referral_ask", "lost",
)
#: Portfolios with more rows than this get ``reliability_low`` from an interpolated table of
#: exact Beta quantiles (error below 1e-4); smaller ones get the exact quantile.
EXACT_QUANTILE_ROWS = 50_000

TRAJECTORY_COLUMNS: tuple[str, ...] = (
    "client_id", "month", "months_known", "familiarity", "reliability", "reliability_low",
    "satisfaction", "damage", "trust", "ready",
)
ASK_COLUMNS: tuple[str, ...] = (
    "event_id", "client_id", "date", "trust", "ready", "early", "reason",
)


# --------------------------------------------------------------------------- settings

_POSITIVE = ("familiarity_months", "prior_kept", "prior_broken")
_HALF_LIVES = ("reliability_half_life", "satisfaction_half_life", "damage_half_life")
_UNIT = ("neutral_satisfaction", "weight_reliability", "weight_satisfaction",
         "early_ask_penalty", "complaint_penalty", "threshold", "never_probability")
_NON_NEGATIVE = ("min_months_known", "broken_promise_months", "ask_cooloff_months")
#: The shortest half-life accepted (months): shorter ones forget an event within days.
MIN_HALF_LIFE = 0.1


@dataclass(frozen=True)
class TrustSettings:
    """Every parameter of the trust model, with the defaults of DOMAIN.md (months, [0, 1]).

    Refused with a ``ValueError`` naming the field: a non-positive time constant or prior, a
    half-life under ``MIN_HALF_LIFE`` months, a weight, penalty or threshold outside [0, 1],
    weights summing to more than 1, a quantile outside (0, 1).
    """

    #: ``tau_f``: familiarity ``1 - exp(-months_known / tau_f)`` (months to watch how we work).
    familiarity_months: float = 6.0
    #: Half-life of a kept or broken promise in the reliability counts (months).
    reliability_half_life: float = 12.0
    #: Beta prior of promise keeping: ``Beta(prior_kept, prior_broken)``.
    prior_kept: float = 1.0
    prior_broken: float = 1.0
    #: Half-life of a satisfaction score in the decayed mean (months).
    satisfaction_half_life: float = 12.0
    #: Satisfaction assumed before any score (a score of 5/10).
    neutral_satisfaction: float = 0.5
    #: ``w_r`` and ``w_s``: weights of reliability and satisfaction.
    weight_reliability: float = 0.6
    weight_satisfaction: float = 0.4
    #: Trust lost by an ask made while the client was not ready, and by a complaint.
    early_ask_penalty: float = 0.15
    complaint_penalty: float = 0.10
    #: Half-life of that damage (months).
    damage_half_life: float = 6.0
    #: Trust needed to be ready.
    threshold: float = 0.7
    #: The other conditions of readiness (months).
    min_months_known: float = 6.0
    broken_promise_months: float = 3.0
    ask_cooloff_months: float = 6.0
    #: P(never-referrer) from which a client is "likely a never-referrer" (not ready).
    never_probability: float = 0.5
    #: Lower quantile of the reliability posterior shown as ``reliability_low``.
    reliability_quantile: float = 0.1
    #: How far ahead the readiness date is projected (months).
    projection_months: int = 36

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
                raise ValueError(f"{f.name} must be a finite number, got {value!r}")
        for name in _POSITIVE:
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be > 0, got {getattr(self, name)!r}")
        for name in _HALF_LIVES:
            if getattr(self, name) < MIN_HALF_LIFE:
                raise ValueError(
                    f"{name} must be at least {MIN_HALF_LIFE} months, got {getattr(self, name)!r}"
                )
        for name in _UNIT:
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be in [0, 1], got {getattr(self, name)!r}")
        for name in _NON_NEGATIVE:
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0 months, got {getattr(self, name)!r}")
        if self.weight_reliability + self.weight_satisfaction > 1 + 1e-12:
            raise ValueError(
                "weight_reliability + weight_satisfaction must not exceed 1, got "
                f"{self.weight_reliability!r} + {self.weight_satisfaction!r}"
            )
        if not 0 < self.reliability_quantile < 1:
            raise ValueError(
                f"reliability_quantile must be in (0, 1), got {self.reliability_quantile!r}"
            )
        if int(self.projection_months) != self.projection_months or not (
            1 <= self.projection_months <= 600
        ):
            raise ValueError(
                f"projection_months must be a whole number from 1 to 600, got "
                f"{self.projection_months!r}"
            )

    def key(self) -> tuple[float, ...]:
        """The values in field order (a hashable cache key; ``TrustSettings(*key)`` rebuilds)."""
        return tuple(getattr(self, f.name) for f in fields(self))


# --------------------------------------------------------------------------- results

@dataclass(frozen=True)
class TrustReport:
    """Everything the pages show, for every client of a portfolio (see :func:`analyse`).

    ``trajectory``: :data:`TRAJECTORY_COLUMNS`, sorted by client then month.
    ``asks``: :data:`ASK_COLUMNS`, one row per ``referral_ask`` event, sorted by client, date.
    ``status``: one row per client (indexed by client id), see :func:`client_status`.
    """

    trajectory: pd.DataFrame
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
        ids = self.asks["client_id"].to_numpy()
        lo, hi = np.searchsorted(ids, [client_id, client_id + 1])
        return self.asks.iloc[lo:hi]


# --------------------------------------------------------------------------- helpers

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


def beta_quantile(a: np.ndarray, b: np.ndarray, q: float) -> np.ndarray:
    """The ``q`` quantile of ``Beta(a, b)`` (``a, b > 0``), element-wise.

    Exact (scipy) up to :data:`EXACT_QUANTILE_ROWS` values. Above, because the exact inverse
    costs about 1.3 microseconds a value, exact quantiles on a grid in ``log a`` x ``log b``
    (steps of at most 0.025, at most 256 x 256) interpolated bilinearly: error about 2e-5.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.size <= EXACT_QUANTILE_ROWS:
        return special.betaincinv(a, b, q)
    x, y = np.log(a), np.log(b)
    axes = []
    for v in (x, y):
        lo, span = float(v.min()), float(v.max() - v.min())
        size = int(min(max(math.ceil(span / 0.025) + 1, 2), 256))
        step = span / (size - 1) if span > 0 else 1.0
        v -= lo
        v /= step
        axes.append((lo, step, size))
    (lo_a, step_a, na), (lo_b, step_b, nb) = axes
    table = special.betaincinv(
        np.exp(lo_a + step_a * np.arange(na))[:, None],
        np.exp(lo_b + step_b * np.arange(nb))[None, :], q,
    ).ravel()
    i = np.minimum(x.astype(np.int64), na - 2)
    j = np.minimum(y.astype(np.int64), nb - 2)
    x -= i
    y -= j
    k = i * nb
    k += j
    # Bilinear interpolation, in place (this runs on millions of values).
    t00, t10, t01, t11 = table[k], table[k + nb], table[k + 1], table[k + nb + 1]
    t10 -= t00
    t10 *= x
    t00 += t10
    t11 -= t01
    t11 *= x
    t01 += t11
    t01 -= t00
    t01 *= y
    t00 += t01
    return t00


def trust_value(
    familiarity: np.ndarray | float,
    reliability: np.ndarray | float,
    satisfaction: np.ndarray | float,
    damage: np.ndarray | float,
    settings: TrustSettings,
) -> np.ndarray:
    """``T = clip(F * (w_r * R + w_s * S) - D, 0, 1)``."""
    s = settings
    raw = np.asarray(familiarity) * (
        s.weight_reliability * np.asarray(reliability) + s.weight_satisfaction * np.asarray(satisfaction)
    ) - np.asarray(damage)
    return np.clip(raw, 0.0, 1.0)


class _Events:
    """Events of one kind, sorted by (client position, time), with what the sums need."""

    def __init__(self, pos: np.ndarray, t: np.ndarray, grid: _Grid,
                 key: np.ndarray | None = None, bin_: np.ndarray | None = None) -> None:
        self.pos = pos
        self.t = t
        self.key = pos * grid.width + t if key is None else key
        self.bin = np.searchsorted(grid.g, t, side="left") if bin_ is None else bin_

    def __len__(self) -> int:
        return len(self.t)


@dataclass
class _Grid:
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


def _grid_sums(ev: _Events, w: np.ndarray | float, grid: _Grid, half_life: float) -> np.ndarray:
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


def _query_sums(
    ev: _Events, w: np.ndarray | float, sums: np.ndarray, grid: _Grid, half_life: float,
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


def _last_before(ev: _Events, grid: _Grid, q_pos: np.ndarray, q_t: np.ndarray) -> np.ndarray:
    """Time of each client's last event at or before ``q_t`` (``-inf`` when none)."""
    if len(ev) == 0:
        return np.full(len(q_t), -np.inf)
    idx = np.searchsorted(ev.key, q_pos * grid.width + q_t, side="right") - 1
    safe = np.maximum(idx, 0)
    found = (idx >= 0) & (ev.pos[safe] == q_pos)
    return np.where(found, ev.t[safe], -np.inf)


def _grid_last(ev: _Events, grid: _Grid) -> np.ndarray:
    """Time of each client's last event at or before each grid point; shape (months, clients)."""
    out = np.full(grid.m * grid.n, -np.inf)
    if len(ev):
        np.maximum.at(out, ev.bin * grid.n + ev.pos, ev.t)
    out = out.reshape(grid.m, grid.n)
    np.maximum.accumulate(out, axis=0, out=out)
    return out


def _first_reason(conditions: list[np.ndarray], codes: list[int], size: int) -> np.ndarray:
    """Index into :data:`REASONS` of the first failing condition (-1 when none fails)."""
    out = np.full(size, -1, dtype=np.int8)
    for failing, code in zip(reversed(conditions), reversed(codes), strict=True):
        out[failing] = code
    return out


def _reason_text(codes: np.ndarray) -> np.ndarray:
    return np.asarray(("",) + REASONS, dtype=object)[codes.astype(np.int64) + 1]


# --------------------------------------------------------------------------- the model

@dataclass
class _Core:
    """What :func:`_compute` leaves: decayed sums on the grid (shape (months, clients)), the
    clients' start and loss (months since the origin), and the labelled asks. Trust and its
    parts are derived only for the cells asked for (:func:`_cells`)."""

    grid: _Grid
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
class _Cells:
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


def _cells(core: _Core, s: TrustSettings, month: np.ndarray, client: np.ndarray) -> _Cells:
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
    return _Cells(month, client, mk, familiarity, kept, broken, reliability, satisfaction,
                  damage, trust, valid, active, ready)


def _valid_cells(core: _Core) -> tuple[np.ndarray, np.ndarray]:
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


def _empty_core_frames(settings: TrustSettings, as_of: pd.Timestamp) -> TrustReport:
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
    status = _empty_status()
    return TrustReport(trajectory, asks, status, settings, as_of)


def _empty_status() -> pd.DataFrame:
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


def _positions(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Position of each wanted id in ``ids`` (-1 when absent), by binary search."""
    if len(ids) == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    sorter = None if np.all(ids[1:] > ids[:-1]) else np.argsort(ids, kind="stable")
    idx = np.searchsorted(ids, wanted, sorter=sorter)
    idx = np.minimum(idx, len(ids) - 1)
    pos = idx if sorter is None else sorter[idx]
    return np.where(ids[pos] == wanted, pos, -1)


def _compute(p: Portfolio, s: TrustSettings) -> _Core | None:
    clients, events = p.clients, p.events
    n = len(clients)
    if n == 0:
        return None
    as_of = pd.Timestamp(p.as_of).normalize().as_unit("ns")
    as_of_ns = as_of.value
    ids = clients["id"].to_numpy(np.int64)
    start_ns = clients["start_date"].to_numpy("datetime64[ns]").astype(np.int64)

    # Events the model reads, up to as_of, of clients in the portfolio.
    codes, uniques = pd.factorize(events["kind"])
    lookup = np.array([MODEL_KINDS.index(u) if u in MODEL_KINDS else -1 for u in uniques] + [-1],
                      dtype=np.int64)
    kind_code = lookup[codes]  # a missing kind (code -1) maps to the trailing -1
    ev_ns = events["date"].to_numpy("datetime64[ns]").astype(np.int64)
    keep = np.flatnonzero((kind_code >= 0) & (ev_ns <= as_of_ns))
    ev_ns, kind_code = ev_ns[keep], kind_code[keep]
    ev_id = events["id"].to_numpy(np.int64)[keep]
    score = events["score"].to_numpy(float)[keep]
    pos = _positions(ids, events["client_id"].to_numpy(np.int64)[keep])
    known = pos >= 0
    if not known.all():
        pos, ev_ns, kind_code, ev_id, score = (
            pos[known], ev_ns[known], kind_code[known], ev_id[known], score[known]
        )
    # Sorted by client, date, id (the store's order; sorted here only when it is not).
    if len(pos) > 1:
        dp, dt, di = np.diff(pos), np.diff(ev_ns), np.diff(ev_id)
        if np.any((dp < 0) | ((dp == 0) & ((dt < 0) | ((dt == 0) & (di < 0))))):
            order = np.lexsort((ev_id, ev_ns, pos))
            pos, ev_ns, kind_code, ev_id, score = (
                pos[order], ev_ns[order], kind_code[order], ev_id[order], score[order]
            )

    earliest = min(start_ns.min(), ev_ns.min() if len(ev_ns) else as_of_ns)
    dates = month_grid(as_of, pd.Timestamp(earliest))
    origin_ns = dates[0].value
    g = (dates.asi8 - origin_ns) / _NS_PER_MONTH
    grid = _Grid(g=g, dates=dates, n=n, width=float(g[-1] - g[0]) + 2.0)
    start = (start_ns - origin_ns) / _NS_PER_MONTH
    t = (ev_ns - origin_ns) / _NS_PER_MONTH

    # Split by kind once (a stable sort keeps each kind sorted by client, date, id).
    key_all = pos * grid.width + t
    bin_all = np.searchsorted(g, t, side="left")
    by_kind = np.argsort(kind_code, kind="stable")
    cut = np.searchsorted(kind_code[by_kind], np.arange(len(MODEL_KINDS) + 1))
    sel = {k: by_kind[cut[i]:cut[i + 1]] for i, k in enumerate(MODEL_KINDS)}
    ev = {k: _Events(pos[i], t[i], grid, key_all[i], bin_all[i]) for k, i in sel.items()}
    sat_score = score[sel["satisfaction"]] / 10.0

    lost = np.full(n, np.inf)
    if len(ev["lost"]):
        np.minimum.at(lost, ev["lost"].pos, ev["lost"].t)

    # Decayed sums on the grid.
    h_r, h_s, h_d = s.reliability_half_life, s.satisfaction_half_life, s.damage_half_life
    kept = _grid_sums(ev["promise_kept"], 1.0, grid, h_r)
    broken = _grid_sums(ev["promise_broken"], 1.0, grid, h_r)
    sat_w = _grid_sums(ev["satisfaction"], 1.0, grid, h_s)
    sat_s = _grid_sums(ev["satisfaction"], sat_score, grid, h_s)
    complaints = _grid_sums(ev["complaint"], 1.0, grid, h_d)

    # --- asks, by rank: is each one early, given the damage of the earlier ones?
    asks = ev["referral_ask"]
    a_pos, a_t = asks.pos, asks.t
    na = len(a_t)
    a_mk = np.maximum(a_t - start[a_pos], 0.0)
    a_f = 1.0 - np.exp(-a_mk / s.familiarity_months)
    a_k = _query_sums(ev["promise_kept"], 1.0, kept, grid, h_r, a_pos, a_t)
    a_b = _query_sums(ev["promise_broken"], 1.0, broken, grid, h_r, a_pos, a_t)
    a_sw = _query_sums(ev["satisfaction"], 1.0, sat_w, grid, h_s, a_pos, a_t)
    a_ss = _query_sums(ev["satisfaction"], sat_score, sat_s, grid, h_s, a_pos, a_t)
    a_c = _query_sums(ev["complaint"], 1.0, complaints, grid, h_d, a_pos, a_t)
    a_r = (s.prior_kept + a_k) / (s.prior_kept + s.prior_broken + a_k + a_b)
    a_s = np.where(a_sw > 0, a_ss / np.where(a_sw > 0, a_sw, 1.0), s.neutral_satisfaction)
    a_base = a_f * (s.weight_reliability * a_r + s.weight_satisfaction * a_s) \
        - s.complaint_penalty * a_c
    a_lb = _last_before(ev["promise_broken"], grid, a_pos, a_t)
    first = np.ones(na, dtype=bool)
    if na > 1:
        first[1:] = a_pos[1:] != a_pos[:-1]
    gap = np.full(na, np.inf)
    if na > 1:
        gap[1:] = np.where(first[1:], np.inf, a_t[1:] - a_t[:-1])
    conditions = [
        gap < s.ask_cooloff_months,
        a_t - a_lb < s.broken_promise_months,
        a_mk < s.min_months_known,
    ]
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
                * np.exp2(-(a_t[idx] - a_t[prev]) / h_d)
        a_trust[idx] = np.clip(a_base[idx] - early_damage[idx], 0.0, 1.0)
        early[idx] = ~(static_ok[idx] & (a_trust[idx] >= s.threshold))
    a_reason = _first_reason(
        [*conditions, a_trust < s.threshold], [2, 3, 4, 5], na
    )
    ask_frame = pd.DataFrame({
        "event_id": ev_id[sel["referral_ask"]],
        "client_id": ids[a_pos],
        "date": ev_ns[sel["referral_ask"]].view("datetime64[ns]"),
        "trust": a_trust,
        "ready": ~early,
        "early": early,
        "reason": _reason_text(a_reason),
    })

    # --- the grid: damage, trust, readiness.
    early_ev = _Events(a_pos[early], a_t[early], grid)
    damage = _grid_sums(early_ev, s.early_ask_penalty, grid, h_d)
    complaints *= s.complaint_penalty
    damage += complaints
    last_broken = _grid_last(ev["promise_broken"], grid)
    last_ask = _grid_last(asks, grid)
    promises = np.bincount(
        np.concatenate([ev["promise_kept"].pos, ev["promise_broken"].pos]), minlength=n
    ).astype(float)
    return _Core(
        grid=grid, ids=ids, start=start, lost=lost, kept=kept, broken=broken, sat_weight=sat_w,
        sat_sum=sat_s, damage=damage, last_broken=last_broken, last_ask=last_ask,
        promises=promises, asks=ask_frame, ask_pos=a_pos, ask_early=early, origin_ns=origin_ns,
    )


def _tidy(core: _Core, s: TrustSettings, cells: _Cells) -> pd.DataFrame:
    """One row per client and month (the valid cells, client-major)."""
    low = beta_quantile(s.prior_kept + cells.kept, s.prior_broken + cells.broken,
                        s.reliability_quantile)
    floats = {
        "months_known": cells.months_known, "familiarity": cells.familiarity,
        "reliability": cells.reliability, "reliability_low": low,
        "satisfaction": cells.satisfaction, "damage": cells.damage, "trust": cells.trust,
    }
    # One float block in pandas' own layout (columns x rows): the frame is made without copy.
    block = np.empty((len(floats), len(cells.month)))
    for row, values in enumerate(floats.values()):
        block[row] = values
    frame = pd.DataFrame(block.T, columns=list(floats), copy=False)
    frame.insert(0, "client_id", core.ids[cells.client])
    frame.insert(1, "month", core.grid.dates.asi8[cells.month].view("datetime64[ns]"))
    frame["ready"] = cells.ready
    return frame


def _to_dates(core: _Core, months: np.ndarray) -> pd.Series:
    """Months since the grid origin as dates (NaT for non-finite), rounded to the day."""
    finite = np.isfinite(months)
    ns = np.where(finite, core.origin_ns + np.round(np.where(finite, months, 0.0)
                                                     * DAYS_PER_MONTH) * _NS_PER_DAY, 0)
    out = pd.to_datetime(ns.astype(np.int64)).astype("datetime64[ns]")
    return pd.Series(out).where(finite, pd.NaT).astype("datetime64[ns]")


def _status(
    core: _Core, s: TrustSettings, never_probability: pd.Series | None, cells: _Cells,
) -> pd.DataFrame:
    """The state of every client at as_of; ``cells`` are the valid cells (:func:`_valid_cells`)."""
    grid, n, m = core.grid, core.grid.n, core.grid.m
    cols = np.arange(n)
    now = m - 1
    g_now = grid.g[now]
    at_now = _cells(core, s, np.full(n, now), cols)
    # A lost client is described by the last point of its trajectory (the one after the loss).
    last_j = np.minimum(np.searchsorted(grid.g, core.lost, side="left"), now)
    last = _cells(core, s, last_j, cols)
    back = _cells(core, s, np.maximum(last_j - 3, 0), cols)
    change = np.where((last_j >= 3) & back.valid, last.trust - back.trust, np.nan)
    r_low = beta_quantile(s.prior_kept + last.kept, s.prior_broken + last.broken,
                          s.reliability_quantile)

    never = np.zeros(n, dtype=bool)
    if never_probability is not None:
        pn = pd.Series(never_probability).reindex(core.ids).to_numpy(float)
        never = np.nan_to_num(pn, nan=0.0) >= s.never_probability
    active = at_now.active
    lb, la, mk = core.last_broken[now], core.last_ask[now], at_now.months_known
    conditions = [
        ~active,
        never,
        g_now - la < s.ask_cooloff_months,
        g_now - lb < s.broken_promise_months,
        (mk < s.min_months_known) | (core.start > g_now),
        at_now.trust < s.threshold,
    ]
    reason = _first_reason(conditions, list(range(len(REASONS))), n)
    ready = reason < 0

    # Projection: nothing bad happens (no complaint, no broken promise, no ask), promises keep
    # coming at the client's own rate and are all kept, satisfaction stays where it is.
    horizon = int(s.projection_months)
    x = np.arange(horizon + 1, dtype=float)
    x_hard = np.maximum.reduce([
        core.start + s.min_months_known - g_now,
        lb + s.broken_promise_months - g_now,
        la + s.ask_cooloff_months - g_now,
        np.zeros(n),
    ])
    rate = core.promises / np.maximum(mk, 1.0)
    h_r, h_d = s.reliability_half_life, s.damage_half_life

    def projected_trust(xs: np.ndarray) -> np.ndarray:
        decay_r = np.exp2(-xs / h_r)
        k = at_now.kept[:, None] * decay_r + rate[:, None] * (h_r / math.log(2)) * (1 - decay_r)
        b = at_now.broken[:, None] * decay_r
        rel = (s.prior_kept + k) / (s.prior_kept + s.prior_broken + k + b)
        fam = 1.0 - np.exp(-(mk[:, None] + xs) / s.familiarity_months)
        dmg = at_now.damage[:, None] * np.exp2(-xs / h_d)
        return trust_value(fam, rel, at_now.satisfaction[:, None], dmg, s)

    at_hard = projected_trust(np.minimum(x_hard, horizon)[:, None])[:, 0] >= s.threshold
    on_grid = (projected_trust(x[None, :]) >= s.threshold) & (x[None, :] > x_hard[:, None])
    first_step = np.where(on_grid.any(axis=1), x[np.argmax(on_grid, axis=1)], np.inf)
    offset = np.where(at_hard & (x_hard <= horizon), x_hard, first_step)
    offset = np.where(active & ~never, offset, np.inf)
    offset = np.where(ready, 0.0, offset)

    steps = np.diff(grid.g, prepend=grid.g[0] - 1.0)
    months_ready = np.bincount(cells.client, weights=cells.ready * steps[cells.month], minlength=n)
    ready_idx = np.flatnonzero(cells.ready)
    first_client, first_at = np.unique(cells.client[ready_idx], return_index=True)
    first_ready = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    first_ready[first_client] = grid.dates.asi8[cells.month[ready_idx[first_at]]].view(
        "datetime64[ns]"
    )

    asks = core.asks
    last_ask_early = pd.Series(pd.NA, index=range(n), dtype="boolean")
    if len(asks):
        last_of = np.ones(len(asks), dtype=bool)
        last_of[:-1] = core.ask_pos[1:] != core.ask_pos[:-1]
        last_ask_early.iloc[core.ask_pos[last_of]] = core.ask_early[last_of]

    frame = pd.DataFrame({
        "trust": last.trust,
        "trust_change_3m": change,
        "ready": ready,
        "reason": _reason_text(reason),
        "projected_ready_date": _to_dates(core, g_now + offset).to_numpy(),
        "months_ready": months_ready,
        "first_ready_date": first_ready,
        "last_ask_date": _to_dates(core, la).to_numpy(),
        "last_ask_early": last_ask_early.to_numpy(),
        "months_known": last.months_known,
        "familiarity": last.familiarity,
        "reliability": last.reliability,
        "reliability_low": r_low,
        "satisfaction": last.satisfaction,
        "damage": last.damage,
        "last_broken_date": _to_dates(core, lb).to_numpy(),
        "lost": ~active,
    }, index=pd.Index(core.ids, name="client_id"))
    return frame


# --------------------------------------------------------------------------- public API

def analyse(
    p: Portfolio,
    settings: TrustSettings | None = None,
    never_probability: pd.Series | None = None,
) -> TrustReport:
    """Trajectories, ask labels and the status of every client of ``p`` in one pass."""
    s = settings or TrustSettings()
    as_of = pd.Timestamp(p.as_of).normalize()
    core = _compute(p, s)
    if core is None:
        return _empty_core_frames(s, as_of)
    cells = _cells(core, s, *_valid_cells(core))
    return TrustReport(
        trajectory=_tidy(core, s, cells), asks=core.asks,
        status=_status(core, s, never_probability, cells), settings=s, as_of=as_of,
        never_applied=never_probability is not None,
    )


def trajectories(p: Portfolio, settings: TrustSettings | None = None) -> pd.DataFrame:
    """One row per client and month (:data:`TRAJECTORY_COLUMNS`), sorted by client, month.

    ``month`` is the date of the point: ``as_of`` and whole calendar months before it, from
    the client's start to ``as_of`` (for a lost client, to the first point after the loss).
    Components and ``trust`` are in [0, 1] at that date (events on that day included);
    ``months_known`` in months; ``reliability_low`` is the ``reliability_quantile`` of the
    Beta posterior of promise keeping; ``ready`` says whether the client could be asked.
    """
    s = settings or TrustSettings()
    core = _compute(p, s)
    if core is None:
        return _empty_core_frames(s, pd.Timestamp(p.as_of)).trajectory
    return _tidy(core, s, _cells(core, s, *_valid_cells(core)))


def ask_labels(p: Portfolio, settings: TrustSettings | None = None) -> pd.DataFrame:
    """One row per ``referral_ask`` event up to ``as_of`` (:data:`ASK_COLUMNS`): ``trust`` at
    the moment of the ask (events of that day included, the ask itself not), whether the
    client was ``ready``, ``early`` (= not ready) and the first ``reason`` it was not
    (``asked_recently``, ``broken_promise``, ``too_new``, ``low_trust``; empty when timely).
    Whether a client is likely a never-referrer is not known for past asks and is not used."""
    s = settings or TrustSettings()
    core = _compute(p, s)
    if core is None:
        return _empty_core_frames(s, pd.Timestamp(p.as_of)).asks
    return core.asks


def client_status(
    p: Portfolio,
    settings: TrustSettings | None = None,
    never_probability: pd.Series | None = None,
) -> pd.DataFrame:
    """The state of every client at ``as_of``, indexed by client id.

    ``trust`` (for a lost client: at the first point after the loss), ``trust_change_3m``
    (trust now minus trust 3 months before; NaN for clients known less long), ``ready``,
    ``reason`` (first of :data:`REASONS` that blocks, empty when ready; ``lost`` extends the
    list of the interface), ``projected_ready_date`` (``as_of`` when ready; else the first
    date, within ``projection_months``, at which the client would be ready if nothing bad
    happens; NaT when not within that horizon, lost or likely a never-referrer),
    ``months_ready`` (months the client has been ready so far, on the monthly grid),
    ``first_ready_date``, ``last_ask_date``, ``last_ask_early``, and the components now.

    ``never_probability`` (P(never-referrer), indexed by client id, e.g. from
    ``refdash.model.segments``) adds the "not likely a never-referrer" condition: a client with
    ``P >= settings.never_probability`` is not ready (reason ``likely_never``).
    """
    return analyse(p, settings, never_probability).status


def with_never_probability(report: TrustReport, never_probability: pd.Series) -> TrustReport:
    """``report`` with the "not likely a never-referrer" condition applied to its status, as
    :func:`client_status` would with ``never_probability`` (P(never), indexed by client id):
    an active client with ``P >= settings.never_probability`` is not ready (``likely_never``)
    and gets no projected date. Trajectories and ask labels do not change."""
    status = report.status.copy()
    p_never = pd.Series(never_probability).reindex(status.index).fillna(0.0).to_numpy(float)
    block = (p_never >= report.settings.never_probability) & ~status["lost"].to_numpy(bool)
    status.loc[block, "ready"] = False
    status.loc[block, "reason"] = "likely_never"
    status.loc[block, "projected_ready_date"] = pd.NaT
    return replace(report, status=status, never_applied=True)


COST_GROUPS: tuple[str, ...] = ("early", "timely", "never_asked")


def _first_ask_group(asks: pd.DataFrame, client_ids: pd.Series | pd.Index) -> np.ndarray:
    """Per id given, the index in :data:`COST_GROUPS`: ``early`` or ``timely`` by the client's
    first ask, ``never_asked`` when there is none."""
    first = asks.drop_duplicates("client_id", keep="first")
    code = np.where(first["early"].to_numpy(bool), 0, 1)
    pos = _positions(first["client_id"].to_numpy(np.int64),
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
