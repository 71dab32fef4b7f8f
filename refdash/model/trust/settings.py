"""The trust model's settings: every parameter with its default and its valid range.

Units: months for times and half-lives, [0, 1] for weights, penalties and probabilities.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from numbers import Real

from refdash.model.trust.readiness import LIKELY_NEVER_PROBABILITY

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
    never_probability: float = LIKELY_NEVER_PROBABILITY
    #: Lower quantile of the reliability posterior shown as ``reliability_low``.
    reliability_quantile: float = 0.1
    #: How far ahead the readiness date is projected (whole months; a float such as 36.0,
    #: as a settings widget gives it, is accepted).
    projection_months: float = 36

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

