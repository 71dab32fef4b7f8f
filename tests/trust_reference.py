"""A plain, per-client reference implementation of the trust model (docs/model.md).

Written from the formulas, one client at a time, with direct sums over the events at every
instant (no recursion, no grid tricks), so that the vectorised ``refdash.model.trust`` can be
checked against it (tests) and timed against it (bench/bench_trust.py).
"""

from __future__ import annotations

import math

import pandas as pd
from scipy import special

from refdash.model.portfolio import Portfolio
from refdash.model.trust import REASONS, TrustSettings
from refdash.units import DAYS_PER_MONTH

DPM = DAYS_PER_MONTH  # the model month (refdash.units), the one unit both sides share


def _months(day: pd.Timestamp, origin: pd.Timestamp) -> float:
    return (pd.Timestamp(day) - origin).days / DPM


def reference_grid(as_of: pd.Timestamp, earliest: pd.Timestamp) -> list[pd.Timestamp]:
    """as_of and whole calendar months back, to the first point on or before ``earliest``."""
    points = [as_of]
    k = 0
    while points[-1] > earliest:
        k += 1
        points.append(as_of - pd.DateOffset(months=k))
    return points[::-1]


def _decayed(times: list[float], weights: list[float], at: float, half_life: float) -> float:
    return sum(w * 2.0 ** (-(at - t) / half_life) for t, w in zip(times, weights, strict=True)
               if t <= at)


class _Client:
    """One client's events, in months since the origin, and the model evaluated on them."""

    def __init__(self, row: pd.Series, events: pd.DataFrame, origin: pd.Timestamp,
                 s: TrustSettings) -> None:
        self.s = s
        self.start = _months(row["start_date"], origin)
        ev = events.sort_values(["date", "id"], kind="stable")
        self.by_kind: dict[str, list[float]] = {}
        self.scores: list[float] = []
        for _, e in ev.iterrows():
            t = _months(e["date"], origin)
            self.by_kind.setdefault(e["kind"], []).append(t)
            if e["kind"] == "satisfaction":
                self.scores.append(float(e["score"]) / 10.0)
        self.ask_ids = ev.loc[ev["kind"] == "referral_ask", "id"].tolist()
        lost = self.by_kind.get("lost", [])
        self.lost = min(lost) if lost else math.inf
        self.early: list[bool] = []
        self.ask_trust: list[float] = []
        self.ask_reason: list[str] = []
        self._label_asks()

    def times(self, kind: str) -> list[float]:
        return self.by_kind.get(kind, [])

    def parts(self, at: float, early_before: list[float]) -> dict[str, float]:
        """Components at instant ``at``; ``early_before``: times of the early asks counted."""
        s = self.s
        mk = max(at - self.start, 0.0)
        f = 1.0 - math.exp(-mk / s.familiarity_months)
        kept = self.times("promise_kept")
        broken = self.times("promise_broken")
        k = _decayed(kept, [1.0] * len(kept), at, s.reliability_half_life)
        b = _decayed(broken, [1.0] * len(broken), at, s.reliability_half_life)
        r = (s.prior_kept + k) / (s.prior_kept + s.prior_broken + k + b)
        sat = self.times("satisfaction")
        sw = _decayed(sat, [1.0] * len(sat), at, s.satisfaction_half_life)
        ss = _decayed(sat, self.scores, at, s.satisfaction_half_life)
        sv = ss / sw if sw > 0 else s.neutral_satisfaction
        comp = self.times("complaint")
        d = s.complaint_penalty * _decayed(comp, [1.0] * len(comp), at, s.damage_half_life)
        d += s.early_ask_penalty * _decayed(early_before, [1.0] * len(early_before), at,
                                            s.damage_half_life)
        raw = f * (s.weight_reliability * r + s.weight_satisfaction * sv) - d
        return {"months_known": mk, "familiarity": f, "reliability": r, "satisfaction": sv,
                "damage": d, "trust": min(max(raw, 0.0), 1.0), "kept": k, "broken": b}

    def last(self, kind: str, at: float) -> float:
        before = [t for t in self.times(kind) if t <= at]
        return max(before) if before else -math.inf

    def _label_asks(self) -> None:
        s = self.s
        asks = self.times("referral_ask")
        for i, t in enumerate(asks):
            earlier_early = [asks[j] for j in range(i) if self.early[j]]
            part = self.parts(t, earlier_early)
            gap = t - asks[i - 1] if i > 0 else math.inf
            failing = []
            if gap < s.ask_cooloff_months:
                failing.append("asked_recently")
            if t - self.last("promise_broken", t) < s.broken_promise_months:
                failing.append("broken_promise")
            if part["months_known"] < s.min_months_known:
                failing.append("too_new")
            if part["trust"] < s.threshold:
                failing.append("low_trust")
            self.early.append(bool(failing))
            self.ask_trust.append(part["trust"])
            self.ask_reason.append(failing[0] if failing else "")

    def early_times(self) -> list[float]:
        asks = self.times("referral_ask")
        return [t for t, e in zip(asks, self.early, strict=True) if e]

    def ready_at(self, at: float, part: dict[str, float]) -> bool:
        s = self.s
        return bool(
            at >= self.start and at < self.lost and part["trust"] >= s.threshold
            and part["months_known"] >= s.min_months_known
            and at - self.last("promise_broken", at) >= s.broken_promise_months
            and at - self.last("referral_ask", at) >= s.ask_cooloff_months
        )


def reference(
    p: Portfolio, s: TrustSettings | None = None, never_probability: pd.Series | None = None,
    client_ids: list[int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(trajectories, ask labels, status) of the clients of ``p`` (or only ``client_ids``),
    computed one client at a time."""
    s = s or TrustSettings()
    as_of = pd.Timestamp(p.as_of).normalize()
    ev_all = p.events[
        p.events["kind"].isin(["promise_kept", "promise_broken", "satisfaction", "complaint",
                               "referral_ask", "lost"])
        & (p.events["date"] <= as_of) & p.events["client_id"].isin(p.clients["id"])
    ]
    earliest = min([p.clients["start_date"].min(), *([ev_all["date"].min()] if len(ev_all) else [])])
    grid = reference_grid(as_of, pd.Timestamp(earliest))
    origin = grid[0]
    g = [_months(d, origin) for d in grid]
    now = g[-1]
    groups = dict(tuple(ev_all.groupby("client_id")))
    rows, ask_rows, status_rows = [], [], []
    clients = p.clients if client_ids is None else p.clients[p.clients["id"].isin(client_ids)]
    for _, row in clients.iterrows():
        cid = int(row["id"])
        c = _Client(row, groups.get(cid, ev_all.iloc[:0]), origin, s)
        early_times = c.early_times()
        asks = c.times("referral_ask")
        for i, eid in enumerate(c.ask_ids):
            ask_rows.append({"event_id": eid, "client_id": cid, "trust": c.ask_trust[i],
                             "early": c.early[i], "reason": c.ask_reason[i]})
        traj = []
        for j, at in enumerate(g):
            prev = g[j - 1] if j else -math.inf
            if not (at >= c.start and prev < c.lost):
                continue
            part = c.parts(at, early_times)
            low = float(special.betaincinv(s.prior_kept + part["kept"],
                                           s.prior_broken + part["broken"],
                                           s.reliability_quantile))
            ready = c.ready_at(at, part)
            traj.append({"client_id": cid, "month": grid[j], "j": j, **part,
                         "reliability_low": low, "ready": ready})
        rows.extend(traj)

        # Status at as_of.
        last_j = min(next((j for j, at in enumerate(g) if at >= c.lost), len(g) - 1), len(g) - 1)
        last = c.parts(g[last_j], early_times)
        back_j = last_j - 3
        back_ok = back_j >= 0 and g[back_j] >= c.start and (back_j == 0 or g[back_j - 1] < c.lost)
        change = last["trust"] - c.parts(g[back_j], early_times)["trust"] if back_ok else math.nan
        part_now = c.parts(now, early_times)
        p_never = None if never_probability is None else never_probability.get(cid, math.nan)
        la, lb = c.last("referral_ask", now), c.last("promise_broken", now)
        failing = []
        if not now < c.lost:
            failing.append("lost")
        if p_never is not None and not math.isnan(p_never) and p_never >= s.never_probability:
            failing.append("likely_never")
        if now - la < s.ask_cooloff_months:
            failing.append("asked_recently")
        if now - lb < s.broken_promise_months:
            failing.append("broken_promise")
        if part_now["months_known"] < s.min_months_known or c.start > now:
            failing.append("too_new")
        if part_now["trust"] < s.threshold:
            failing.append("low_trust")
        ready_now = not failing
        projected = _reference_projection(c, s, part_now, now, la, lb, ready_now, failing)
        steps = [g[j] - g[j - 1] if j else 1.0 for j in range(len(g))]
        ready_rows = [r for r in traj if r["ready"]]
        status_rows.append({
            "client_id": cid, "trust": last["trust"], "trust_change_3m": change,
            "ready": ready_now, "reason": failing[0] if failing else "",
            "projected_offset": projected,
            "months_ready": sum(steps[r["j"]] for r in ready_rows),
            "first_ready_date": ready_rows[0]["month"] if ready_rows else pd.NaT,
            "last_ask_early": c.early[-1] if asks else None,
        })
    traj_frame = pd.DataFrame(rows, columns=[
        "client_id", "month", "months_known", "familiarity", "reliability", "reliability_low",
        "satisfaction", "damage", "trust", "ready",
    ])
    ask_frame = pd.DataFrame(ask_rows, columns=["event_id", "client_id", "trust", "early",
                                                "reason"]).astype(
        {"event_id": "int64", "client_id": "int64", "trust": float, "early": bool})
    traj_frame = traj_frame.astype({"client_id": "int64", "ready": bool, **{
        c: float for c in traj_frame.columns[2:-1]}})
    return (traj_frame, ask_frame,
            pd.DataFrame(status_rows).set_index("client_id") if status_rows else pd.DataFrame())


def _reference_projection(c: _Client, s: TrustSettings, part: dict[str, float], now: float,
                          la: float, lb: float, ready_now: bool, failing: list[str]) -> float:
    """Months from as_of to the projected readiness (inf when none within the horizon)."""
    if ready_now:
        return 0.0
    if "lost" in failing or "likely_never" in failing:
        return math.inf
    promises = len([t for t in c.times("promise_kept") + c.times("promise_broken") if t <= now])
    rate = promises / max(part["months_known"], 1.0)
    h_r = s.reliability_half_life

    def trust_in(x: float) -> float:
        decay = 2.0 ** (-x / h_r)
        k = part["kept"] * decay + rate * h_r / math.log(2) * (1 - decay)
        b = part["broken"] * decay
        r = (s.prior_kept + k) / (s.prior_kept + s.prior_broken + k + b)
        f = 1.0 - math.exp(-(part["months_known"] + x) / s.familiarity_months)
        d = part["damage"] * 2.0 ** (-x / s.damage_half_life)
        raw = f * (s.weight_reliability * r + s.weight_satisfaction * part["satisfaction"]) - d
        return min(max(raw, 0.0), 1.0)

    hard = max(c.start + s.min_months_known - now, lb + s.broken_promise_months - now,
               la + s.ask_cooloff_months - now, 0.0)
    horizon = int(s.projection_months)
    if hard <= horizon and trust_in(hard) >= s.threshold:
        return hard
    for x in range(horizon + 1):
        if x > hard and trust_in(float(x)) >= s.threshold:
            return float(x)
    return math.inf


__all__ = ["REASONS", "reference", "reference_grid"]
