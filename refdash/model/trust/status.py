"""The state of every client now: the gate, the projected readiness date, the history.

Units: times in months since the grid's origin (dates in the frames); trust in [0, 1].
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from refdash.model.trust.components import beta_quantile, trust_value
from refdash.model.trust.readiness import REASONS, first_reason, likely_never, reason_text
from refdash.model.trust.report import TrustReport, stored_trajectory
from refdash.model.trust.settings import TrustSettings
from refdash.model.trust.trajectory import Cells, Core, cells
from refdash.units import DAYS_PER_MONTH

_NS_PER_DAY = 86_400_000_000_000


def _to_dates(core: Core, months: np.ndarray) -> pd.Series:
    """Months since the grid origin as dates (NaT for non-finite), rounded to the day."""
    finite = np.isfinite(months)
    ns = np.where(finite, core.origin_ns + np.round(np.where(finite, months, 0.0)
                                                     * DAYS_PER_MONTH) * _NS_PER_DAY, 0)
    out = pd.to_datetime(ns.astype(np.int64)).astype("datetime64[ns]")
    return pd.Series(out).where(finite, pd.NaT).astype("datetime64[ns]")


def _reason_now(core: Core, s: TrustSettings, now: Cells, never: np.ndarray) -> np.ndarray:
    """Index into :data:`REASONS` of the first condition that blocks each client now."""
    g_now = core.grid.g[-1]
    lb, la = core.last_broken[-1], core.last_ask[-1]
    conditions = [
        ~now.active,
        never,
        g_now - la < s.ask_cooloff_months,
        g_now - lb < s.broken_promise_months,
        (now.months_known < s.min_months_known) | (core.start > g_now),
        now.trust < s.threshold,
    ]
    return first_reason(conditions, list(range(len(REASONS))), core.grid.n)


def _projected_offset(core: Core, s: TrustSettings, now: Cells, never: np.ndarray,
                      ready: np.ndarray) -> np.ndarray:
    """Months from now until each client is ready (0 when ready, inf when not within
    ``projection_months``, lost or likely never) if nothing bad happens: no complaint, no
    broken promise, no ask; promises keep coming at the client's own rate and are all kept;
    satisfaction stays where it is."""
    g_now, n = core.grid.g[-1], core.grid.n
    lb, la, mk = core.last_broken[-1], core.last_ask[-1], now.months_known
    horizon = int(s.projection_months)
    x = np.arange(horizon + 1, dtype=float)
    # The conditions that only time lifts (known long enough, no recent broken promise or ask).
    x_hard = np.maximum.reduce([
        core.start + s.min_months_known - g_now,
        lb + s.broken_promise_months - g_now,
        la + s.ask_cooloff_months - g_now,
        np.zeros(n),
    ])
    # Only the clients who can still get there are projected (row by row, so the same
    # values): the others are ready (0), or lost, likely never or held past the horizon
    # by time alone (inf). On a large portfolio that is a fraction of the (clients x
    # horizon) grid.
    rows = np.flatnonzero(now.active & ~never & ~ready & (x_hard <= horizon))
    x_hard = x_hard[rows]
    mk, kept, broken = mk[rows], now.kept[rows], now.broken[rows]
    damage, satisfaction = now.damage[rows], now.satisfaction[rows]
    rate = core.promises[rows] / np.maximum(mk, 1.0)
    h_r, h_d = s.reliability_half_life, s.damage_half_life

    def projected_trust(xs: np.ndarray) -> np.ndarray:
        decay_r = np.exp2(-xs / h_r)
        k = kept[:, None] * decay_r + rate[:, None] * (h_r / math.log(2)) * (1 - decay_r)
        b = broken[:, None] * decay_r
        rel = (s.prior_kept + k) / (s.prior_kept + s.prior_broken + k + b)
        fam = 1.0 - np.exp(-(mk[:, None] + xs) / s.familiarity_months)
        dmg = damage[:, None] * np.exp2(-xs / h_d)
        return trust_value(fam, rel, satisfaction[:, None], dmg, s)

    at_hard = projected_trust(np.minimum(x_hard, horizon)[:, None])[:, 0] >= s.threshold
    on_grid = (projected_trust(x[None, :]) >= s.threshold) & (x[None, :] > x_hard[:, None])
    first_step = np.where(on_grid.any(axis=1), x[np.argmax(on_grid, axis=1)], np.inf)
    offset = np.where(ready, 0.0, np.inf)
    offset[rows] = np.where(at_hard, x_hard, first_step)
    return offset


def _ready_history(core: Core, valid: Cells) -> tuple[np.ndarray, np.ndarray]:
    """Months each client has been ready on the grid, and the first grid date it was."""
    grid, n = core.grid, core.grid.n
    steps = np.diff(grid.g, prepend=grid.g[0] - 1.0)
    months_ready = np.bincount(valid.client, weights=valid.ready * steps[valid.month],
                               minlength=n)
    ready_idx = np.flatnonzero(valid.ready)
    first_client, first_at = np.unique(valid.client[ready_idx], return_index=True)
    first_ready = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    first_ready[first_client] = grid.dates.asi8[valid.month[ready_idx[first_at]]].view(
        "datetime64[ns]"
    )
    return months_ready, first_ready


def _last_ask_early(core: Core) -> pd.arrays.BooleanArray:
    """Whether each client's last ask was early (NA when never asked): pandas' nullable
    boolean, as in the empty report (an object array of True/False/NA before: a dtype
    of its own, which a frame written to Arrow and read back did not keep)."""
    asks = core.asks
    out = pd.Series(pd.NA, index=range(core.grid.n), dtype="boolean")
    if len(asks):
        last_of = np.ones(len(asks), dtype=bool)
        last_of[:-1] = core.ask_pos[1:] != core.ask_pos[:-1]
        out.iloc[core.ask_pos[last_of]] = core.ask_early[last_of]
    return out.array


def status(
    core: Core, s: TrustSettings, never_probability: pd.Series | None, valid: Cells,
) -> pd.DataFrame:
    """The state of every client at as_of (see :func:`refdash.model.trust.client_status`);
    ``valid`` are the cells of every trajectory (:func:`~.trajectory.valid_cells`)."""
    grid, n = core.grid, core.grid.n
    cols = np.arange(n)
    now_j = grid.m - 1
    g_now = grid.g[now_j]
    at_now = cells(core, s, np.full(n, now_j), cols)
    # A lost client is described by the last point of its trajectory (the one after the loss).
    last_j = np.minimum(np.searchsorted(grid.g, core.lost, side="left"), now_j)
    last = cells(core, s, last_j, cols)
    back = cells(core, s, np.maximum(last_j - 3, 0), cols)
    change = np.where((last_j >= 3) & back.valid, last.trust - back.trust, np.nan)
    r_low = beta_quantile(s.prior_kept + last.kept, s.prior_broken + last.broken,
                          s.reliability_quantile)
    never = np.zeros(n, dtype=bool)
    if never_probability is not None:
        p_never = pd.Series(never_probability).reindex(core.ids)
        never = likely_never(p_never, s.never_probability)
    reason = _reason_now(core, s, at_now, never)
    ready = reason < 0
    offset = _projected_offset(core, s, at_now, never, ready)
    months_ready, first_ready = _ready_history(core, valid)
    return pd.DataFrame({
        "trust": last.trust,
        "trust_change_3m": change,
        "ready": ready,
        "reason": reason_text(reason),
        "projected_ready_date": _to_dates(core, g_now + offset).to_numpy(),
        "months_ready": months_ready,
        "first_ready_date": first_ready,
        "last_ask_date": _to_dates(core, core.last_ask[now_j]).to_numpy(),
        "last_ask_early": _last_ask_early(core),
        "months_known": last.months_known,
        "familiarity": last.familiarity,
        "reliability": last.reliability,
        "reliability_low": r_low,
        "satisfaction": last.satisfaction,
        "damage": last.damage,
        "last_broken_date": _to_dates(core, core.last_broken[now_j]).to_numpy(),
        "lost": ~at_now.active,
    }, index=pd.Index(core.ids, name="client_id"))


def with_never_probability(report: TrustReport, never_probability: pd.Series) -> TrustReport:
    """``report`` with the "not likely a never-referrer" condition applied to its status, as
    :func:`~refdash.model.trust.client_status` would with ``never_probability`` (P(never),
    indexed by client id): an active client with ``P >= settings.never_probability`` is not
    ready (``likely_never``) and gets no projected date. Trajectories and ask labels do not
    change."""
    status = report.status.copy()
    p_never = pd.Series(never_probability).reindex(status.index)
    block = likely_never(p_never, report.settings.never_probability) \
        & ~status["lost"].to_numpy(bool)
    status.loc[block, "ready"] = False
    status.loc[block, "reason"] = "likely_never"
    status.loc[block, "projected_ready_date"] = pd.NaT
    return replace(report, status=status, never_applied=True,
                   trajectory=stored_trajectory(report))  # still deferred if it was
