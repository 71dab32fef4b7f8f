"""The reasons a client is not ready, and the one rule about likely never-referrers.

The other conditions of the gate are computed where their inputs are (``status.py`` for a
client now, ``asks.py`` for each past ask); this module holds what both share: the order in
which reasons are reported and "a likely never-referrer is not ready", which the Segments
page applies too (through :func:`likely_never`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Why a client is not ready (or an ask was early), in the order the first one is reported.
REASONS: tuple[str, ...] = (
    "lost", "likely_never", "asked_recently", "broken_promise", "too_new", "low_trust",
)
#: P(never-referrer) from which a client is "likely a never-referrer" and not ready (the
#: default of ``TrustSettings.never_probability``: more likely never than not).
LIKELY_NEVER_PROBABILITY = 0.5


def likely_never(
    never_probability: pd.Series | np.ndarray, threshold: float = LIKELY_NEVER_PROBABILITY,
) -> np.ndarray:
    """Whether each client is likely a never-referrer: ``P(never) >= threshold``.

    A missing probability (NaN: the client's evidence says nothing, e.g. never asked) is
    *not* likely never: blocking the ask on the portfolio's share alone would keep the client
    from ever being asked, so it could never show otherwise.
    """
    p_never = np.asarray(never_probability, dtype=float)
    return np.nan_to_num(p_never, nan=0.0) >= threshold


def first_reason(conditions: list[np.ndarray], codes: list[int], size: int) -> np.ndarray:
    """Index into :data:`REASONS` of the first failing condition (-1 when none fails)."""
    out = np.full(size, -1, dtype=np.int8)
    for failing, code in zip(reversed(conditions), reversed(codes), strict=True):
        out[failing] = code
    return out


def reason_text(codes: np.ndarray) -> np.ndarray:
    """Reason codes (-1 for none) as the texts of :data:`REASONS` (``''`` for none)."""
    return np.asarray(("",) + REASONS, dtype=object)[codes.astype(np.int64) + 1]
