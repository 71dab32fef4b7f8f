"""The segments model's names and settings: the segments, the ask classes, the evidence
columns, the per-segment rates and every setting with its valid range.

Units: unsolicited rates per month of exposure; success rates and shares in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from refdash.units import ANSWER_WINDOW_DAYS

SEGMENTS: tuple[str, ...] = ("advocate", "responsive", "never")
UNKNOWN = "unknown"
#: The rule of the French text: 20 % always refer, 60 % only when asked, 20 % never.
RULE_SHARES: tuple[float, float, float] = (0.2, 0.6, 0.2)

#: Classes of asks, each with its own success rates: made while the trust model said the client
#: was ready; made before that on an established relationship (low trust, a recent broken
#: promise, asked too recently); made while the client was too new (right after the sale).
ASK_CLASSES: tuple[str, ...] = ("ready", "early", "new")
#: Evidence columns (count of asks, count followed by a referral) of each ask class.
ASK_COLUMNS: dict[str, tuple[str, str]] = {
    "ready": ("asks", "asks_success"),
    "early": ("early_asks", "early_success"),
    "new": ("new_asks", "new_success"),
}
#: Columns of an evidence frame (indexed by client id); counts are whole numbers.
EVIDENCE_COLUMNS: tuple[str, ...] = (
    "months_exposed",    # m: months the client could have referred (float >= 0)
    "unsolicited",       # u: referrals made without an ask
    *(column for pair in ASK_COLUMNS.values() for column in pair),
)
PROBABILITY_COLUMNS: tuple[str, ...] = tuple(f"p_{k}" for k in SEGMENTS)


def _check_rates(name: str, values: tuple[float, ...], low: float, high: float,
                 open_low: bool, open_high: bool) -> None:
    arr = np.asarray(values, dtype=float)
    if arr.shape != (3,) or not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} needs three finite numbers (advocate, responsive, never), "
                         f"got {values!r}")
    bad_low = arr <= low if open_low else arr < low
    bad_high = arr >= high if open_high else arr > high
    if np.any(bad_low | bad_high):
        raise ValueError(f"{name} must lie in {'(' if open_low else '['}{low}, {high}"
                         f"{')' if open_high else ']'}, got {values!r}")


@dataclass(frozen=True)
class SegmentRates:
    """What each segment does, in the order (advocate, responsive, never).

    - ``unsolicited``: unsolicited referrals per month of exposure (the never rate must be 0);
    - ``ask_success``: probability that an ask made while the client was ready is followed by
      a referral within ``answer_days`` (60) days;
    - ``early_ask_success``: the same for an ask made too early on an established relationship;
    - ``new_ask_success``: the same for an ask made while the client was too new.
    """

    unsolicited: tuple[float, float, float] = (0.05, 0.005, 0.0)
    ask_success: tuple[float, float, float] = (0.8, 0.5, 0.03)
    early_ask_success: tuple[float, float, float] = (0.5, 0.25, 0.02)
    new_ask_success: tuple[float, float, float] = (0.25, 0.1, 0.01)

    def __post_init__(self) -> None:
        _check_rates("unsolicited", self.unsolicited, 0.0, np.inf, False, True)
        if self.unsolicited[0] <= 0 or self.unsolicited[1] <= 0 or self.unsolicited[2] != 0:
            raise ValueError(
                "unsolicited rates must be > 0 for advocates and responsive clients and exactly 0 "
                f"for never-referrers, got {self.unsolicited!r}"
            )
        for name in ("ask_success", "early_ask_success", "new_ask_success"):
            _check_rates(name, getattr(self, name), 0.0, 1.0, True, True)

    def success(self) -> np.ndarray:
        """Success probabilities as a (classes, 3) array in :data:`ASK_CLASSES` order."""
        return np.array([self.ask_success, self.early_ask_success, self.new_ask_success],
                        dtype=float)

    @staticmethod
    def from_arrays(lam: np.ndarray, success: np.ndarray) -> SegmentRates:
        return SegmentRates(
            unsolicited=tuple(float(v) for v in lam),  # type: ignore[arg-type]
            ask_success=tuple(float(v) for v in success[0]),  # type: ignore[arg-type]
            early_ask_success=tuple(float(v) for v in success[1]),  # type: ignore[arg-type]
            new_ask_success=tuple(float(v) for v in success[2]),  # type: ignore[arg-type]
        )

    def as_frame(self) -> pd.DataFrame:
        """The rates as a frame indexed by segment (columns as the fields)."""
        return pd.DataFrame(
            {"unsolicited": self.unsolicited, "ask_success": self.ask_success,
             "early_ask_success": self.early_ask_success,
             "new_ask_success": self.new_ask_success},
            index=pd.Index(SEGMENTS, name="segment"),
        )


@dataclass(frozen=True)
class SegmentSettings:
    """Settings of the segments model.

    - ``rates``: the default per-segment rates (also the centre of the rates' priors);
    - ``prior_shares``: the shares used where EM is not run (default the 20-60-20 rule) and
      EM's starting point;
    - ``estimate_rates``: re-estimate the rates by EM (else keep ``rates``);
    - ``prior_clients``: the shares' prior is worth this many clients spread as
      ``prior_shares`` (a Dirichlet prior): nothing next to hundreds of clients, but it keeps a
      portfolio with a handful of clients, or none ever asked, from an extreme answer (with no
      ask, "never" explains "no unasked referral" best, and EM would call everyone a never);
    - ``prior_months``: how much evidence the default unsolicited rates are worth (pseudo
      months of exposure per segment);
    - ``ready_logit_sd``: prior standard deviation (logit units) of the ready-ask success of
      advocates and responsive clients around the defaults. Small, because it is what the
      segments *mean*: without it a portfolio whose clients were mostly asked once cannot tell
      "many responsive clients who rarely answer" from "fewer who answer, plus never-referrers";
    - ``class_logit_sd``: prior standard deviation (logit units) of the effect of asking too
      early or right after the sale, learned from the data;
    - ``min_probability``: a client is placed in its most likely segment only when that
      probability reaches this level *and* it has some evidence (an ask or a referral);
      otherwise it is ``unknown`` (its probabilities are still reported);
    - ``level``: confidence level of the shares' intervals;
    - ``min_exposure_months``: exposure floor (months) of a client who referred unasked sooner
      than the model expected;
    - ``answer_days``: an ask counts as answered by a referral made within this many days.
    """

    rates: SegmentRates = field(default_factory=SegmentRates)
    prior_shares: tuple[float, float, float] = RULE_SHARES
    estimate_rates: bool = True
    prior_clients: float = 10.0
    prior_months: float = 120.0
    ready_logit_sd: float = 0.3
    class_logit_sd: float = 1.5
    min_probability: float = 0.7
    level: float = 0.95
    min_exposure_months: float = 1.0
    answer_days: int = ANSWER_WINDOW_DAYS
    max_iter: int = 2000
    tol: float = 1e-7

    def __post_init__(self) -> None:
        shares = np.asarray(self.prior_shares, dtype=float)
        if shares.shape != (3,) or np.any(shares <= 0) or abs(shares.sum() - 1) > 1e-9:
            raise ValueError(f"prior_shares must be three positive shares summing to 1, "
                             f"got {self.prior_shares!r}")
        if not np.isfinite(self.prior_clients) or self.prior_clients < 0:
            raise ValueError(f"prior_clients must be a number >= 0, got {self.prior_clients!r}")
        for name in ("prior_months", "ready_logit_sd", "class_logit_sd"):
            value = getattr(self, name)
            if not np.isfinite(value) or value <= 0:
                raise ValueError(f"{name} must be a positive number, got {value!r}")
        if not 0.34 <= self.min_probability <= 1:
            raise ValueError(f"min_probability must lie in [0.34, 1], got {self.min_probability!r}")
        if not 0.5 <= self.level < 1:
            raise ValueError(f"level must lie in [0.5, 1), got {self.level!r}")
        if not self.min_exposure_months > 0:
            raise ValueError(f"min_exposure_months must be > 0, got {self.min_exposure_months!r}")
        if self.answer_days < 1:
            raise ValueError(f"answer_days must be at least 1, got {self.answer_days!r}")
        if self.max_iter < 1 or not self.tol > 0:
            raise ValueError(f"max_iter must be >= 1 and tol > 0, got {self.max_iter!r}, "
                             f"{self.tol!r}")

    def ask_model_prior(self) -> tuple[np.ndarray, np.ndarray]:
        """Prior means and standard deviations of the ask model's parameters ``(a_advocate,
        a_responsive, b_early, b_new)`` (logit units), from the default rates: success of an
        ask of class ``c`` for segment ``k`` is ``expit(a_k + b_c)``, ``b_ready = 0``."""
        logits = special.logit(self.rates.success()[:, :2])  # (classes, advocate/responsive)
        mean = np.concatenate([logits[0], (logits[1:] - logits[0]).mean(axis=1)])
        sd = np.array([self.ready_logit_sd] * 2 + [self.class_logit_sd] * (len(ASK_CLASSES) - 1))
        return mean, sd

