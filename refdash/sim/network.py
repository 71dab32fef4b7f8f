"""The acquaintance network of the simulated market, its clustering, and a pure independent
cascade on it (a reference the engine is benchmarked against)."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from scipy import sparse

from refdash.sim.scenario import MAX_NETWORK_SLOTS, Scenario


@dataclass(frozen=True, eq=False)
class Network:
    """An undirected acquaintance network where everyone knows exactly ``sphere`` people.

    Person ``i``'s acquaintance in slot ``j`` (``0 <= j < sphere``) is, in order: the
    ``ring_half`` people before ``i`` on the ring and the ``ring_half`` after (their local
    circle), then one tie per row of ``pairs`` (``pairs[r, i]``), then, when the random ties
    are odd in number, ``match[i]``. The ties are read on demand (:meth:`ties`,
    :meth:`rows`) instead of written out as a ``market x sphere`` table: the ring is
    arithmetic and ``pairs`` is a view of random layers shared by every network of the same
    market and seed, so a new sphere or clustering builds nothing.

    A random tie may, rarely, repeat another tie of the same person (about ``sphere /
    market`` of the ties): such a person is simply a little more likely to be named.
    """

    market: int
    sphere: int
    clustering: float
    seed: int
    ring_half: int
    pairs: np.ndarray
    match: np.ndarray | None

    def ties(self, person: np.ndarray, slot: np.ndarray) -> np.ndarray:
        """The acquaintance in ``slot`` of each ``person`` (arrays of one shape; ``int32``)."""
        person, slot = np.broadcast_arrays(np.asarray(person, dtype=np.int64),
                                           np.asarray(slot, dtype=np.int64))
        h, m = self.ring_half, self.market
        # a ring slot's offset: slots 0..h-1 are -h..-1, slots h..2h-1 are 1..h
        ring = (person + slot - h + (slot >= h)) % m
        layer = slot - 2 * h
        in_pairs = (layer >= 0) & (layer < len(self.pairs))
        out = np.where(slot < 2 * h, ring, 0).astype(np.int32)
        out[in_pairs] = self.pairs[layer[in_pairs], person[in_pairs]]
        if self.match is not None:
            last = slot == self.sphere - 1
            out[last] = self.match[person[last]]
        return out

    def rows(self, person: np.ndarray) -> np.ndarray:
        """Every acquaintance of each ``person``: shape ``(len(person), sphere)``, ``int32``.

        A transposed view of a slot-major table: filled layer by layer, each gather reads one
        random layer at a time (15,000 people: 8.5 ms, against 27 ms filled person by person)."""
        person = np.asarray(person, dtype=np.int64).reshape(-1)
        h, m, n_pairs = self.ring_half, self.market, len(self.pairs)
        out = np.empty((self.sphere, len(person)), dtype=np.int32)
        ring = out[: 2 * h]
        offsets = np.concatenate([np.arange(-h, 0), np.arange(1, h + 1)])
        np.add(offsets[:, None], person[None, :], out=ring, casting="unsafe")
        ring[ring < 0] += m
        ring[ring >= m] -= m
        np.take(self.pairs, person, axis=1, out=out[2 * h: 2 * h + n_pairs])
        if self.match is not None:
            out[-1] = self.match[person]
        return out.T

    @cached_property
    def neighbours(self) -> np.ndarray:
        """The whole ``(market, sphere)`` table of :meth:`rows`, written out on first use (the
        CSR form and the tests need it; the engine and the page do not)."""
        table = np.ascontiguousarray(self.rows(np.arange(self.market)))
        table.flags.writeable = False
        return table

    def csr(self) -> sparse.csr_array:
        """The adjacency matrix as a scipy CSR array (``int8`` ones; shares the indices)."""
        m, k = self.market, self.sphere
        indptr = np.arange(0, m * k + 1, k, dtype=np.int64)
        return sparse.csr_array((np.ones(m * k, dtype=np.int8), self.neighbours.reshape(-1),
                                 indptr), shape=(m, m))


class _RandomLayers:
    """The random ties of one market and seed, shared by all its networks. Row ``2j`` is the
    ``j``-th random permutation ``p`` of the people (``i`` knows ``p[i]``) and row ``2j + 1``
    its inverse (so ``p[i]`` knows ``i``: the tie goes both ways). The permutations are drawn
    in order from one stream, so the first rows never depend on how many are asked for: a
    larger sphere or a lower clustering draws only the rows it lacks, a smaller one takes a
    prefix. The matching (a sphere's odd random tie) comes from a stream of its own."""

    def __init__(self, market: int, seed: int) -> None:
        self.market, self.seed = market, seed
        self._rng = np.random.default_rng([seed, 0x5EED])
        # the most rows any valid network of this market can use; np.empty only reserves
        # them, pages are touched as rows are drawn
        self._table = np.empty((min(market - 1, MAX_NETWORK_SLOTS // market), market),
                               dtype=np.int32)
        self._drawn = 0
        self._match: np.ndarray | None = None
        self._lock = threading.Lock()  # the warm-up thread and the page may ask at once

    def pairs(self, rows: int) -> np.ndarray:
        """The first ``rows`` rows (an even number), read-only."""
        with self._lock:
            people = np.arange(self.market, dtype=np.int32)
            for row in range(self._drawn, rows, 2):  # a loop over layers, not people
                perm = self._rng.permutation(self.market).astype(np.int32)
                self._table[row] = perm
                self._table[row + 1][perm] = people
            self._drawn = max(self._drawn, rows)
        view = self._table[:rows]
        view.flags.writeable = False
        return view

    def match(self) -> np.ndarray:
        """One random matching: a symmetric tie for everyone (a self-tie if market is odd)."""
        with self._lock:
            if self._match is None:
                perm = np.random.default_rng([self.seed, 0x5EED, 1]).permutation(self.market)
                pairs = self.market // 2
                match = np.arange(self.market, dtype=np.int32)
                match[perm[0:2 * pairs:2]] = perm[1:2 * pairs:2]
                match[perm[1:2 * pairs:2]] = perm[0:2 * pairs:2]
                match.flags.writeable = False
                self._match = match
            return self._match


@lru_cache(maxsize=2)
def _random_layers(market: int, seed: int) -> _RandomLayers:
    return _RandomLayers(market, seed)


def build_network(market: int, sphere: int, clustering: float, seed: int = 0) -> Network:
    """Sample an acquaintance network of ``market`` people who each know ``sphere`` others.

    ``clustering`` (a share in [0, 1]) of each person's ties go to their local circle: a ring
    where everyone knows the ``clustering * sphere`` people nearest to them, so friends of
    friends are mostly one's own friends (local clustering coefficient about 0.75 when
    ``clustering`` is 1). The remaining ties are symmetric random ones: each random layer is a
    random permutation ``p`` linking ``i`` with ``p[i]`` and ``p^-1[i]``. Cached by its
    arguments (the last 16 networks); a network is a few views of random layers shared by
    its market and seed (see :class:`Network`), so a new sphere or clustering draws nothing
    it has drawn before.
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


@lru_cache(maxsize=16)  # a network is a few views now: keep the recent slider values
def _build_network(market: int, sphere: int, clustering: float, seed: int) -> Network:
    half = min(int(round(clustering * sphere / 2)), sphere // 2, (market - 1) // 2)
    n_layers, odd = divmod(sphere - 2 * half, 2)
    layers = _random_layers(market, seed)
    return Network(market=market, sphere=sphere, clustering=clustering, seed=seed,
                   ring_half=half, pairs=layers.pairs(2 * n_layers),
                   match=layers.match() if odd else None)


def clear_cache() -> None:
    """Forget every network and random layer drawn (a benchmark or a test of a cold build)."""
    _build_network.cache_clear()
    _random_layers.cache_clear()


def network_for(s: Scenario) -> Network:
    """The (cached) network of a scenario; its seed follows the scenario's seed."""
    return build_network(s.market, s.sphere, s.clustering, s.seed)


def clustering_coefficient(net: Network, sample: int = 200, seed: int = 0) -> float:
    """Mean local clustering coefficient over ``sample`` random people: the share of pairs of
    someone's acquaintances who know each other.

    Counted straight on the neighbour table (ties with their multiplicity, as the adjacency
    matrix ``A`` counts them: ``sum_jl A[i,j] A[j,l] A[i,l]``): about ``sample * sphere**2``
    look-ups, tens of milliseconds, where a sparse product ``A[who] @ A`` took seconds.
    """
    if sample < 1:
        raise ValueError(f"sample must be at least 1, got {sample!r}")
    rng = np.random.default_rng(seed)
    who = rng.choice(net.market, size=min(sample, net.market), replace=False)
    k = net.sphere
    weight = np.zeros(net.market, dtype=np.int64)  # A[i, .] of the current person, then reset
    triangles = np.empty(len(who), dtype=np.float64)
    # people whose acquaintances' rows are read in one call: bounds that table to 2**15
    # rows (32 MB at a sphere of 250)
    block = max(1, 2**15 // k)
    for start in range(0, len(who), block):
        mine = net.rows(who[start:start + block])
        theirs = net.rows(mine.reshape(-1)).T  # slot-major: person n's are columns nk..nk+k
        for n in range(len(mine)):  # a loop over the sample (at most a few hundred)
            np.add.at(weight, mine[n], 1)
            triangles[start + n] = weight[theirs[:, n * k:(n + 1) * k]].sum()
            weight[mine[n]] = 0
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
        hit = net.ties(frontier[pos // k], pos % k)
        hit = np.unique(hit[~active[hit]])
        active[hit] = True
        frontier = hit.astype(np.int64)
        if frontier.size:
            counts.append(int(frontier.size))
    return np.array(counts, dtype=np.int64)

