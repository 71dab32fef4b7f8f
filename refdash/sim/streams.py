"""Counter-based random numbers: every draw is a hash of (seed, run, person, month, purpose).

So the same person in the same run meets the same luck under every ask policy (common random
numbers: the gap between two policies is the policy, not noise), and a seed always gives the
same runs. Also the two small distributions the engine draws from (readiness delay, people
named per referral).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from refdash.sim.scenario import MAX_NAMES, Scenario

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

