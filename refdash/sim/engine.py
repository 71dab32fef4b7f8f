"""The simulation engine: Monte Carlo runs of a scenario under the ask policies.

Plain-words description, knobs and honesty notes: ``docs/simulator.md``.

The market is ``market`` people on an explicit, sampled acquaintance network where everyone
knows exactly ``sphere`` others (:func:`refdash.sim.network.build_network`). A ``clustering`` share of those
acquaintances come from one's local circle (a ring lattice: the acquaintances of one's
acquaintances are mostly one's own), the rest are spread at random over the market. Clients
are people of that market; when they refer, they name people from their own sphere, so
overlap and saturation happen by themselves: nobody is counted twice.

Time runs in whole months. Every month (in this order; one method of :class:`_Sim` each):

1. ``sign``: prospects whose sales cycle ends this month become clients (age 0);
2. ``ask_and_refer``: a ready advocate refers unasked with a monthly probability; the sales
   lead asks according to the **ask policy** (patient: once the client is ready, then again
   after a rest; eager: right after the sale, then after each rest; never); an ask made
   before the client is ready is an *early ask* with its costs; ``name_prospects``: each
   referral names one or a few people from the referrer's sphere, those already reached are
   wasted, fresh ones convert with a probability after the sales-cycle lag;
3. ``churn``: each client leaves with a monthly probability (lower for referred clients).

Randomness is counter-based (:mod:`refdash.sim.streams`): every draw is a hash of (seed,
run, person, month, purpose), so the same person in the same run meets the same luck under
every ask policy (common random numbers: the gap between two policies is the policy, not
noise), and a seed always gives the same runs. Everything is vectorised over clients and
Monte Carlo runs; the only Python loops are over months (and over a handful of random layers
when a network is built).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from refdash.sim.network import Network, network_for
from refdash.sim.scenario import MAX_NAMES, POLICIES, SEGMENTS, Scenario
from refdash.sim.streams import (
    _M_COUNT,
    _M_LOSE,
    _M_NAME,
    _M_NEVER,
    _M_SUCCESS,
    _M_UNSOLICITED,
    _T_AGE,
    _T_CONVERT,
    _T_LIFETIME,
    _T_READY,
    _T_REFERRED,
    _T_SEGMENT,
    _T_STAGGER,
    _Keys,
    _names_table,
    _uniform,
    _uniform_streams,
    ready_delay_pmf,
)

_NO_ASK = np.int32(1 << 30)


@dataclass(frozen=True, eq=False)
class Runs:
    """Monte Carlo runs of one policy. Arrays have shape (runs, horizon + 1): month 0 is
    today, month t the end of month t. Counts are per month unless named cumulative."""

    policy: str
    active: np.ndarray          #: active clients at the end of the month
    new_clients: np.ndarray     #: clients won this month (all by referral)
    named: np.ndarray           #: people named by referrals made this month
    wasted: np.ndarray          #: of those, people already a client, former client or approached
    won: np.ndarray             #: of those named this month, how many will sign (after the lag)
    burned_lost: np.ndarray     #: clients lost to an early ask this month
    burned_never: np.ndarray    #: clients turned into never-referrers by an early ask
    early_asks: np.ndarray      #: asks made before the client was ready
    asks: np.ndarray            #: all asks
    churned: np.ndarray         #: clients lost to ordinary churn
    hazard: np.ndarray          #: expected churn losses (sum of monthly churn probabilities)
    reached: np.ndarray         #: cumulative people reached (clients ever + approached)
    cascade: pd.DataFrame       #: every client of run 0 (see :func:`simulate`)

    @property
    def burned(self) -> np.ndarray:
        return self.burned_lost + self.burned_never


def _starting_people(s: Scenario, keys: _Keys) -> tuple[np.ndarray, np.ndarray]:
    """``start_clients`` distinct people per run (the same in every policy)."""
    n, m, runs = s.start_clients, s.market, s.runs
    if n * 20 <= m:
        cand = 2 * n + 16
        run = np.repeat(np.arange(runs, dtype=np.int64), cand)
        j = np.tile(np.arange(cand, dtype=np.int64), runs)
        u = _uniform(keys.of(run, j, 0), 99)
        flat = run * m + np.minimum((u * m).astype(np.int64), m - 1)
        uniq, first = np.unique(flat, return_index=True)
        order = np.argsort(first, kind="stable")
        uniq = uniq[order]
        r_of = uniq // m
        order = np.argsort(r_of, kind="stable")
        uniq, r_of = uniq[order], r_of[order]
        rank = np.arange(len(uniq)) - np.searchsorted(r_of, r_of, side="left")
        pick = rank < n
        if np.count_nonzero(pick) == n * runs:
            return r_of[pick].astype(np.int32), (uniq[pick] % m).astype(np.int32)
    run = np.repeat(np.arange(runs, dtype=np.int64), m)
    person = np.tile(np.arange(m, dtype=np.int64), runs)
    u = _uniform(keys.of(run, person, 0), 98).reshape(runs, m)
    chosen = np.sort(np.argpartition(u, n - 1, axis=1)[:, :n], axis=1)
    return np.repeat(np.arange(runs, dtype=np.int32), n), chosen.reshape(-1).astype(np.int32)


@dataclass
class _Live:
    """Columns of the clients alive now, across all runs."""

    lane: np.ndarray
    person: np.ndarray
    base: np.ndarray     # key of the person in the run (uint64)
    dies: np.ndarray     # month at whose end ordinary churn takes the client
    alive: np.ndarray    # False once gone (rows are dropped in batches, not every month)
    cid: np.ndarray
    seg: np.ndarray
    referred: np.ndarray
    ready: np.ndarray
    next_ask: np.ndarray
    gen: np.ndarray
    root: np.ndarray

    def take(self, mask: np.ndarray) -> _Live:
        return _Live(**{k: v[mask] for k, v in self.__dict__.items()})

    def extend(self, other: _Live) -> _Live:
        return _Live(**{k: np.concatenate([v, getattr(other, k)]) for k, v in self.__dict__.items()})


def _lifetime(u: np.ndarray, hazard: np.ndarray) -> np.ndarray:
    """Months a client stays, counting the month they sign: a geometric number of monthly
    churn trials (``hazard`` each) up to the first that takes them, from uniforms ``u``;
    ``_NO_ASK`` (never) when the hazard is 0."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        g = np.ceil(np.log1p(-u) / np.log1p(-hazard))
    g = np.where(hazard > 0, np.maximum(g, 1), _NO_ASK)
    return np.minimum(g, _NO_ASK).astype(np.int32)


def _chance(keys: _Keys, base: np.ndarray, t: int, mask: np.ndarray, stream: int,
            p: float | np.ndarray) -> np.ndarray:
    """``mask & (U < p)``, with the uniforms of ``stream`` in month ``t`` hashed only where
    ``mask`` holds (a key's draw does not depend on which others are drawn, so common random
    numbers hold)."""
    idx = np.flatnonzero(mask)
    hit = np.zeros(len(mask), dtype=bool)
    if len(idx):
        u = _uniform(keys.month(base[idx], t), stream)
        hit[idx] = u < (p[idx] if isinstance(p, np.ndarray) else p)
    return hit


def _segment_of(u: np.ndarray, shares: np.ndarray) -> np.ndarray:
    return np.minimum(np.searchsorted(np.cumsum(shares), u, side="right"), 2).astype(np.int8)


def simulate(s: Scenario, policy: str, network: Network | None = None) -> Runs:
    """Run ``s.runs`` Monte Carlo runs of the scenario under the ask ``policy``.

    ``policy`` is ``patient`` (ask once the client is ready, then every ``ask_rest`` months),
    ``eager`` (ask in the month of the sale, then every ``ask_rest`` months, ready or not) or
    ``never``. ``network`` defaults to the scenario's cached network.

    The ``cascade`` frame lists every client of run 0: ``client`` (an id), ``person``,
    ``joined`` and ``left`` (months; joined <= 0 for today's clients, left NaN if still
    active), ``referrer`` (client id, -1 for today's clients), ``generation``, ``root`` (the
    starting client the chain began with), ``segment`` and ``burned`` (lost or turned
    never by an early ask).
    """
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {POLICIES}, got {policy!r}")
    if not isinstance(s, Scenario):
        raise TypeError(f"s must be a Scenario, got {type(s).__name__}")
    net = network if network is not None else network_for(s)
    if (net.market, net.sphere) != (s.market, s.sphere):
        raise ValueError(f"the network has market={net.market}, sphere={net.sphere} but the "
                         f"scenario asks for market={s.market}, sphere={s.sphere}")
    return _simulate(s, (policy,), net)[policy]


class _Sim:
    """The state of one vectorised pass over ``policies``: a *lane* is one (policy, run) pair,
    lane ``i * runs + r`` for the i-th policy. Draws are keyed by the run, not the lane, so
    every policy meets the same luck. Arrays of counts have shape (lanes, horizon + 1)."""

    COUNTS = ("active", "new_clients", "named", "wasted", "won", "burned_lost", "burned_never",
              "early_asks", "asks", "churned", "reached")

    def __init__(self, s: Scenario, policies: tuple[str, ...], net: Network) -> None:
        self.s, self.policies, self.net = s, policies, net
        self.R, self.H, self.M, self.K = s.runs, s.horizon, s.market, s.sphere
        self.L = len(policies) * s.runs
        self.keys = _Keys(s)
        self.ready_cdf = np.cumsum(ready_delay_pmf(s.time_to_trust))
        self.names_cdf = _names_table(s.names_per_referral)
        self.ask_p = np.array([s.advocate_ask_success, s.ask_success, 0.0])
        self.churn_p = np.array([s.churn, s.churn_referred])
        #: the policy of each block of lanes: 0 patient, 1 eager, 2 never
        self.code_of_block = np.array([POLICIES.index(p) for p in policies])
        self.out = {name: np.zeros((self.L, self.H + 1), dtype=np.int32) for name in self.COUNTS}
        self.hazard = np.zeros((self.L, self.H + 1))
        self.reached = np.zeros(self.L * self.M, dtype=bool)  # (lane, person) ever reached
        #: run 0 of each policy, for the cascade picture: clients who joined, clients who left
        self.hist: list[tuple[np.ndarray, ...]] = []
        self.ended: list[tuple[np.ndarray, int, np.ndarray]] = []
        #: prospects who will sign in a month: lane, person, referrer, generation, root
        self.pipeline: dict[int, tuple[np.ndarray, ...]] = {}
        self.next_cid = 0  # the next client id
        self.live = self._today()

    def count(self, lanes: np.ndarray) -> np.ndarray:
        """How many of ``lanes`` fall in each lane."""
        return np.bincount(lanes, minlength=self.L)

    def _today(self) -> _Live:
        """Today's clients (the same people and traits in every policy)."""
        s, keys, P, R = self.s, self.keys, len(self.policies), self.R
        run0, person0 = _starting_people(s, keys)
        tk = keys.trait(run0, person0)
        age = np.minimum((_uniform(tk, _T_AGE) * (s.start_age_max + 1)).astype(np.int32),
                         s.start_age_max)
        ready = (-age + np.searchsorted(self.ready_cdf, _uniform(tk, _T_READY), side="right")
                 ).astype(np.int32)
        ready = np.minimum(ready, -age + len(self.ready_cdf) - 1)
        stagger = 1 + np.minimum((_uniform(tk, _T_STAGGER) * s.ask_rest).astype(np.int32),
                                 s.ask_rest - 1)
        seg = _segment_of(_uniform(tk, _T_SEGMENT), s.shares)
        referred = _uniform(tk, _T_REFERRED) < s.start_referred_share
        dies = _lifetime(_uniform(tk, _T_LIFETIME), self.churn_p[referred.astype(np.int64)])
        n0 = len(run0)
        code = np.repeat(self.code_of_block, n0)
        ready_all, stagger_all = np.tile(ready, P), np.tile(stagger, P)
        next_ask = np.select([code == 0, code == 1],
                             [np.maximum(ready_all, stagger_all), stagger_all],
                             _NO_ASK).astype(np.int32)
        lane0 = (np.arange(P)[:, None] * R + run0[None, :]).ravel().astype(np.int32)
        person_all = np.tile(person0, P)
        cid0 = np.arange(P * n0, dtype=np.int64)
        live = _Live(lane=lane0, person=person_all, base=np.tile(keys.base(run0, person0), P),
                     dies=np.tile(dies, P), alive=np.ones(P * n0, bool), cid=cid0,
                     seg=np.tile(seg, P), referred=np.tile(referred, P), ready=ready_all,
                     next_ask=next_ask, gen=np.zeros(P * n0, np.int16), root=cid0.copy())
        self.reached[lane0.astype(np.int64) * self.M + person_all] = True
        self.out["active"][:, 0] = self.count(lane0)
        self.out["reached"][:, 0] = self.out["active"][:, 0]
        self.next_cid = P * n0
        first = lane0 % R == 0
        k = np.count_nonzero(first)
        self.hist.append((lane0[first], cid0[first], person_all[first], -np.tile(age, P)[first],
                          np.full(k, -1), np.zeros(k, np.int16), cid0[first], live.seg[first]))
        return live

    def sign(self, t: int) -> None:
        """Step 1: the prospects whose sales cycle ends in month ``t`` become clients."""
        if t not in self.pipeline:
            return
        s, keys, R = self.s, self.keys, self.R
        p_lane, p_person, p_ref, p_gen, p_root = self.pipeline.pop(t)
        n_new = len(p_lane)
        tk = keys.trait(p_lane % R, p_person)
        delay = np.minimum(np.searchsorted(self.ready_cdf, _uniform(tk, _T_READY), side="right"),
                           len(self.ready_cdf) - 1)
        ready = (t + delay).astype(np.int32)
        code = self.code_of_block[p_lane // R]
        next_ask = np.select([code == 0, code == 1], [ready, np.full(n_new, t, np.int32)],
                             _NO_ASK).astype(np.int32)
        cid = np.arange(self.next_cid, self.next_cid + n_new, dtype=np.int64)
        self.next_cid += n_new
        new = _Live(lane=p_lane, person=p_person, base=keys.base(p_lane % R, p_person),
                    dies=t - 1 + _lifetime(_uniform(tk, _T_LIFETIME),
                                           np.full(n_new, s.churn_referred)),
                    alive=np.ones(n_new, bool), cid=cid,
                    seg=_segment_of(_uniform(tk, _T_SEGMENT), s.shares),
                    referred=np.ones(n_new, bool), ready=ready, next_ask=next_ask,
                    gen=p_gen, root=p_root)
        self.live = self.live.extend(new)
        self.out["new_clients"][:, t] = self.count(p_lane)
        in0 = p_lane % R == 0
        if in0.any():
            self.hist.append((p_lane[in0], cid[in0], p_person[in0],
                              np.full(np.count_nonzero(in0), t), p_ref[in0], p_gen[in0],
                              p_root[in0], new.seg[in0]))

    def ask_and_refer(self, t: int) -> np.ndarray:
        """Step 2: ready advocates refer unasked, the policy's asks are made (an early one may
        lose the client, turn them never, and set their trust back), and each referral names
        people (:meth:`name_prospects`). Returns the clients lost to an early ask."""
        s, keys, live = self.s, self.keys, self.live
        is_ready = t >= live.ready
        unsolicited = _chance(keys, live.base, t, (live.seg == 0) & is_ready, _M_UNSOLICITED,
                              s.advocate_rate)
        ask = t >= live.next_ask
        early = ask & ~is_ready
        lost = _chance(keys, live.base, t, early, _M_LOSE, s.early_lose)
        turned = _chance(keys, live.base, t, early & ~lost & (live.seg != 2), _M_NEVER,
                         s.early_never)
        p_success = self.ask_p[live.seg] * np.where(early, s.early_success, 1.0)
        solicited = _chance(keys, live.base, t, ask & ~lost, _M_SUCCESS, p_success)
        live.seg[turned] = 2
        live.ready[early & ~lost] += np.int32(s.early_setback)
        live.next_ask[ask] = t + s.ask_rest
        for name, mask in (("asks", ask), ("early_asks", early), ("burned_lost", lost),
                           ("burned_never", turned)):
            self.out[name][:, t] = self.count(live.lane[mask])
        self.name_prospects(t, unsolicited, solicited)
        self.out["reached"][:, t] = (self.out["reached"][:, t - 1] + self.out["named"][:, t]
                                     - self.out["wasted"][:, t])
        return lost

    def name_prospects(self, t: int, unsolicited: np.ndarray, solicited: np.ndarray) -> None:
        """Each referral names 1 to ``MAX_NAMES`` people of the referrer's sphere; those already
        reached are wasted, fresh ones who will convert join the pipeline (they sign
        ``sales_lag`` months later)."""
        s, keys, live, M, K, R = self.s, self.keys, self.live, self.M, self.K, self.R
        who = np.concatenate([np.flatnonzero(unsolicited), np.flatnonzero(solicited)])
        if not len(who):
            return
        kind = np.concatenate([np.zeros(np.count_nonzero(unsolicited), np.int64),
                               np.ones(np.count_nonzero(solicited), np.int64)])
        ek = keys.month(live.base[who], t)
        u_count = _uniform_streams(ek, _M_COUNT + kind)
        n_named = np.minimum(1 + np.searchsorted(self.names_cdf, u_count, side="right"),
                             MAX_NAMES)
        rep = np.repeat(np.arange(len(who)), n_named)
        j = np.arange(len(rep)) - np.repeat(np.cumsum(n_named) - n_named, n_named)
        u = _uniform_streams(ek[rep], _M_NAME + kind[rep] * MAX_NAMES + j)
        ref = who[rep]
        r_lane = live.lane[ref].astype(np.int64)
        target = self.net.ties(live.person[ref], np.minimum((u * K).astype(np.int64), K - 1))
        flat = r_lane * M + target
        _, first = np.unique(flat, return_index=True)
        fresh = np.zeros(len(flat), bool)
        fresh[first] = True  # one person named twice in a month counts once
        fresh &= ~self.reached[flat]
        self.reached[flat[fresh]] = True
        self.out["named"][:, t] = self.count(r_lane)
        self.out["wasted"][:, t] = self.count(r_lane[~fresh])
        f_lane, f_person, f_ref = r_lane[fresh].astype(np.int32), target[fresh], ref[fresh]
        converts = _uniform(keys.trait(f_lane % R, f_person), _T_CONVERT) < s.conversion
        self.out["won"][:, t] = self.count(f_lane[converts])
        due = t + s.sales_lag
        if due <= self.H and converts.any():
            c_ref = f_ref[converts]
            self.pipeline[due] = (f_lane[converts], f_person[converts], live.cid[c_ref],
                                  live.gen[c_ref] + 1, live.root[c_ref])

    def churn(self, t: int, lost: np.ndarray) -> None:
        """Step 3: ordinary churn; the clients gone this month (churned or ``lost`` to an
        early ask) never act again."""
        live, L = self.live, self.L
        kind_of = np.where(live.alive, live.lane.astype(np.int64) * 2 + live.referred, 2 * L)
        at_risk = np.bincount(kind_of, minlength=2 * L + 1)[: 2 * L].reshape(L, 2)
        self.hazard[:, t] = at_risk @ self.churn_p
        churned = ~lost & (live.dies == t)
        self.out["churned"][:, t] = self.count(live.lane[churned])
        gone = np.flatnonzero(lost | churned)
        if len(gone):
            in0 = gone[live.lane[gone] % self.R == 0]
            self.ended.append((live.cid[in0], t, lost[in0]))
            live.alive[gone] = False
            live.seg[gone] = 2
            live.next_ask[gone] = _NO_ASK
            live.dies[gone] = -1
            if np.count_nonzero(~live.alive) * 5 > len(live.alive):  # drop rows in batches
                self.live = live.take(live.alive)
        alive = self.live.alive
        self.out["active"][:, t] = np.bincount(np.where(alive, self.live.lane, L),
                                               minlength=L + 1)[:L]

    def cascade(self) -> pd.DataFrame:
        """Every client of run 0 of each policy (``lane`` tells the policy)."""
        cols = [np.concatenate(c) for c in zip(*self.hist, strict=True)]
        cascade = pd.DataFrame(dict(zip(("lane", "client", "person", "joined", "referrer",
                                         "generation", "root"), cols[:7], strict=True)))
        cascade = cascade.astype({"joined": np.int64, "referrer": np.int64,
                                  "generation": np.int64})
        cascade["segment"] = np.asarray(SEGMENTS)[cols[7]]
        cascade["left"] = np.nan
        cascade["burned"] = False
        if self.ended:
            gone_cid = np.concatenate([e[0] for e in self.ended])
            gone_t = np.concatenate([np.full(len(e[0]), e[1]) for e in self.ended])
            gone_burn = np.concatenate([e[2] for e in self.ended])
            pos = pd.Index(cascade["client"]).get_indexer(gone_cid)
            cascade.loc[pos, "left"] = gone_t
            cascade.loc[pos[gone_burn], "burned"] = True
        return cascade

    def results(self) -> dict[str, Runs]:
        """The runs of each policy."""
        cascade, R = self.cascade(), self.R
        result = {}
        for i, policy in enumerate(self.policies):
            rows = slice(i * R, (i + 1) * R)
            part = cascade[cascade["lane"] == i * R].drop(columns="lane").reset_index(drop=True)
            result[policy] = Runs(policy=policy, hazard=self.hazard[rows], cascade=part,
                                  **{k: v[rows] for k, v in self.out.items()})
        return result


def _simulate(s: Scenario, policies: tuple[str, ...], net: Network) -> dict[str, Runs]:
    """All ``policies`` in one vectorised pass (see :class:`_Sim`): the loop over months."""
    sim = _Sim(s, policies, net)
    for t in range(1, s.horizon + 1):
        sim.sign(t)
        lost = sim.ask_and_refer(t)
        sim.churn(t, lost)
    return sim.results()


def compare(s: Scenario, network: Network | None = None) -> dict[str, Runs]:
    """The three ask policies on the same network with common random numbers, simulated in
    one vectorised pass (the same results as three calls of :func:`simulate`)."""
    net = network if network is not None else network_for(s)
    if (net.market, net.sphere) != (s.market, s.sphere):
        raise ValueError(f"the network has market={net.market}, sphere={net.sphere} but the "
                         f"scenario asks for market={s.market}, sphere={s.sphere}")
    return _simulate(s, POLICIES, net)

