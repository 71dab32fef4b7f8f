"""The scenario of the simulator: every knob of one simulation, validated, and its URL form.

Months are whole calendar months; probabilities are in [0, 1]; rates are per month. An invalid
scenario raises :class:`refdash.errors.RefdashError` with a code ``scenario.<reason>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from refdash.errors import RefdashError

POLICIES: tuple[str, ...] = ("patient", "eager", "never")
SEGMENTS: tuple[str, ...] = ("advocate", "responsive", "never")

#: Upper bound on ``market * sphere`` (acquaintance slots held in memory, 4 bytes each).
MAX_NETWORK_SLOTS = 30_000_000
#: Largest number of people one referral can name.
MAX_NAMES = 6


@dataclass(frozen=True)
class Scenario:
    """Everything one simulation needs. Months are whole calendar months; probabilities are in
    [0, 1]; rates are per month. Validated on creation
    (:class:`~refdash.errors.RefdashError`, code ``scenario.<reason>``)."""

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
        whole raises :class:`~refdash.errors.RefdashError`."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "notes" or f.name not in params:
                continue
            raw = params[f.name]
            raw = raw[-1] if isinstance(raw, list | tuple) and raw else raw
            kind = type(f.default)
            try:
                value = float(raw)
                # inf, nan and 1e999 in a link fall back like any unreadable value
                values[f.name] = int(value) if kind is int else value
            except (TypeError, ValueError, OverflowError):
                continue
            if kind is float and not np.isfinite(value):
                del values[f.name]
        return cls(**values)

    def with_values(self, **changes: Any) -> Scenario:
        return replace(self, **changes)


#: Whole-number knobs and probability knobs, checked for their type first.
_WHOLE = ("start_clients", "start_age_max", "market", "sphere", "sales_lag", "ask_rest",
          "early_setback", "horizon", "runs", "seed")
_PROBABILITIES = ("start_referred_share", "clustering", "share_advocate", "share_responsive",
                  "share_never", "advocate_rate", "ask_success", "advocate_ask_success",
                  "conversion", "early_success", "early_lose", "early_never", "churn",
                  "churn_referred")
#: Bounds of the other knobs (inclusive, in the field's unit); the code is ``scenario.<field>``.
_BOUNDS: dict[str, tuple[float, float]] = {
    "time_to_trust": (0.0, 60.0), "sales_lag": (1, 24), "ask_rest": (1, 36),
    "early_setback": (0, 36), "start_age_max": (0, 240), "horizon": (1, 120), "runs": (1, 2000),
}


def _need(ok: bool, reason: str, **params: object) -> None:
    """Raise ``RefdashError("scenario.<reason>", **params)`` unless ``ok``."""
    if not ok:
        raise RefdashError(f"scenario.{reason}", **params)


def _pct(x: float) -> float | int:
    """A share as a percentage for a message: 0.2 -> 20, 0.125 -> 12.5."""
    x = round(100 * x, 2)
    return int(x) if x == int(x) else x


def _validate(s: Scenario) -> None:
    """Check the knobs one by one, in a fixed order (the first broken rule is reported)."""
    for name in _WHOLE:
        value = getattr(s, name)
        _need(isinstance(value, int | np.integer) and not isinstance(value, bool), "not_whole",
              knob=name, value=value)
    for name in _PROBABILITIES:
        value = getattr(s, name)
        _need(isinstance(value, int | float) and 0.0 <= value <= 1.0, "probability",
              knob=name, value=value)
    total = s.share_advocate + s.share_responsive + s.share_never
    _need(abs(total - 1.0) <= 1e-6, "shares", a=_pct(s.share_advocate),
          r=_pct(s.share_responsive), n=_pct(s.share_never), total=_pct(total))
    _need(s.start_clients >= 1, "start_clients", value=s.start_clients)
    _need(s.market >= 10, "market_small", value=s.market)
    _need(s.start_clients < s.market, "market_vs_start", market=s.market, start=s.start_clients)
    _need(2 <= s.sphere < s.market, "sphere", top=s.market - 1, value=s.sphere)
    _need(s.market * s.sphere <= MAX_NETWORK_SLOTS, "too_big", slots=s.market * s.sphere,
          cap=MAX_NETWORK_SLOTS)
    _need(1.0 <= s.names_per_referral <= MAX_NAMES, "names", top=MAX_NAMES,
          value=s.names_per_referral)
    for name, (low, high) in _BOUNDS.items():
        value = getattr(s, name)
        _need(low <= value <= high, name, value=value)
    _need(0 <= s.seed < 2**32, "seed", value=s.seed)
