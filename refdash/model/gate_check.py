"""Is the trust gate right for these clients? The ready rule checked against the store's history.

Every ``referral_ask`` of a portfolio, with the client's trust at that moment (from
:func:`refdash.model.trust.ask_labels`, under the current settings), is matched with what
followed it:

- **followed by a referral**: a referral by the same client dated from the day of the ask to
  :data:`~refdash.units.ANSWER_WINDOW_DAYS` (60) days after it, solicited or not (a CRM export
  does not always mark a referral as solicited; one that comes within the window answers the
  ask whatever its flag);
- for the others, in this order: the client was **lost** within :data:`LOST_WITHIN_MONTHS`
  months of the ask, or **declined** (a ``referral_declined`` event within the window), or
  nothing was recorded (**no answer**).

Asks younger than the window (``pending``) are left out of every rate: counting only those
already answered would overstate success (the segments model does the same).

Rates come with a :data:`LEVEL` (90 %) **Clopper-Pearson interval** (quantiles of the Beta
laws ``Beta(k, n - k + 1)`` and ``Beta(k + 1, n - k)``), chosen because its coverage is at
least the level for every rate and number of asks: a sales lead reads "90 %" as a promise.
The Wilson interval and the Jeffreys (Beta posterior) interval are 8 to 12 % narrower but
only cover 90 % on average: computed exactly from the binomial law for 10 to 300 asks, the
Wilson interval's coverage falls to 0.86 at a rate of 0.05 and 0.85 at 0.5 (Clopper-Pearson:
0.90 at worst), and over 2,000 generated bands in tests/test_gate.py it covered the planted
rate 89.95 % of the time. Closed form through ``scipy.special.betaincinv``, vectorised over
bands; it always contains the observed rate and stays in [0, 1].

The **suggested threshold** is the change point of a two-rate step: among the thresholds the
Clients page offers (0.30 to 0.95, steps of 0.05), the one that splits the asks into "at that
trust or more" and "below" with the highest Bernoulli likelihood, provided the rate above is
higher, each side has :data:`MIN_ASKS_PER_SIDE` asks and the step beats a single rate by
:data:`MIN_LIKELIHOOD_RATIO`. Its uncertainty is a bootstrap of the
asks (:data:`BOOTSTRAP_DRAWS` resamples, a fixed seed so the page is stable). With fewer than
:data:`MIN_ASKS` answered asks there is no suggestion: the default stands.

Pure and vectorised: no streamlit, no loop over asks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from refdash.model import trust
from refdash.model.portfolio import Portfolio
from refdash.units import ANSWER_WINDOW_DAYS, DAYS_PER_MONTH

#: Width of a trust band (trust is in [0, 1]: ten bands, the last one includes 1.0).
BAND_WIDTH = 0.1
#: Level of every interval (rates and the suggested threshold).
LEVEL = 0.90
#: A client lost within this many months of an ask counts as "lost after the ask".
LOST_WITHIN_MONTHS = 6
#: Fewest answered asks (outside the pending window) for a suggestion; below, the default
#: stands. With 100 asks a 50 % rate is known to about +-8 points (90 %), enough to tell
#: 0.5 from 0.05 on each side of a step, not to tell two close thresholds apart.
MIN_ASKS = 100
#: Fewest asks on each side of a candidate threshold (a side with fewer has no rate to speak of).
MIN_ASKS_PER_SIDE = 20
#: Fewest log-likelihood-ratio points (``2 * (step - flat)``) for a step to count: with one
#: rate for all asks, the best of the 14 candidates passes this in about 2 % of histories
#: (measured on generated flat histories, tests/test_gate.py), so noise is not a suggestion.
MIN_LIKELIHOOD_RATIO = 9.0
#: The thresholds a suggestion can take: the Clients page's slider (0.30 to 0.95 by 0.05).
CANDIDATE_STEP = 0.05
CANDIDATES: tuple[float, ...] = tuple(round(0.30 + CANDIDATE_STEP * i, 2) for i in range(14))
#: Bootstrap resamples for the threshold's interval, and their seed (a stable page).
BOOTSTRAP_DRAWS = 400
BOOTSTRAP_SEED = 13

#: What followed an ask, one of these (``pending``: the answer window is still open).
OUTCOMES: tuple[str, ...] = ("referral", "lost", "declined", "no_answer", "pending")
#: Columns of :func:`band_table` and :func:`ready_totals` (the CLI's JSON keys).
RATE_COLUMNS: tuple[str, ...] = (
    "asks", "followed_by_referral", "rate", "rate_low", "rate_high", "lost", "declined",
    "no_answer", "pending",
)

_FINE = round(1 / CANDIDATE_STEP)   # 20 fine bins of 0.05 for the change point
_EPS = 1e-9                         # trust 0.7 computed as 0.69999999 still falls in [0.7, 0.8)


# --------------------------------------------------------------------------- outcomes

def _followed_by(asks: pd.DataFrame, later: pd.DataFrame, days: float) -> np.ndarray:
    """Whether each ask has a row of ``later`` (client_id, date) of the same client dated from
    the ask's day to ``days`` after it (a forward as-of match: one sort, no loop)."""
    if not len(asks) or not len(later):
        return np.zeros(len(asks), dtype=bool)
    left = pd.DataFrame({"client_id": asks["client_id"].to_numpy(np.int64),
                         "date": asks["date"].to_numpy("datetime64[ns]"),
                         "row": np.arange(len(asks))}).sort_values("date", kind="stable")
    right = pd.DataFrame({"client_id": later["client_id"].to_numpy(np.int64),
                          "date": later["date"].to_numpy("datetime64[ns]")})
    right = right.sort_values("date", kind="stable").assign(hit=True)
    merged = pd.merge_asof(left, right, on="date", by="client_id", direction="forward",
                           tolerance=pd.Timedelta(days=days))
    out = np.zeros(len(asks), dtype=bool)
    out[merged["row"].to_numpy()] = merged["hit"].notna().to_numpy()
    return out


def ask_outcomes(p: Portfolio, settings: trust.TrustSettings | None = None,
                 labels: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per ask up to ``p.as_of``: the columns of :func:`trust.ask_labels` (``trust``
    at the ask in [0, 1], ``ready``, ``early``) plus ``pending`` (the ask is younger than the
    answer window), ``followed`` (a referral by the client within the window), ``lost_6m``
    (client lost within :data:`LOST_WITHIN_MONTHS` months), ``declined`` (a decline within
    the window) and ``outcome`` (one of :data:`OUTCOMES`, in that order of precedence).

    ``labels`` (from :func:`trust.ask_labels` with the same settings) saves recomputing trust.
    """
    asks = trust.ask_labels(p, settings) if labels is None else labels
    asks = asks[asks["date"] <= p.as_of].reset_index(drop=True)
    refs = p.referrals[p.referrals["date"] <= p.as_of]
    ev = p.events[p.events["date"] <= p.as_of]
    window = float(ANSWER_WINDOW_DAYS)
    followed = _followed_by(asks, refs, window)
    declined = _followed_by(asks, ev[ev["kind"].eq("referral_declined")], window)
    lost = _followed_by(asks, ev[ev["kind"].eq("lost")], LOST_WITHIN_MONTHS * DAYS_PER_MONTH)
    pending = (asks["date"] > p.as_of - pd.Timedelta(days=window)).to_numpy(bool)
    outcome = np.select([pending, followed, lost, declined],
                        ["pending", "referral", "lost", "declined"], "no_answer")
    return asks.assign(pending=pending, followed=followed, lost_6m=lost, declined=declined,
                       outcome=outcome)


# --------------------------------------------------------------------------- rates

def rate_interval(k: np.ndarray, n: np.ndarray, level: float = LEVEL
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The Clopper-Pearson interval of ``k`` successes in ``n`` trials at ``level``
    (two-sided, equal tails), element-wise; NaN where ``n == 0``. Contains ``k / n``."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    tail = (1 - level) / 2
    # betaincinv needs positive parameters: the bounds at k == 0 and k == n are 0 and 1.
    low = np.where(k > 0, special.betaincinv(np.maximum(k, 1.0), np.maximum(n - k + 1, 1.0),
                                             tail), 0.0)
    high = np.where(k < n, special.betaincinv(k + 1, np.maximum(n - k, 1.0), 1 - tail), 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        phat = k / n
    empty = n <= 0
    # Rounding could put a bound a hair past the rate.
    return (np.where(empty, np.nan, np.minimum(low, phat)),
            np.where(empty, np.nan, np.maximum(high, phat)))


def _rate_frame(group: np.ndarray, size: int, o: pd.DataFrame) -> pd.DataFrame:
    """:data:`RATE_COLUMNS` for ``size`` groups, ``group`` giving each ask's group index."""
    outcome = o["outcome"].to_numpy()
    decided = outcome != "pending"

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(group[mask], minlength=size).astype(np.int64)

    asks = count(decided)
    hits = count(outcome == "referral")
    low, high = rate_interval(hits, asks)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(asks > 0, hits / np.maximum(asks, 1), np.nan)
    return pd.DataFrame({
        "asks": asks, "followed_by_referral": hits, "rate": rate, "rate_low": low,
        "rate_high": high, "lost": count(outcome == "lost"),
        "declined": count(outcome == "declined"), "no_answer": count(outcome == "no_answer"),
        "pending": count(~decided),
    })


def band_index(trust_at_ask: np.ndarray, width: float = BAND_WIDTH) -> np.ndarray:
    """The band of each trust value: ``floor(trust / width)``, the top band including 1.0."""
    n_bands = round(1 / width)
    t = np.nan_to_num(np.asarray(trust_at_ask, dtype=float), nan=0.0)
    return np.clip(np.floor(t / width + _EPS), 0, n_bands - 1).astype(np.int64)


def band_table(outcomes: pd.DataFrame, width: float = BAND_WIDTH) -> pd.DataFrame:
    """Every band of trust at the ask (``low`` included, ``high`` excluded but for the last),
    even empty ones (rate NaN), with :data:`RATE_COLUMNS`. ``asks`` are answered asks only."""
    n_bands = round(1 / width)
    frame = _rate_frame(band_index(outcomes["trust"].to_numpy(), width), n_bands, outcomes)
    edges = np.round(np.arange(n_bands + 1) * width, 10)
    return frame.assign(low=edges[:-1], high=edges[1:])[["low", "high", *RATE_COLUMNS]]


def ready_totals(outcomes: pd.DataFrame) -> pd.DataFrame:
    """:data:`RATE_COLUMNS` for the asks made when the client was ready and the early ones,
    indexed ``ready``, ``early``."""
    group = outcomes["early"].to_numpy(bool).astype(np.int64)
    return _rate_frame(group, 2, outcomes).set_axis(pd.Index(["ready", "early"]))


def split_rates(outcomes: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """:data:`RATE_COLUMNS` for asks at trust ``threshold`` or more (``above``) and below
    (``below``), indexed so."""
    t = outcomes["trust"].to_numpy(float)
    group = (t + _EPS < threshold).astype(np.int64)
    return _rate_frame(group, 2, outcomes).set_axis(pd.Index(["above", "below"]))


# --------------------------------------------------------------------------- suggestion

@dataclass(frozen=True)
class Suggestion:
    """The threshold the history supports, or why there is none.

    ``threshold`` (None unless ``status == "supported"``), its bootstrap interval ``low`` to
    ``high`` at :data:`LEVEL` (trust), ``asks`` the answered asks it rests on, ``status``:
    ``supported``, ``too_few`` (fewer than :data:`MIN_ASKS` asks) or ``no_step`` (no
    threshold has more success above than below with enough asks on each side).
    """

    threshold: float | None
    low: float | None
    high: float | None
    asks: int
    status: str


def _fine_counts(outcomes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Answered asks and referrals per fine bin of 0.05 trust."""
    decided = outcomes["outcome"].to_numpy() != "pending"
    fine = band_index(outcomes["trust"].to_numpy()[decided], CANDIDATE_STEP)
    hits = (outcomes["outcome"].to_numpy()[decided] == "referral")
    n = np.bincount(fine, minlength=_FINE).astype(float)
    k = np.bincount(fine[hits], minlength=_FINE).astype(float)
    return n, k


def _change_points(n: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The best candidate threshold for each row of fine-bin counts ``n``, ``k`` (shape
    ``(draws, 20)``), NaN where no candidate qualifies."""
    edges = np.round(np.asarray(CANDIDATES) / CANDIDATE_STEP).astype(np.int64)
    # Counts below each edge: cumulative sums, the candidate edges picked out.
    n_below = np.cumsum(n, axis=1)[:, edges - 1]
    k_below = np.cumsum(k, axis=1)[:, edges - 1]
    n_above = n.sum(axis=1, keepdims=True) - n_below
    k_above = k.sum(axis=1, keepdims=True) - k_below

    def loglik(kk: np.ndarray, nn: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            p = np.where(nn > 0, kk / np.maximum(nn, 1), 0.0)
        return special.xlogy(kk, p) + special.xlogy(nn - kk, 1 - p)

    ll = loglik(k_below, n_below) + loglik(k_above, n_above)
    flat = loglik(k.sum(axis=1, keepdims=True), n.sum(axis=1, keepdims=True))
    with np.errstate(invalid="ignore", divide="ignore"):
        rising = k_above / n_above > k_below / n_below
    ok = ((n_below >= MIN_ASKS_PER_SIDE) & (n_above >= MIN_ASKS_PER_SIDE) & rising
          & (2 * (ll - flat) >= MIN_LIKELIHOOD_RATIO))
    ll = np.where(ok, ll, -np.inf)
    # Candidates with no ask between them tie exactly; the history cannot tell them apart,
    # so take the highest (the patient side: "no solid relationship, no ask").
    last = len(CANDIDATES) - 1
    best = np.asarray(CANDIDATES)[last - np.argmax(ll[:, ::-1], axis=1)]
    return np.where(ok.any(axis=1), best, np.nan)


def suggest_threshold(outcomes: pd.DataFrame, draws: int = BOOTSTRAP_DRAWS,
                      seed: int = BOOTSTRAP_SEED) -> Suggestion:
    """The threshold of trust at the ask that the history supports (see the module text)."""
    n, k = _fine_counts(outcomes)
    total = int(n.sum())
    if total < MIN_ASKS:
        return Suggestion(None, None, None, total, "too_few")
    best = float(_change_points(n[None, :], k[None, :])[0])
    if np.isnan(best):
        return Suggestion(None, None, None, total, "no_step")
    # Bootstrap of the asks: a multinomial over the (bin, referral or not) cells is the same
    # as resampling asks with replacement, without touching every ask per draw.
    cells = np.concatenate([k, n - k])
    rng = np.random.default_rng(seed)
    sample = rng.multinomial(total, cells / total, size=draws).astype(float)
    k_b = sample[:, :_FINE]
    thresholds = _change_points(k_b + sample[:, _FINE:], k_b)
    tail = (1 - LEVEL) / 2
    low, high = np.nanquantile(thresholds, [tail, 1 - tail]) if np.isfinite(
        thresholds).any() else (best, best)
    return Suggestion(round(best, 2), round(float(min(low, best)), 2),
                      round(float(max(high, best)), 2), total, "supported")


# --------------------------------------------------------------------------- backtest

@dataclass(frozen=True)
class Backtest:
    """Had the gate been followed: the ``early`` asks (answered ones) would have waited;
    ``early_lost`` of them were followed by a lost client within :data:`LOST_WITHIN_MONTHS`
    months, ``early_referrals`` by a referral (those the gate would have put off, not
    necessarily lost). The ``ready`` asks (the patient ones) brought ``ready_referrals``;
    ``ready_lost`` were followed by a lost client. ``referrals`` is what all asks brought."""

    early: int
    early_lost: int
    early_referrals: int
    ready: int
    ready_lost: int
    ready_referrals: int

    @property
    def referrals(self) -> int:
        return self.early_referrals + self.ready_referrals


def backtest(outcomes: pd.DataFrame) -> Backtest:
    """Early asks against asks made when ready, answered asks only (see :class:`Backtest`)."""
    o = outcomes[outcomes["outcome"].to_numpy() != "pending"]
    early = o["early"].to_numpy(bool)
    referral = o["outcome"].to_numpy() == "referral"
    lost = o["lost_6m"].to_numpy(bool)
    return Backtest(
        early=int(early.sum()), early_lost=int((early & lost).sum()),
        early_referrals=int((early & referral).sum()), ready=int((~early).sum()),
        ready_lost=int((~early & lost).sum()), ready_referrals=int((~early & referral).sum()),
    )


# --------------------------------------------------------------------------- the whole check

@dataclass(frozen=True)
class GateCheck:
    """Everything the gate check shows: per-ask ``outcomes``, ``bands``, ``totals`` (ready,
    early), ``split`` (above / below the current ``threshold``), the ``suggestion`` and its
    own ``split_suggested`` (None without a suggestion), and the ``backtest``."""

    outcomes: pd.DataFrame
    bands: pd.DataFrame
    totals: pd.DataFrame
    threshold: float
    split: pd.DataFrame
    suggestion: Suggestion
    split_suggested: pd.DataFrame | None
    backtest: Backtest

    @property
    def differs(self) -> bool:
        """Whether the suggestion is another threshold than the current one."""
        s = self.suggestion.threshold
        return s is not None and abs(s - self.threshold) > _EPS


def check(p: Portfolio, settings: trust.TrustSettings | None = None,
          labels: pd.DataFrame | None = None) -> GateCheck:
    """The gate check of portfolio ``p`` (already filtered by owner) under ``settings``."""
    s = settings or trust.TrustSettings()
    o = ask_outcomes(p, s, labels)
    suggestion = suggest_threshold(o)
    return GateCheck(
        outcomes=o, bands=band_table(o), totals=ready_totals(o), threshold=s.threshold,
        split=split_rates(o, s.threshold), suggestion=suggestion,
        split_suggested=(None if suggestion.threshold is None
                         else split_rates(o, suggestion.threshold)),
        backtest=backtest(o),
    )
