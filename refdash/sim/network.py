"""The acquaintance network of the simulated market, its clustering, and a pure independent
cascade on it (a reference the engine is benchmarked against)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from refdash.sim.scenario import MAX_NETWORK_SLOTS, Scenario


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
    someone's acquaintances who know each other.

    Counted straight on the neighbour table (ties with their multiplicity, as the adjacency
    matrix ``A`` counts them: ``sum_jl A[i,j] A[j,l] A[i,l]``): about ``sample * sphere**2``
    look-ups, tens of milliseconds, where a sparse product ``A[who] @ A`` took seconds.
    """
    if sample < 1:
        raise ValueError(f"sample must be at least 1, got {sample!r}")
    rng = np.random.default_rng(seed)
    who = rng.choice(net.market, size=min(sample, net.market), replace=False)
    nbrs = net.neighbours
    weight = np.zeros(net.market, dtype=np.int64)  # A[i, .] of the current person, then reset
    triangles = np.empty(len(who), dtype=np.float64)
    for n, i in enumerate(who):  # a loop over the sample (at most a few hundred), not people
        mine = nbrs[i]
        np.add.at(weight, mine, 1)
        triangles[n] = weight[nbrs[mine]].sum()
        weight[mine] = 0
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

