"""The sphere-of-influence simulator: growth of a client base by referral.

Plain-words description, knobs and honesty notes: ``docs/simulator.md``.

The market is ``market`` people on an explicit, sampled acquaintance network where everyone
knows exactly ``sphere`` others (:func:`build_network`). A ``clustering`` share of those
acquaintances come from one's local circle (a ring lattice: the acquaintances of one's
acquaintances are mostly one's own), the rest are spread at random over the market. Clients
are people of that market; when they refer, they name people from their own sphere, so
overlap and saturation happen by themselves: nobody is counted twice.

Time runs in whole months. Every month (in this order):

1. prospects whose sales cycle ends this month become clients (age 0);
2. clients act: a ready advocate refers unasked with a monthly probability; the sales lead asks
   according to the **ask policy** (patient: once the client is ready, then again after a
   rest; eager: right after the sale, then after each rest; never); an ask made before the
   client is ready is an *early ask* with its costs; each referral names one or a few people
   from the referrer's sphere, those already reached are wasted, fresh ones convert with a
   probability after the sales-cycle lag;
3. churn: each client leaves with a monthly probability (lower for referred clients).

Randomness is counter-based: every draw is a hash of (seed, run, person, month, purpose), so
the same person in the same run meets the same luck under every ask policy (common random
numbers: the gap between two policies is the policy, not noise), and a seed always gives the
same runs. Everything is vectorised over clients and Monte Carlo runs; the only Python loops
are over months (and over a handful of random layers when a network is built).
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, sparse, stats

from refdash.model.portfolio import Portfolio

POLICIES: tuple[str, ...] = ("patient", "eager", "never")
SEGMENTS: tuple[str, ...] = ("advocate", "responsive", "never")

#: Upper bound on ``market * sphere`` (acquaintance slots held in memory, 4 bytes each).
MAX_NETWORK_SLOTS = 30_000_000
#: Largest number of people one referral can name.
MAX_NAMES = 6
_NO_ASK = np.int32(1 << 30)


class ScenarioError(ValueError):
    """An invalid scenario. ``key`` and ``fmt`` let a page translate the message
    (``sim.error.<key>``); ``str(error)`` is the English message with the offending values."""

    def __init__(self, key: str, message: str, **fmt: object) -> None:
        super().__init__(message)
        self.key = key
        self.fmt = fmt


@dataclass(frozen=True)
class Scenario:
    """Everything one simulation needs. Months are whole calendar months; probabilities are in
    [0, 1]; rates are per month. Validated on creation (:class:`ScenarioError`)."""

    start_clients: int = 100           #: active clients today
    start_age_max: int = 24            #: their ages are spread evenly over 0..this (months)
    start_referred_share: float = 0.0  #: share of today's clients who came by referral
    market: int = 50_000               #: people who could ever become clients
    sphere: int = 250                  #: acquaintances each person has in the market
    clustering: float = 0.5            #: share of acquaintances from one's local circle
    share_advocate: float = 0.2        #: refer unasked once ready
    share_responsive: float = 0.6      #: refer when asked
    share_never: float = 0.2           #: never refer
    advocate_rate: float = 0.06        #: unsolicited referrals per month of a ready advocate
    ask_success: float = 0.5           #: P(a responsive client refers | asked when ready)
    advocate_ask_success: float = 0.8  #: P(an advocate refers | asked when ready)
    names_per_referral: float = 1.5    #: mean people named by one referral (1 to 6)
    conversion: float = 0.15           #: P(a fresh referred prospect becomes a client)
    sales_lag: int = 2                 #: months from referral to signed client
    time_to_trust: float = 6.0         #: mean months before a new client is ready to be asked
    ask_rest: int = 6                  #: months between two asks to the same client
    early_success: float = 0.25        #: an early ask succeeds this fraction as often
    early_lose: float = 0.12           #: P(an early ask loses the client)
    early_never: float = 0.30          #: P(an early ask turns the client into a never-referrer)
    early_setback: int = 3             #: months of trust an early ask costs
    churn: float = 0.010               #: monthly P(leaving) of a client who did not come by referral
    churn_referred: float = 0.006      #: monthly P(leaving) of a referred client
    horizon: int = 36                  #: months simulated
    runs: int = 100                    #: Monte Carlo runs
    seed: int = 42                     #: same seed, same runs (and same network)
    notes: tuple[str, ...] = field(default=(), compare=False)  #: where calibrated values came from

    def __post_init__(self) -> None:
        _validate(self)

    @property
    def shares(self) -> np.ndarray:
        return np.array([self.share_advocate, self.share_responsive, self.share_never])

    def to_params(self) -> dict[str, str]:
        """The scenario as URL query parameters (only the values that differ from the
        defaults, so a shared link stays short)."""
        default = Scenario()
        out = {}
        for f in fields(self):
            if f.name == "notes":
                continue
            value = getattr(self, f.name)
            if value != getattr(default, f.name):
                out[f.name] = repr(float(value)) if isinstance(value, float) else str(value)
        return out

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Scenario:
        """A scenario from URL query parameters. Unknown names are ignored and each value
        that cannot be read falls back to its default; a combination that is invalid as a
        whole raises :class:`ScenarioError`."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "notes" or f.name not in params:
                continue
            raw = params[f.name]
            raw = raw[-1] if isinstance(raw, list | tuple) and raw else raw
            kind = type(f.default)
            try:
                values[f.name] = int(float(raw)) if kind is int else float(raw)
            except (TypeError, ValueError):
                continue
        return cls(**values)

    def with_values(self, **changes: Any) -> Scenario:
        return replace(self, **changes)


def _validate(s: Scenario) -> None:
    def need(ok: bool, key: str, message: str, **fmt: object) -> None:
        if not ok:
            raise ScenarioError(key, message.format(**fmt), **fmt)

    for name in ("start_clients", "start_age_max", "market", "sphere", "sales_lag", "ask_rest",
                 "early_setback", "horizon", "runs", "seed"):
        value = getattr(s, name)
        need(isinstance(value, int | np.integer) and not isinstance(value, bool), "not_whole",
             "{name} must be a whole number, got {value!r}", name=name, value=value)
    for name in ("start_referred_share", "clustering", "share_advocate", "share_responsive",
                 "share_never", "advocate_rate", "ask_success", "advocate_ask_success",
                 "conversion", "early_success", "early_lose", "early_never", "churn",
                 "churn_referred"):
        value = getattr(s, name)
        need(isinstance(value, int | float) and 0.0 <= value <= 1.0, "probability",
             "{name} must be a probability in [0, 1], got {value!r}", name=name, value=value)
    total = s.share_advocate + s.share_responsive + s.share_never

    def pct(x: float) -> float | int:
        x = round(100 * x, 2)
        return int(x) if x == int(x) else x

    need(abs(total - 1.0) <= 1e-6, "shares",
         "segment shares must sum to 100 %, got {a} + {r} + {n} = {total} %",
         a=pct(s.share_advocate), r=pct(s.share_responsive), n=pct(s.share_never), total=pct(total))
    need(s.start_clients >= 1, "start_clients",
         "start_clients must be at least 1, got {value}", value=s.start_clients)
    need(s.market >= 10, "market_small", "market must hold at least 10 people, got {value}",
         value=s.market)
    need(s.start_clients < s.market, "market_vs_start",
         "the market ({market} people) must be larger than the starting clients ({start})",
         market=s.market, start=s.start_clients)
    need(2 <= s.sphere < s.market, "sphere",
         "sphere must be between 2 and the market size minus 1 ({top}), got {value}",
         top=s.market - 1, value=s.sphere)
    need(s.market * s.sphere <= MAX_NETWORK_SLOTS, "too_big",
         "market x sphere = {slots} acquaintance slots is more than {cap}: lower one of them",
         slots=s.market * s.sphere, cap=MAX_NETWORK_SLOTS)
    need(1.0 <= s.names_per_referral <= MAX_NAMES, "names",
         "names_per_referral must be between 1 and {top}, got {value!r}", top=MAX_NAMES,
         value=s.names_per_referral)
    need(0.0 <= s.time_to_trust <= 60.0, "time_to_trust",
         "time_to_trust must be between 0 and 60 months, got {value!r}", value=s.time_to_trust)
    need(1 <= s.sales_lag <= 24, "sales_lag",
         "sales_lag must be between 1 and 24 months, got {value}", value=s.sales_lag)
    need(1 <= s.ask_rest <= 36, "ask_rest",
         "ask_rest must be between 1 and 36 months, got {value}", value=s.ask_rest)
    need(0 <= s.early_setback <= 36, "early_setback",
         "early_setback must be between 0 and 36 months, got {value}", value=s.early_setback)
    need(0 <= s.start_age_max <= 240, "start_age_max",
         "start_age_max must be between 0 and 240 months, got {value}", value=s.start_age_max)
    need(1 <= s.horizon <= 120, "horizon",
         "horizon must be between 1 and 120 months, got {value}", value=s.horizon)
    need(1 <= s.runs <= 2000, "runs", "runs must be between 1 and 2000, got {value}",
         value=s.runs)
    need(0 <= s.seed < 2**32, "seed", "seed must be in [0, 2**32), got {value}", value=s.seed)


# --------------------------------------------------------------------------- the network


@dataclass(frozen=True, eq=False)
class Network:
    """An undirected acquaintance network where everyone knows exactly ``sphere`` people.

    ``neighbours[i]`` lists person ``i``'s acquaintances (``int32``, shape
    ``(market, sphere)``); rows have a fixed length, so the CSR form shares that buffer.
    A random tie may, rarely, repeat another tie of the same row (about ``sphere / market``
    of the ties): such a person is simply a little more likely to be named.
    """

    neighbours: np.ndarray
    clustering: float
    seed: int

    @property
    def market(self) -> int:
        return int(self.neighbours.shape[0])

    @property
    def sphere(self) -> int:
        return int(self.neighbours.shape[1])

    def csr(self) -> sparse.csr_array:
        """The adjacency matrix as a scipy CSR array (``int8`` ones; shares the indices)."""
        m, k = self.neighbours.shape
        indptr = np.arange(0, m * k + 1, k, dtype=np.int64)
        return sparse.csr_array((np.ones(m * k, dtype=np.int8), self.neighbours.reshape(-1),
                                 indptr), shape=(m, m))


def build_network(market: int, sphere: int, clustering: float, seed: int = 0) -> Network:
    """Sample an acquaintance network of ``market`` people who each know ``sphere`` others.

    ``clustering`` (a share in [0, 1]) of each person's ties go to their local circle: a ring
    where everyone knows the ``clustering * sphere`` people nearest to them, so friends of
    friends are mostly one's own friends (local clustering coefficient about 0.75 when
    ``clustering`` is 1). The remaining ties are symmetric random ones: each random layer is a
    random permutation ``p`` linking ``i`` with ``p[i]`` and ``p^-1[i]``. Cached by its
    arguments (the last two networks), so moving a slider does not rebuild it.
    """
    if not isinstance(market, int | np.integer) or market < 3:
        raise ValueError(f"market must be a whole number of at least 3 people, got {market!r}")
    if not isinstance(sphere, int | np.integer) or not 2 <= sphere < market:
        raise ValueError(f"sphere must be a whole number in [2, market - 1 = {market - 1}], "
                         f"got {sphere!r}")
    if not 0.0 <= clustering <= 1.0:
        raise ValueError(f"clustering must be a share in [0, 1], got {clustering!r}")
    if market * sphere > MAX_NETWORK_SLOTS:
        raise ValueError(f"market x sphere = {market * sphere} is more than {MAX_NETWORK_SLOTS}")
    return _build_network(int(market), int(sphere), float(clustering), int(seed))


@lru_cache(maxsize=2)
def _build_network(market: int, sphere: int, clustering: float, seed: int) -> Network:
    rng = np.random.default_rng([seed, 0x5EED])
    half = min(int(round(clustering * sphere / 2)), sphere // 2, (market - 1) // 2)
    n_random = sphere - 2 * half
    nb = np.empty((market, sphere), dtype=np.int32)
    people = np.arange(market, dtype=np.int32)
    offsets = np.concatenate([np.arange(-half, 0), np.arange(1, half + 1)]).astype(np.int32)
    local = nb[:, : 2 * half]
    np.add(people[:, None], offsets[None, :], out=local)
    local[local < 0] += market
    local[local >= market] -= market
    n_layers, odd = divmod(n_random, 2)
    layers = np.empty((n_random, market), dtype=np.int32)
    for j in range(n_layers):  # a loop over random layers (at most sphere / 2), not people
        perm = rng.permutation(market).astype(np.int32)
        layers[2 * j] = perm
        layers[2 * j + 1][perm] = people
    if odd:  # one random matching: a symmetric tie for everyone (a self-tie if market is odd)
        perm = rng.permutation(market).astype(np.int32)
        pairs = market // 2
        match = people.copy()
        match[perm[0:2 * pairs:2]] = perm[1:2 * pairs:2]
        match[perm[1:2 * pairs:2]] = perm[0:2 * pairs:2]
        layers[-1] = match
    nb[:, 2 * half:] = layers.T
    nb.flags.writeable = False
    return Network(neighbours=nb, clustering=clustering, seed=seed)


def network_for(s: Scenario) -> Network:
    """The (cached) network of a scenario; its seed follows the scenario's seed."""
    return build_network(s.market, s.sphere, s.clustering, s.seed)


def clustering_coefficient(net: Network, sample: int = 200, seed: int = 0) -> float:
    """Mean local clustering coefficient over ``sample`` random people: the share of pairs of
    someone's acquaintances who know each other."""
    if sample < 1:
        raise ValueError(f"sample must be at least 1, got {sample!r}")
    rng = np.random.default_rng(seed)
    who = rng.choice(net.market, size=min(sample, net.market), replace=False)
    adj = net.csr().astype(np.float32)
    rows = adj[who]
    triangles = np.asarray((rows @ adj).multiply(rows).sum(axis=1)).ravel()
    k = net.sphere
    return float(np.mean(triangles / (k * (k - 1))))


def independent_cascade(net: Network, p: float, seeds: np.ndarray,
                        rng: np.random.Generator | int = 0) -> np.ndarray:
    """A pure independent cascade (discrete-time SIR with one step of contagiousness): each
    person activated at step ``t`` gets one chance, with probability ``p``, to activate each
    acquaintance who is not active yet; they are activated at ``t + 1``.

    Returns the number of people newly activated at each step (step 0: the distinct
    ``seeds``). Vectorised over the frontier: the only loop is over steps. The successful
    attempts are drawn as a Bernoulli process by geometric gaps, so the cost follows the
    ``p * sphere`` successful attempts per active person rather than all ``sphere`` tries.
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be a probability in [0, 1], got {p!r}")
    seeds = np.unique(np.asarray(seeds, dtype=np.int64))
    if seeds.size and (seeds[0] < 0 or seeds[-1] >= net.market):
        raise ValueError(f"seeds must be people 0..{net.market - 1}, got {seeds.min()}..{seeds.max()}")
    rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    active = np.zeros(net.market, dtype=bool)
    active[seeds] = True
    frontier = seeds
    counts = [len(seeds)]
    nbrs = net.neighbours
    k = net.sphere
    while frontier.size and p > 0:
        tries = frontier.size * k
        if p >= 1.0:
            pos = np.arange(tries)
        else:  # positions of the successes among ``tries`` Bernoulli(p) trials
            n = int(tries * p + 6 * math.sqrt(tries * p) + 16)
            pos = np.cumsum(rng.geometric(p, size=n)) - 1
            while pos[-1] < tries:  # rarely: draw more gaps
                pos = np.concatenate([pos, pos[-1] + np.cumsum(rng.geometric(p, size=n))])
            pos = pos[pos < tries]
        hit = nbrs[frontier[pos // k], pos % k]
        hit = np.unique(hit[~active[hit]])
        active[hit] = True
        frontier = hit.astype(np.int64)
        if frontier.size:
            counts.append(int(frontier.size))
    return np.array(counts, dtype=np.int64)


# ------------------------------------------------------------------- counter-based draws

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = (np.uint64(s) for s in (30, 27, 31, 11))


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a bijective, well-mixed hash of uint64 values."""
    x = x ^ (x >> _S30)
    x = x * _MIX1
    x = x ^ (x >> _S27)
    x = x * _MIX2
    return x ^ (x >> _S31)


def _uniform(keys: np.ndarray, stream: int) -> np.ndarray:
    """Uniform [0, 1) floats, one per key, for the independent draw number ``stream``."""
    h = _mix(keys + np.uint64(((stream + 1) * int(_GOLDEN)) % 2**64))
    return (h >> _S11).astype(np.float64) * (1.0 / 9007199254740992.0)


def _uniform_streams(keys: np.ndarray, streams: np.ndarray) -> np.ndarray:
    """Like :func:`_uniform` with one stream number per key."""
    h = _mix(keys + (streams.astype(np.uint64) + np.uint64(1)) * _GOLDEN)
    return (h >> _S11).astype(np.float64) * (1.0 / 9007199254740992.0)


# Streams of draws. Traits of a person (fixed over time) ...
_T_SEGMENT, _T_READY, _T_CONVERT, _T_AGE, _T_REFERRED, _T_STAGGER, _T_LIFETIME = 1, 2, 3, 4, 5, 6, 7
# ... and of a client in a month.
_M_UNSOLICITED, _M_LOSE, _M_NEVER, _M_SUCCESS = 11, 12, 13, 14
_M_COUNT, _M_NAME = 20, 40   # + event kind (0 unsolicited, 1 solicited) * MAX_NAMES + j


class _Keys:
    """Keys of people and client-months for one scenario: unique per (run, person, month)."""

    def __init__(self, s: Scenario) -> None:
        self.market = np.uint64(s.market)
        self.slots = np.uint64(s.horizon + 2)
        self.salt = _mix(np.array([s.seed], dtype=np.uint64) ^ np.uint64(0xA5A5_5A5A_C3C3_3C3C))

    def base(self, run: np.ndarray, person: np.ndarray) -> np.ndarray:
        """The part of the key that names the person in a run (months are added to it)."""
        return (run.astype(np.uint64) * self.market + person.astype(np.uint64)) * self.slots

    def month(self, base: np.ndarray, month: int) -> np.ndarray:
        return _mix((base + np.uint64(month)) ^ self.salt)

    def of(self, run: np.ndarray, person: np.ndarray, month: int | np.ndarray) -> np.ndarray:
        ids = self.base(run, person) + np.asarray(month).astype(np.uint64)
        return _mix(ids ^ self.salt)

    def trait(self, run: np.ndarray, person: np.ndarray) -> np.ndarray:
        return self.of(run, person, int(self.slots) - 1)


def ready_delay_pmf(time_to_trust: float) -> np.ndarray:
    """P(a new client becomes ready d whole months after the sale), d = 0, 1, ...: a gamma
    distribution with mean ``time_to_trust`` months and shape 4 (coefficient of variation 0.5),
    rounded to whole months."""
    if time_to_trust < 0.05:  # under a day and a half: ready at once
        return np.array([1.0])
    top = int(math.ceil(4 * time_to_trust)) + 2
    edges = np.concatenate([[0.0], np.arange(top) + 0.5])
    cdf = stats.gamma.cdf(edges, a=4.0, scale=time_to_trust / 4.0)
    pmf = np.diff(cdf)
    pmf[-1] += 1.0 - cdf[-1]
    return pmf


def _names_table(mean: float) -> np.ndarray:
    """Cumulative P(a referral names 1, 2, ... MAX_NAMES people): 1 + Poisson(mean - 1),
    truncated at MAX_NAMES (the truncated mass goes to the top)."""
    pmf = stats.poisson.pmf(np.arange(MAX_NAMES), max(mean - 1.0, 0.0))
    pmf[-1] += 1.0 - pmf.sum()
    return np.cumsum(pmf)


def mean_names(mean: float) -> float:
    """Exact mean of the number of people one referral names (after truncation)."""
    cdf = _names_table(mean)
    pmf = np.diff(np.concatenate([[0.0], cdf]))
    return float(np.sum(pmf * np.arange(1, MAX_NAMES + 1)))


# -------------------------------------------------------------------------- simulation


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


def _simulate(s: Scenario, policies: tuple[str, ...], net: Network) -> dict[str, Runs]:
    """All ``policies`` in one vectorised pass: a *lane* is one (policy, run) pair, lane
    ``i * runs + r`` for the i-th policy. Draws are keyed by the run, not the lane, so every
    policy meets the same luck."""
    P, R, H, M, K = len(policies), s.runs, s.horizon, s.market, s.sphere
    L = P * R
    keys = _Keys(s)
    shares = s.shares
    ready_cdf = np.cumsum(ready_delay_pmf(s.time_to_trust))
    names_cdf = _names_table(s.names_per_referral)
    ask_p = np.array([s.advocate_ask_success, s.ask_success, 0.0])
    churn_p = np.array([s.churn, s.churn_referred])
    code_of_lane_block = np.array([POLICIES.index(p) for p in policies])  # 0 patient, 1 eager, 2 never
    nbrs = net.neighbours

    def zeros() -> np.ndarray:
        return np.zeros((L, H + 1), dtype=np.int32)

    def count(lanes: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(lanes, weights=weights, minlength=L)

    out = {name: zeros() for name in ("active", "new_clients", "named", "wasted", "won",
                                      "burned_lost", "burned_never", "early_asks", "asks",
                                      "churned", "reached")}
    hazard = np.zeros((L, H + 1))
    reached = np.zeros(L * M, dtype=bool)

    # --- today's clients (the same people and traits in every policy)
    run0, person0 = _starting_people(s, keys)
    tk = keys.trait(run0, person0)
    age = np.minimum((_uniform(tk, _T_AGE) * (s.start_age_max + 1)).astype(np.int32),
                     s.start_age_max)
    ready = (-age + np.searchsorted(ready_cdf, _uniform(tk, _T_READY), side="right")).astype(np.int32)
    ready = np.minimum(ready, -age + len(ready_cdf) - 1)
    stagger = 1 + np.minimum((_uniform(tk, _T_STAGGER) * s.ask_rest).astype(np.int32), s.ask_rest - 1)
    seg = _segment_of(_uniform(tk, _T_SEGMENT), shares)
    referred = _uniform(tk, _T_REFERRED) < s.start_referred_share
    dies = _lifetime(_uniform(tk, _T_LIFETIME), churn_p[referred.astype(np.int64)])  # from month 1
    n0 = len(run0)
    code = np.repeat(code_of_lane_block, n0)
    ready_all = np.tile(ready, P)
    stagger_all = np.tile(stagger, P)
    next_ask = np.select([code == 0, code == 1], [np.maximum(ready_all, stagger_all), stagger_all],
                         _NO_ASK).astype(np.int32)
    lane0 = (np.arange(P)[:, None] * R + run0[None, :]).ravel().astype(np.int32)
    person_all = np.tile(person0, P)
    cid0 = np.arange(P * n0, dtype=np.int64)
    live = _Live(lane=lane0, person=person_all, base=np.tile(keys.base(run0, person0), P),
                 dies=np.tile(dies, P), alive=np.ones(P * n0, bool), cid=cid0, seg=np.tile(seg, P),
                 referred=np.tile(referred, P), ready=ready_all, next_ask=next_ask,
                 gen=np.zeros(P * n0, np.int16), root=cid0.copy())
    reached[lane0.astype(np.int64) * M + person_all] = True
    out["active"][:, 0] = count(lane0)
    out["reached"][:, 0] = out["active"][:, 0]
    next_cid = P * n0
    # run 0 of each policy, for the cascade picture
    first = lane0 % R == 0
    hist = [(lane0[first], cid0[first], person_all[first], -np.tile(age, P)[first],
             np.full(np.count_nonzero(first), -1), np.zeros(np.count_nonzero(first), np.int16),
             cid0[first], live.seg[first])]
    ended: list[tuple[np.ndarray, int, np.ndarray]] = []
    pipeline: dict[int, tuple[np.ndarray, ...]] = {}

    for t in range(1, H + 1):  # the loop over months
        # 1. the sales cycles that end this month
        if t in pipeline:
            p_lane, p_person, p_ref, p_gen, p_root = pipeline.pop(t)
            n_new = len(p_lane)
            tk = keys.trait(p_lane % R, p_person)
            delay = np.minimum(np.searchsorted(ready_cdf, _uniform(tk, _T_READY), side="right"),
                               len(ready_cdf) - 1)
            ready = (t + delay).astype(np.int32)
            code = code_of_lane_block[p_lane // R]
            next_ask = np.select([code == 0, code == 1], [ready, np.full(n_new, t, np.int32)],
                                 _NO_ASK).astype(np.int32)
            cid = np.arange(next_cid, next_cid + n_new, dtype=np.int64)
            next_cid += n_new
            new = _Live(lane=p_lane, person=p_person, base=keys.base(p_lane % R, p_person),
                        dies=t - 1 + _lifetime(_uniform(tk, _T_LIFETIME),
                                               np.full(n_new, s.churn_referred)),
                        alive=np.ones(n_new, bool), cid=cid,
                        seg=_segment_of(_uniform(tk, _T_SEGMENT), shares),
                        referred=np.ones(n_new, bool), ready=ready, next_ask=next_ask,
                        gen=p_gen, root=p_root)
            live = live.extend(new)
            out["new_clients"][:, t] = count(p_lane)
            in0 = p_lane % R == 0
            if in0.any():
                hist.append((p_lane[in0], cid[in0], p_person[in0], np.full(np.count_nonzero(in0), t),
                             p_ref[in0], p_gen[in0], p_root[in0], new.seg[in0]))

        # 2. referrals
        is_ready = t >= live.ready
        unsolicited = _chance(keys, live.base, t, (live.seg == 0) & is_ready, _M_UNSOLICITED,
                              s.advocate_rate)
        ask = t >= live.next_ask
        early = ask & ~is_ready
        lost = _chance(keys, live.base, t, early, _M_LOSE, s.early_lose)
        turned = _chance(keys, live.base, t, early & ~lost & (live.seg != 2), _M_NEVER,
                         s.early_never)
        p_success = ask_p[live.seg] * np.where(early, s.early_success, 1.0)
        solicited = _chance(keys, live.base, t, ask & ~lost, _M_SUCCESS, p_success)
        live.seg[turned] = 2
        live.ready[early & ~lost] += np.int32(s.early_setback)
        live.next_ask[ask] = t + s.ask_rest
        for name, mask in (("asks", ask), ("early_asks", early), ("burned_lost", lost),
                           ("burned_never", turned)):
            out[name][:, t] = count(live.lane[mask])

        who = np.concatenate([np.flatnonzero(unsolicited), np.flatnonzero(solicited)])
        kind = np.concatenate([np.zeros(np.count_nonzero(unsolicited), np.int64),
                               np.ones(np.count_nonzero(solicited), np.int64)])
        if len(who):
            ek = keys.month(live.base[who], t)
            u_count = _uniform_streams(ek, _M_COUNT + kind)
            n_named = np.minimum(1 + np.searchsorted(names_cdf, u_count, side="right"), MAX_NAMES)
            rep = np.repeat(np.arange(len(who)), n_named)
            j = np.arange(len(rep)) - np.repeat(np.cumsum(n_named) - n_named, n_named)
            slot = _M_NAME + kind[rep] * MAX_NAMES + j
            u = _uniform_streams(ek[rep], slot)
            ref = who[rep]
            r_lane = live.lane[ref].astype(np.int64)
            target = nbrs[live.person[ref], np.minimum((u * K).astype(np.int64), K - 1)]
            flat = r_lane * M + target
            _, first = np.unique(flat, return_index=True)
            fresh = np.zeros(len(flat), bool)
            fresh[first] = True
            fresh &= ~reached[flat]
            reached[flat[fresh]] = True
            out["named"][:, t] = count(r_lane)
            out["wasted"][:, t] = count(r_lane[~fresh])
            f_lane, f_person, f_ref = r_lane[fresh].astype(np.int32), target[fresh], ref[fresh]
            converts = _uniform(keys.trait(f_lane % R, f_person), _T_CONVERT) < s.conversion
            out["won"][:, t] = count(f_lane[converts])
            due = t + s.sales_lag
            if due <= H and converts.any():
                pipeline[due] = (f_lane[converts], f_person[converts],
                                 live.cid[f_ref[converts]], live.gen[f_ref[converts]] + 1,
                                 live.root[f_ref[converts]])
        out["reached"][:, t] = out["reached"][:, t - 1] + out["named"][:, t] - out["wasted"][:, t]

        # 3. churn
        kind_of = np.where(live.alive, live.lane.astype(np.int64) * 2 + live.referred, 2 * L)
        hazard[:, t] = np.bincount(kind_of, minlength=2 * L + 1)[: 2 * L].reshape(L, 2) @ churn_p
        churned = ~lost & (live.dies == t)
        out["churned"][:, t] = count(live.lane[churned])
        gone = np.flatnonzero(lost | churned)
        if len(gone):
            in0 = gone[live.lane[gone] % R == 0]
            ended.append((live.cid[in0], t, lost[in0]))
            # a client who is gone never acts again; the rows are dropped in batches
            live.alive[gone] = False
            live.seg[gone] = 2
            live.next_ask[gone] = _NO_ASK
            live.dies[gone] = -1
            if np.count_nonzero(~live.alive) * 5 > len(live.alive):
                live = live.take(live.alive)
        out["active"][:, t] = np.bincount(np.where(live.alive, live.lane, L), minlength=L + 1)[:L]

    cols = [np.concatenate(c) for c in zip(*hist, strict=True)]
    cascade = pd.DataFrame(dict(zip(("lane", "client", "person", "joined", "referrer", "generation",
                                     "root"), cols[:7], strict=True)))
    cascade = cascade.astype({"joined": np.int64, "referrer": np.int64, "generation": np.int64})
    cascade["segment"] = np.asarray(SEGMENTS)[cols[7]]
    cascade["left"] = np.nan
    cascade["burned"] = False
    if ended:
        gone_cid = np.concatenate([e[0] for e in ended])
        gone_t = np.concatenate([np.full(len(e[0]), e[1]) for e in ended])
        gone_burn = np.concatenate([e[2] for e in ended])
        pos = pd.Index(cascade["client"]).get_indexer(gone_cid)
        cascade.loc[pos, "left"] = gone_t
        cascade.loc[pos[gone_burn], "burned"] = True
    result = {}
    for i, policy in enumerate(policies):
        rows = slice(i * R, (i + 1) * R)
        part = cascade[cascade["lane"] == i * R].drop(columns="lane").reset_index(drop=True)
        result[policy] = Runs(policy=policy, hazard=hazard[rows], cascade=part,
                              **{k: v[rows] for k, v in out.items()})
    return result


# ------------------------------------------------------------- the branching expectation


def branching_expectation(s: Scenario, policy: str = "patient") -> np.ndarray:
    """Expected active clients at the end of each month 0..horizon on an *infinite* market
    where every named person is new (no overlap, no saturation): the mean of the
    multi-type, age-structured branching process the simulator reduces to when penetration is
    tiny. This is the honest form of "each client brings new prospects, it is exponential",
    drawn beside the simulation as the naive curve.

    Solved exactly by the renewal equation over months (the same step order, readiness
    distribution, ask schedule and churn as :func:`simulate`). Only the ``patient`` and
    ``never`` policies are covered: an eager ask changes a client's future at random, which
    the mean of a branching process does not follow in closed form.
    """
    if policy not in ("patient", "never"):
        raise ValueError(f"policy must be 'patient' or 'never' here, got {policy!r}")
    H, rest = s.horizon, s.ask_rest
    pmf = ready_delay_pmf(s.time_to_trust)
    d = np.arange(len(pmf))
    lam = np.array([s.advocate_rate, 0.0, 0.0])
    pi = np.array([s.advocate_ask_success, s.ask_success, 0.0]) if policy == "patient" else np.zeros(3)
    yield_per_event = s.conversion * mean_names(s.names_per_referral)
    h_direct, h_ref = s.churn, s.churn_referred

    def events(age_from_ready: np.ndarray, first_ask_from_ready: np.ndarray | int = 0) -> np.ndarray:
        """Expected referral events in a month, for a client ``age_from_ready`` months past
        readiness (negative: not yet ready), the first ask ``first_ask_from_ready`` months
        after readiness."""
        ready = age_from_ready >= 0
        since_first = age_from_ready - first_ask_from_ready
        asked = (since_first >= 0) & (since_first % rest == 0)
        return ready * (s.shares @ lam) + asked * (s.shares @ pi)

    # Offspring kernel of a client born (signed) at month 0: expected clients won from the
    # referrals it makes at age a (they sign sales_lag months later).
    a = np.arange(H + 1)
    per_delay = events(a[:, None] - d[None, :])                     # (age, delay)
    kernel = (1 - h_ref) ** a * (per_delay @ pmf) * yield_per_event

    # Today's clients: age a0 uniform on 0..start_age_max, first ask staggered over 1..rest.
    a0 = np.arange(s.start_age_max + 1)
    o = np.arange(1, rest + 1)
    t = np.arange(1, H + 1)
    ready_at = -a0[:, None] + d[None, :]                              # (a0, d)
    first_ask = np.maximum(ready_at[:, :, None], o[None, None, :])    # (a0, d, o)
    grid = events(t[:, None, None, None] - ready_at[None, :, :, None],
                  first_ask[None] - ready_at[None, :, :, None])       # (t, a0, d, o)
    weights = (np.full(len(a0), 1 / len(a0))[:, None, None] * pmf[None, :, None]
               * np.full(rest, 1 / rest)[None, None, :])
    per_start = np.tensordot(grid, weights, axes=3)                   # (t,)
    mix = s.start_referred_share
    surv0 = mix * (1 - h_ref) ** (t - 1) + (1 - mix) * (1 - h_direct) ** (t - 1)
    start_offspring = s.start_clients * surv0 * per_start * yield_per_event  # named at t

    births = np.zeros(H + 1)
    for month in range(1, H + 1):  # the renewal equation, a loop over months
        named_at = month - s.sales_lag
        if named_at < 1:
            continue
        b = np.arange(1, named_at + 1)
        births[month] = start_offspring[named_at - 1] + births[b] @ kernel[named_at - b]
    months = np.arange(H + 1)
    start_alive = s.start_clients * (mix * (1 - h_ref) ** months + (1 - mix) * (1 - h_direct) ** months)
    survival = np.where(months[:, None] >= months[None, :],
                        (1 - h_ref) ** np.clip(months[:, None] - months[None, :] + 1, 0, None), 0.0)
    return start_alive + survival @ births


# ------------------------------------------------------------------------ what it means


def band(values: np.ndarray, low: float = 0.10, high: float = 0.90) -> pd.DataFrame:
    """Median and a ``low``..``high`` quantile band over runs, per month, of an array of shape
    (runs, months)."""
    q = np.quantile(values, [low, 0.5, high], axis=0)
    return pd.DataFrame({"month": np.arange(values.shape[1]), "low": q[0], "median": q[1],
                         "high": q[2]})


def effective_r(runs: Runs) -> np.ndarray:
    """Effective referral reproduction number per month (NaN for month 0 or when nobody can
    churn): clients won by the referrals made this month, divided by the clients churn is
    expected to take this month. It equals "referral clients per active client per month"
    times "mean client lifetime in months", so above 1 referral outgrows churn and below 1 the
    base shrinks (early asks aside). Pooled over runs (a ratio of means)."""
    won = runs.won.sum(axis=0).astype(float)
    hazard = runs.hazard.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(hazard > 0, won / hazard, np.nan)
    r[0] = np.nan
    return r


def doubling_times(active: np.ndarray, window: int = 12) -> np.ndarray:
    """Doubling time in months over each trailing ``window`` of a path of active clients
    (month ``t`` uses months ``t - window .. t``): ``window * ln 2 / ln(A_t / A_{t-window})``;
    ``inf`` when the base did not grow, NaN before the first full window."""
    a = np.asarray(active, dtype=float)
    out = np.full(len(a), np.nan)
    if len(a) <= window:
        return out
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log(a[window:] / a[:-window])
        out[window:] = np.where(ratio > 0, window * np.log(2) / ratio, np.inf)
    return out


@dataclass(frozen=True)
class BassFit:
    """The Bass diffusion curve fitted to the simulated cumulative adoption:
    ``dN/dt = (p + q N / m) (m - N)`` with ``N(0)`` = today's clients, monthly ``p``
    (innovation: adoption from outside the network) and ``q`` (imitation: word of mouth),
    ``m`` the potential adopters. ``fitted`` is ``N(t)`` for months 0..horizon."""

    p: float
    q: float
    m: float
    rmse: float
    fitted: np.ndarray


def bass_curve(t: np.ndarray, p: float, q: float, m: float, n0: float) -> np.ndarray:
    """Closed-form solution of the Bass equation with ``N(0) = n0`` (t in months)."""
    x0 = min(n0 / m, 1 - 1e-12)
    a = (p + q * x0) / (1 - x0)
    e = np.exp((p + q) * np.asarray(t, dtype=float))
    return m * (a * e - p) / (a * e + q)


def fit_bass(cumulative: np.ndarray, market: int) -> BassFit | None:
    """Least-squares Bass fit of a cumulative adoption path (months 0..H); ``None`` when the
    path does not grow (there is nothing to fit)."""
    y = np.asarray(cumulative, dtype=float)
    t = np.arange(len(y))
    n0 = y[0]
    if len(y) < 4 or y[-1] <= n0:
        return None

    def curve(tt: np.ndarray, p: float, q: float, m: float) -> np.ndarray:
        return bass_curve(tt, p, q, m, n0)

    top = float(max(market, y[-1] + 1))
    guess = (1e-4, 0.05, min(top, max(2 * y[-1], y[-1] + 1)))
    try:
        (p, q, m), _ = optimize.curve_fit(curve, t, y, p0=guess,
                                          bounds=([0.0, 0.0, y[-1]], [1.0, 5.0, top]),
                                          max_nfev=2000)
    except (RuntimeError, ValueError):
        return None
    fitted = curve(t, p, q, m)
    return BassFit(p=float(p), q=float(q), m=float(m),
                   rmse=float(np.sqrt(np.mean((fitted - y) ** 2))), fitted=fitted)


def sphere_reach(cascade: pd.DataFrame, net: Network, horizon: int) -> pd.DataFrame:
    """The French claim checked on one run: "each new client is ``sphere`` new prospects".

    Per month 0..horizon: ``clients`` who ever signed by then, ``claimed`` = sphere x clients
    (the claim), ``prospects`` = distinct people who know at least one of those clients and
    are not clients themselves (what the network gives)."""
    joined = np.maximum(cascade["joined"].to_numpy(dtype=np.int64), 0)
    person = cascade["person"].to_numpy(dtype=np.int64)
    months = np.arange(horizon + 1)
    rows = net.neighbours[person]                          # (clients, sphere)
    flat = rows.reshape(-1).astype(np.int64)
    when = np.repeat(joined, net.sphere)
    order = np.lexsort((when, flat))
    flat, when = flat[order], when[order]
    first = np.ones(len(flat), bool)
    first[1:] = flat[1:] != flat[:-1]
    people, first_seen = flat[first], when[first]
    # a known person who is a client stops being a prospect from the month they sign
    client_join = pd.Series(joined, index=person)
    signed = client_join.reindex(people).to_numpy(dtype=float)
    signed = np.where(np.isnan(signed), np.inf, signed)
    seen = np.bincount(first_seen, minlength=horizon + 1)[: horizon + 1].cumsum()
    is_client = np.isfinite(signed)
    turned = np.maximum(first_seen[is_client], signed[is_client]).astype(np.int64)
    lost = np.bincount(turned, minlength=horizon + 1)[: horizon + 1].cumsum()
    clients = np.bincount(joined, minlength=horizon + 1)[: horizon + 1].cumsum()
    return pd.DataFrame({"month": months, "clients": clients, "claimed": clients * net.sphere,
                         "prospects": seen - lost})


def cascade_sample(cascade: pd.DataFrame, max_nodes: int = 300) -> pd.DataFrame:
    """A drawable piece of one run's referral cascade: whole lineages (a starting client and
    everyone its referrals brought, generation after generation) that brought at least one
    client, largest first, up to ``max_nodes`` clients (a lone starting client when no lineage
    grew). Adds ``x`` (month joined, 0 for today's clients), ``y`` (a row per
    client, lineages kept together) and the referrer's ``parent_x``/``parent_y``."""
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, got {max_nodes!r}")
    if cascade.empty:
        return cascade.assign(x=[], y=[], parent_x=[], parent_y=[])
    size = cascade.groupby("root")["client"].transform("size")
    roots = (cascade.assign(size=size).drop_duplicates("root")
             .sort_values(["size", "root"], ascending=[False, True]))
    keep_roots = roots["root"][(roots["size"].cumsum() <= max_nodes) & (roots["size"] > 1)]
    if keep_roots.empty:
        keep_roots = roots["root"].iloc[:1]
    rank = pd.Series(np.arange(len(keep_roots)), index=keep_roots.to_numpy())
    part = cascade[cascade["root"].isin(keep_roots)].copy()
    part["root_rank"] = rank.reindex(part["root"]).to_numpy()
    part = part.sort_values(["root_rank", "joined", "client"]).head(max_nodes).reset_index(drop=True)
    part["x"] = np.maximum(part["joined"], 0)
    part["y"] = np.arange(len(part))
    where = pd.Series(part.index, index=part["client"])
    pos = where.reindex(part["referrer"]).to_numpy()
    has = ~np.isnan(pos.astype(float))
    part["parent_x"] = np.where(has, part["x"].to_numpy()[np.where(has, pos, 0).astype(int)], np.nan)
    part["parent_y"] = np.where(has, part["y"].to_numpy()[np.where(has, pos, 0).astype(int)], np.nan)
    return part.drop(columns="root_rank")


@lru_cache(maxsize=4)
def _clustering_of(market: int, sphere: int, clustering: float, seed: int) -> float:
    return clustering_coefficient(build_network(market, sphere, clustering, seed), sample=60)


@dataclass(frozen=True, eq=False)
class Exploration:
    """Everything the Simulator page shows for one scenario (see :func:`explore`)."""

    scenario: Scenario
    runs: dict[str, Runs]
    naive: np.ndarray                 #: branching expectation, patient policy (clients/month)
    measured_clustering: float        #: clustering coefficient of the sampled network
    kpis: pd.DataFrame                #: one row per policy
    monthly: pd.DataFrame             #: one row per policy and month (the CSV download)
    patience: pd.DataFrame            #: paired gaps at the horizon (patient - eager, ...)
    network: Network
    _views: dict = field(default_factory=dict, repr=False)

    def _view(self, kind: str, policy: str, make: Any) -> Any:
        if policy not in POLICIES:
            raise ValueError(f"policy must be one of {POLICIES}, got {policy!r}")
        if (kind, policy) not in self._views:
            self._views[(kind, policy)] = make()
        return self._views[(kind, policy)]

    def bass(self, policy: str) -> BassFit | None:
        """:func:`fit_bass` of the policy's median cumulative adoption (computed once)."""
        def make() -> BassFit | None:
            r = self.runs[policy]
            cumulative = r.active[:, :1] + np.cumsum(r.new_clients, axis=1)
            return fit_bass(np.median(cumulative, axis=0), self.scenario.market)
        return self._view("bass", policy, make)

    def sphere(self, policy: str) -> pd.DataFrame:
        """:func:`sphere_reach` of the policy's run 0 (computed once)."""
        return self._view("sphere", policy, lambda: sphere_reach(
            self.runs[policy].cascade, self.network, self.scenario.horizon))

    def cascade(self, policy: str) -> pd.DataFrame:
        """:func:`cascade_sample` of the policy's run 0 (computed once)."""
        return self._view("cascade", policy, lambda: cascade_sample(self.runs[policy].cascade))


def compare(s: Scenario, network: Network | None = None) -> dict[str, Runs]:
    """The three ask policies on the same network with common random numbers, simulated in
    one vectorised pass (the same results as three calls of :func:`simulate`)."""
    net = network if network is not None else network_for(s)
    if (net.market, net.sphere) != (s.market, s.sphere):
        raise ValueError(f"the network has market={net.market}, sphere={net.sphere} but the "
                         f"scenario asks for market={s.market}, sphere={s.sphere}")
    return _simulate(s, POLICIES, net)


def _policy_kpis(s: Scenario, r: Runs) -> dict[str, float]:
    h = s.horizon
    active = r.active[:, h]
    named = r.named.sum(axis=1)
    wasted = r.wasted.sum(axis=1)
    reff = effective_r(r)
    median_path = np.median(r.active, axis=0)
    dt = doubling_times(median_path, window=min(12, h))
    tail = reff[max(1, h - 5):]
    return {
        "clients": float(np.median(active)),
        "clients_low": float(np.quantile(active, 0.1)),
        "clients_high": float(np.quantile(active, 0.9)),
        "growth": float(np.median(active) - s.start_clients),
        "named": float(np.median(named)),
        "wasted": float(np.median(wasted)),
        "wasted_share": float(wasted.sum() / named.sum()) if named.sum() else float("nan"),
        "burned": float(np.median(r.burned.sum(axis=1))),
        "burned_lost": float(np.median(r.burned_lost.sum(axis=1))),
        "burned_never": float(np.median(r.burned_never.sum(axis=1))),
        "penetration": float(np.median(active) / s.market),
        "reached_share": float(np.median(r.reached[:, h]) / s.market),
        "r_eff_start": float(np.nanmean(reff[1: min(h, 6) + 1])) if h >= 1 else float("nan"),
        "r_eff_end": float(np.nanmean(tail)) if np.isfinite(tail).any() else float("nan"),
        "doubling_first": float(dt[min(12, h)]) if h >= 1 else float("nan"),
        "doubling_last": float(dt[h]) if h >= 1 else float("nan"),
    }


def _paired(s: Scenario, a: Runs, b: Runs) -> dict[str, float]:
    gap = a.active[:, s.horizon].astype(float) - b.active[:, s.horizon]
    return {"a": a.policy, "b": b.policy, "median": float(np.median(gap)),
            "low": float(np.quantile(gap, 0.1)), "high": float(np.quantile(gap, 0.9)),
            "share_ahead": float(np.mean(gap > 0)), "share_behind": float(np.mean(gap < 0))}


def explore(s: Scenario) -> Exploration:
    """Simulate the three policies for ``s`` and derive what the page shows. Cached by the
    scenario (the last few), so redrawing with another chart option costs nothing."""
    if not isinstance(s, Scenario):
        raise TypeError(f"s must be a Scenario, got {type(s).__name__}")
    return _explore(s)


@lru_cache(maxsize=6)
def _explore(s: Scenario) -> Exploration:
    net = network_for(s)
    runs = compare(s, net)
    naive = branching_expectation(s, "patient")
    kpis = pd.DataFrame({p: _policy_kpis(s, r) for p, r in runs.items()}).T
    kpis.index.name = "policy"
    months = np.arange(s.horizon + 1)
    frames = []
    for p, r in runs.items():
        b = band(r.active)
        frames.append(pd.DataFrame({
            "policy": p, "month": months, "active_low": b["low"], "active_median": b["median"],
            "active_high": b["high"], "naive": naive,
            "new_clients": r.new_clients.mean(axis=0), "named": r.named.mean(axis=0),
            "wasted": r.wasted.mean(axis=0), "burned": r.burned.mean(axis=0),
            "churned": r.churned.mean(axis=0), "r_eff": effective_r(r),
            "doubling_time": doubling_times(b["median"].to_numpy(), window=min(12, s.horizon)),
            "penetration": b["median"] / s.market,
        }))
    monthly = pd.concat(frames, ignore_index=True)
    patience = pd.DataFrame([_paired(s, runs["patient"], runs["eager"]),
                             _paired(s, runs["patient"], runs["never"]),
                             _paired(s, runs["eager"], runs["never"])])
    return Exploration(
        scenario=s, runs=runs, naive=naive,
        measured_clustering=_clustering_of(s.market, s.sphere, s.clustering, s.seed),
        kpis=kpis, monthly=monthly, patience=patience, network=net,
    )


# -------------------------------------------------------------------------- calibration

_DAYS_PER_MONTH = 30.4375
#: A referral made by a client within this many days after an ask answers that ask.
ASK_WINDOW_DAYS = 60


def _months(delta: pd.Series | pd.TimedeltaIndex) -> np.ndarray:
    return np.asarray(delta / pd.Timedelta(days=1), dtype=float) / _DAYS_PER_MONTH


#: An ask within this many months of the sale is "right after the sale" (the eager policy),
#: as the trust model's ``too_new`` gate (``min_months_known``) has it by default.
NEW_CLIENT_MONTHS = 6.0


def _ask_outcomes(p: Portfolio) -> pd.DataFrame:
    """Every ``referral_ask`` with ``success`` (the client gave a solicited referral within
    ``ASK_WINDOW_DAYS``) and ``age`` (months since the client's start)."""
    ev = p.events
    asks = ev.loc[ev["kind"].eq("referral_ask"), ["id", "client_id", "date"]]
    asks = asks.rename(columns={"id": "event_id"}).sort_values("date", kind="stable")
    sol = p.referrals.loc[p.referrals["solicited"], ["client_id", "date"]]
    sol = sol.assign(ref_date=sol["date"]).sort_values("date", kind="stable")
    if asks.empty:
        return asks.assign(success=pd.Series(dtype=bool), age=pd.Series(dtype=float))
    merged = pd.merge_asof(asks, sol, on="date", by="client_id", direction="forward",
                           tolerance=pd.Timedelta(days=ASK_WINDOW_DAYS))
    start = p.clients.set_index("id")["start_date"].reindex(merged["client_id"]).to_numpy()
    merged["success"] = merged["ref_date"].notna()
    merged["age"] = _months(pd.Series(merged["date"].to_numpy() - start))
    return merged.drop(columns="ref_date")


def _segment_fit(p: Portfolio, trust_settings: Any = None) -> tuple[Any, str]:
    """The segment model's fit of ``p`` (``refdash.model.segments.estimate_shares``) and a note
    key; ``None`` when the module is not installed or fails on these data."""
    try:
        estimate = importlib.import_module("refdash.model.segments").estimate_shares
    except (ImportError, AttributeError):
        return None, "sim.note.segments_default"
    try:
        return estimate(p, trust_settings), "sim.note.segments_model"
    except Exception:  # noqa: BLE001 - a model that fails must not break calibration
        return None, "sim.note.segments_failed"


def _trust_view(p: Portfolio, trust_settings: Any = None
                ) -> tuple[pd.DataFrame | None, pd.DataFrame | None, str]:
    """The trust model's ask labels and client status (``refdash.model.trust``), and a note key."""
    try:
        trust = importlib.import_module("refdash.model.trust")
        labels_of, status_of = trust.ask_labels, trust.client_status
    except (ImportError, AttributeError):
        return None, None, "sim.note.trust_fallback"
    try:
        if trust_settings is None:
            return labels_of(p), status_of(p), "sim.note.trust_model"
        return (labels_of(p, trust_settings), status_of(p, trust_settings),
                "sim.note.trust_model")
    except Exception:  # noqa: BLE001
        return None, None, "sim.note.trust_failed"


def calibrate(p: Portfolio, base: Scenario | None = None, trust_settings: Any = None) -> Scenario:
    """A scenario set from the portfolio ``p`` (what the store can tell), keeping the rest of
    ``base`` (market size, clustering, horizon, runs, seed, the trust an early ask costs).

    - today's clients, their ages and the share who came by referral, their median sphere;
    - churn (losses per month at risk, referred and other clients apart), conversion of
      decided referrals, median sales lag, median gap between two asks, people per referral;
    - readiness: the trust model (:mod:`refdash.model.trust`) says which asks were early and when
      clients became ready; without it an ask is early when the client was known for less
      than ``base.time_to_trust`` months;
    - segments: the segment model (:mod:`refdash.model.segments`) gives the shares and each
      segment's rates (unsolicited referrals per ready month, ask success when ready and when
      early) and how much more likely a never-referrer an early-asked client is; without it
      the shares stay as in ``base`` and the rates are the observed overall ones;
    - an early ask's loss: the share of early-asked clients lost within 3 months of it,
      beyond ordinary churn.

    ``trust_settings`` (a :class:`refdash.model.trust.TrustSettings`, default: the model's defaults)
    is the trust gate the user chose on the Clients page.

    ``notes`` lists, as ``sim.note.*`` translation keys, where the values came from.
    """
    from refdash.model.portfolio import active_count

    if not isinstance(p, Portfolio):
        raise TypeError(f"p must be a Portfolio, got {type(p).__name__}")
    base = base or Scenario()
    clients = p.clients
    if clients.empty:
        raise ScenarioError("no_clients", "the portfolio has no clients to calibrate from")
    notes: list[str] = []
    values: dict[str, Any] = {}
    now = np.datetime64(pd.Timestamp(p.as_of))
    lost = p.lost_date.to_numpy()
    start = clients["start_date"].to_numpy()
    was_lost = ~pd.isna(lost)
    end = np.where(was_lost, lost, now)
    active = (start <= now) & ~was_lost
    referred = clients["referred_by"].notna().to_numpy()
    refs = p.referrals

    # --- today's clients
    values["start_clients"] = max(1, int(active_count(p, p.as_of)))
    if active.any():
        ages = _months(pd.Series(now - start[active]))
        values["start_age_max"] = int(np.clip(round(2 * float(np.mean(ages))), 0, 240))
        values["start_referred_share"] = float(np.mean(referred[active]))
        values["sphere"] = int(np.clip(np.median(clients.loc[active, "sphere_size"]), 2, 1000))

    # --- churn: losses per month at risk, referred and other clients apart
    exposure = np.maximum(_months(pd.Series(end - start)), 0.0)
    for name, mask in (("churn", ~referred), ("churn_referred", referred)):
        at_risk = exposure[mask].sum()
        if at_risk > 0:
            values[name] = float(np.clip(1 - np.exp(-was_lost[mask].sum() / at_risk), 0, 1))

    # --- conversion and the sales cycle
    decided = refs["status"].isin(["converted", "lost"])
    if decided.any():
        values["conversion"] = float(refs.loc[decided, "status"].eq("converted").mean())
    conv = refs.loc[refs["status"].eq("converted") & refs["converted_client_id"].notna()]
    if len(conv):
        signed = clients.set_index("id")["start_date"].reindex(
            conv["converted_client_id"].astype("int64")).to_numpy()
        lag = _months(pd.Series(signed - conv["date"].to_numpy()))
        lag = lag[np.isfinite(lag)]
        if len(lag):
            values["sales_lag"] = int(np.clip(round(float(np.median(lag))), 1, 24))

    # --- readiness: which asks were early, how long clients take to become ready
    asks = _ask_outcomes(p)
    labels, status, note = _trust_view(p, trust_settings)
    notes.append(note)
    time_to_trust = base.time_to_trust
    if labels is not None and status is not None:
        early_of = labels.set_index("event_id")["early"]
        asks["early"] = asks["event_id"].map(early_of).fillna(False).astype(bool)
        reason_of = labels.set_index("event_id")["reason"]
        asks["new"] = asks["event_id"].map(reason_of).eq("too_new").to_numpy()
        first_ready = status["first_ready_date"].reindex(clients["id"]).to_numpy()
        to_ready = _months(pd.Series(first_ready - start))
        to_ready = to_ready[np.isfinite(to_ready)]
        if len(to_ready):
            time_to_trust = float(np.clip(np.median(to_ready), 0, 60))
        ready_months = status["months_ready"].reindex(clients["id"]).fillna(0).to_numpy(float)
    else:
        asks["early"] = asks["age"] < time_to_trust
        asks["new"] = asks["age"] < min(time_to_trust, NEW_CLIENT_MONTHS)
        ready_months = np.maximum(exposure - time_to_trust, 0.0)
    values["time_to_trust"] = time_to_trust
    # The eager policy asks right after the sale: its costs are those of asks made while the
    # client was still new, not of every ask the trust gate would call early.
    early = asks[asks["new"]]
    successes = int(asks["success"].sum())
    if successes:
        values["names_per_referral"] = float(np.clip(refs["solicited"].sum() / successes, 1,
                                                     MAX_NAMES))
    ordered = asks.sort_values(["client_id", "date"])
    same = ordered["client_id"].eq(ordered["client_id"].shift())
    gaps = _months(ordered["date"].diff()[same])
    if len(gaps):
        values["ask_rest"] = int(np.clip(round(float(np.median(gaps))), 1, 36))
    if len(early):
        first_early = early.groupby("client_id")["date"].min()
        lost_at = pd.Series(lost, index=clients["id"].to_numpy()).reindex(first_early.index)
        soon = (lost_at >= first_early) & (lost_at - first_early <= pd.Timedelta(days=91))
        churn3 = 1 - (1 - values.get("churn", base.churn)) ** 3
        values["early_lose"] = float(np.clip(soon.mean() - churn3, 0, 1))

    # --- segments: shares and per-segment rates from the segment model, else observed
    fit, note = _segment_fit(p, trust_settings)
    notes.append(note)
    if fit is not None:
        row = fit.shares.iloc[0]
        shares = np.clip(np.array([row["advocate"], row["responsive"], row["never"]], float), 0, 1)
        shares = np.round(shares / shares.sum(), 3)
        shares[1] = round(1.0 - shares[0] - shares[2], 3)
        values.update(share_advocate=float(shares[0]), share_responsive=float(shares[1]),
                      share_never=float(shares[2]))
        rates = fit.rates
        values["advocate_rate"] = float(np.clip(rates.unsolicited[0], 0, 1))
        values["advocate_ask_success"] = float(np.clip(rates.ask_success[0], 0, 1))
        values["ask_success"] = float(np.clip(rates.ask_success[1], 0, 1))
        if rates.ask_success[1] > 0:
            values["early_success"] = float(np.clip(rates.new_ask_success[1]
                                                    / rates.ask_success[1], 0, 1))
        never = fit.posteriors["p_never"]
        hit = never.index.isin(early["client_id"].unique())
        if hit.any() and (~hit).any():
            before = float(never[~hit].mean())
            excess = (float(never[hit].mean()) - before) / max(1.0 - before, 1e-9)
            values["early_never"] = float(np.clip(excess, 0, 1))
    else:
        timely = asks[~asks["early"]]
        if len(timely):
            values["ask_success"] = float(timely["success"].mean())
            if len(early) and values["ask_success"] > 0:
                values["early_success"] = float(np.clip(early["success"].mean()
                                                        / values["ask_success"], 0, 1))
        ready_total = float(np.sum(ready_months))
        if base.share_advocate > 0 and ready_total > 0:
            unsolicited = int((~refs["solicited"]).sum())
            values["advocate_rate"] = float(np.clip(
                unsolicited / (base.share_advocate * ready_total), 0, 1))
        notes.append("sim.note.early_never_kept")

    notes.append("sim.note.market_kept")
    values = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in values.items()}
    values["time_to_trust"] = round(values["time_to_trust"], 1)
    sphere = values.get("sphere", base.sphere)
    market = base.market
    if market <= values["start_clients"] or market <= sphere:
        market = max(10 * values["start_clients"], 2 * sphere)
    if market * sphere > MAX_NETWORK_SLOTS:
        market = MAX_NETWORK_SLOTS // sphere
    return replace(base, market=market, notes=tuple(notes), **values)


# ---------------------------------------------------------------- the page's knobs, as data


@dataclass(frozen=True)
class Control:
    """One knob of the Simulator page: the scenario ``field`` it sets, its ``group`` (a tab),
    the widget's range and ``step`` in the widget's ``unit``:

    - ``count`` / ``months``: the value itself (whole numbers);
    - ``percent``: a probability, share or monthly rate shown as a percentage;
    - ``number``: a decimal value.

    A ``step`` below 1 makes the widget show one decimal.
    """

    field: str
    group: str
    unit: str
    low: float
    high: float
    step: float
    widget: str = "slider"  # or "number"


CONTROLS: tuple[Control, ...] = (
    Control("start_clients", "market", "count", 1, 5000, 1, "number"),
    Control("market", "market", "count", 1000, 300_000, 1000, "number"),
    Control("sphere", "market", "count", 2, 1000, 1),
    Control("clustering", "market", "percent", 0, 100, 5),
    Control("start_age_max", "market", "months", 0, 120, 1),
    Control("start_referred_share", "market", "percent", 0, 100, 1),
    Control("share_advocate", "clients", "percent", 0, 100, 1, "number"),
    Control("share_responsive", "clients", "percent", 0, 100, 1, "number"),
    Control("share_never", "clients", "percent", 0, 100, 1, "number"),
    Control("time_to_trust", "clients", "months", 0, 36, 1),
    Control("churn", "clients", "percent", 0, 10, 0.1),
    Control("churn_referred", "clients", "percent", 0, 10, 0.1),
    Control("ask_success", "referrals", "percent", 0, 100, 1),
    Control("advocate_ask_success", "referrals", "percent", 0, 100, 1),
    Control("advocate_rate", "referrals", "percent", 0, 50, 1),
    Control("names_per_referral", "referrals", "number", 1, MAX_NAMES, 0.1),
    Control("conversion", "referrals", "percent", 0, 100, 1),
    Control("sales_lag", "referrals", "months", 1, 24, 1),
    Control("ask_rest", "referrals", "months", 1, 36, 1),
    Control("early_success", "early", "percent", 0, 100, 1),
    Control("early_lose", "early", "percent", 0, 100, 1),
    Control("early_never", "early", "percent", 0, 100, 1),
    Control("early_setback", "early", "months", 0, 24, 1),
    Control("horizon", "run", "months", 6, 120, 6),
    Control("runs", "run", "count", 10, 500, 10),
    Control("seed", "run", "count", 0, 2**31 - 1, 1, "number"),
)
CONTROL_GROUPS: tuple[str, ...] = ("market", "clients", "referrals", "early", "run")
#: Every scenario parameter a URL may carry.
PARAM_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Scenario) if f.name != "notes")


def widget_values(s: Scenario) -> dict[str, int | float]:
    """The scenario in the widgets' units, snapped to each widget's step and range."""
    out: dict[str, int | float] = {}
    for c in CONTROLS:
        v = float(getattr(s, c.field))
        if c.unit == "percent":
            v *= 100
        v = min(max(round(v / c.step) * c.step, c.low), c.high)
        out[c.field] = round(v, 1) if c.step < 1 else int(round(v))
    shares = ("share_advocate", "share_responsive", "share_never")
    if abs(sum(out[k] for k in shares) - 100) <= 2:  # rounding must not break a valid sum
        out["share_responsive"] = 100 - out["share_advocate"] - out["share_never"]
    return out


def scenario_from_widgets(values: dict[str, int | float], base: Scenario | None = None) -> Scenario:
    """The scenario the widgets describe (fields without a widget keep ``base``'s values).
    Raises :class:`ScenarioError` when the combination is invalid."""
    base = base or Scenario()
    changes: dict[str, Any] = {}
    for c in CONTROLS:
        if c.field not in values:
            continue
        v = float(values[c.field])
        if c.unit == "percent":
            v = round(v / 100, 6)
        changes[c.field] = int(round(v)) if isinstance(getattr(Scenario(), c.field), int) else v
    return replace(base, notes=(), **changes)
