"""Segment membership (the 20-60-20 rule) as probabilities, and the portfolio's own shares.

Two layers:

1. A pure core on *evidence* (one row per client, see :data:`EVIDENCE_COLUMNS`):
   :func:`log_likelihood`, :func:`posterior_from_evidence`, :func:`fit` (EM for the shares and
   the per-segment rates, with an uncertainty interval) and :func:`simulate_evidence` (known
   shares, for tests and benchmarks). Vectorised over clients; the only loop is over EM
   iterations.
2. :func:`evidence` builds that frame from a :class:`~refdash.model.portfolio.Portfolio` through the
   trust model of :mod:`refdash.model.trust` (which asks were made while the client was ready);
   :func:`posteriors` and :func:`estimate_shares` are the portfolio-level entry points.

The model (docs/model.md, "Segments"): a client belongs to one latent segment, advocate (refers
unasked), responsive (refers when asked) or never. Given the segment ``k``:

- unsolicited referrals ``u ~ Poisson(lambda_k * m)`` over the ``m`` months the client could
  have referred (known beyond the trust model's first months); ``lambda_never = 0``: a client
  who referred unasked is, by definition, not a never-referrer;
- each ask is followed by a referral within 60 days with a probability that depends on the
  segment and on the ask's class (:data:`ASK_CLASSES`): made while the client was ready, made
  too early on an established relationship, or made while the client was too new (right after
  the sale). Early asks succeed less, so a failed early ask is weak evidence, not a refusal.

``P(segment | client)`` is proportional to ``share_k * likelihood``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special, stats

from refdash.i18n import format_date, translate
from refdash.model import referral_tree, trust
from refdash.model.portfolio import Portfolio
from refdash.model.referral_tree import ReferralTree
from refdash.model.trust import TrustReport, TrustSettings

__all__ = [
    "ACTIONS", "ASK_CLASSES", "EVIDENCE_COLUMNS", "Fit", "Overview", "PROBABILITY_COLUMNS",
    "RULE_SHARES", "SEGMENTS", "SegmentRates", "SegmentSettings", "UNKNOWN", "client_table",
    "estimate_shares", "evidence", "fit", "log_likelihood", "never_probability", "overview",
    "posterior_from_evidence", "posteriors", "simulate_evidence",
]

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
#: Stand-in for log(0) (nats) in the likelihood: any evidence it multiplies is impossible.
_IMPOSSIBLE = -1e30


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
      a referral within 60 days;
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
    answer_days: int = 60
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


# --------------------------------------------------------------------------- core


def _as_evidence(ev: pd.DataFrame) -> pd.DataFrame:
    """Validate an evidence frame; returns it with float64 columns."""
    missing = [c for c in EVIDENCE_COLUMNS if c not in ev.columns]
    if missing:
        raise ValueError(f"evidence lacks the columns {missing} (has {list(ev.columns)})")
    out = ev.loc[:, list(EVIDENCE_COLUMNS)].astype("float64")
    values = out.to_numpy()
    ok = np.all(np.isfinite(values) & (values >= 0), axis=1)
    if not ok.all():
        raise ValueError(f"evidence must be finite and >= 0; offending clients: "
                         f"{out.index[~ok][:5].tolist()}")
    counts = values[:, 1:]
    whole = np.all(counts == np.round(counts), axis=1)
    if not whole.all():
        raise ValueError(f"evidence counts must be whole numbers; offending clients: "
                         f"{out.index[~whole][:5].tolist()}")
    bad = np.zeros(len(out), dtype=bool)
    for asks, success in ASK_COLUMNS.values():
        bad |= (out[success] > out[asks]).to_numpy()
    if bad.any():
        raise ValueError("successful asks cannot outnumber asks; offending clients: "
                         f"{out.index[bad][:5].tolist()}")
    return out


def _features(ev: pd.DataFrame, settings: SegmentSettings) -> np.ndarray:
    """The (2 + 2 * classes, n) sufficient statistics of each client: unsolicited referrals,
    exposure months, then successful and failed asks of each class."""
    u = ev["unsolicited"].to_numpy()
    m = ev["months_exposed"].to_numpy()
    # A client who referred unasked sooner than expected was exposed for a while.
    m = np.where(u > 0, np.maximum(m, settings.min_exposure_months), m)
    rows = [u, m]
    for asks, success in ASK_COLUMNS.values():
        s = ev[success].to_numpy()
        rows += [s, ev[asks].to_numpy() - s]
    return np.vstack(rows)


@dataclass(frozen=True)
class _Params:
    """EM parameters: shares (groups, 3), unsolicited rates (3,), the ask model's parameters
    ``theta`` (see :meth:`SegmentSettings.ask_model_prior`; empty when rates are fixed) and
    the success probabilities (classes, 3) they give."""

    shares: np.ndarray
    lam: np.ndarray
    theta: np.ndarray
    success: np.ndarray

    def flat(self) -> np.ndarray:
        return np.concatenate([self.shares.ravel(), self.lam, self.theta])

    def valid(self) -> bool:
        return bool(np.all(self.shares >= 0) and np.all(self.lam >= 0)
                    and np.all(np.isfinite(self.theta)))


def _ask_design() -> np.ndarray:
    """(classes, 2, 4) design of the ask model: logit success = a_k + b_c."""
    n_classes = len(ASK_CLASSES)
    design = np.zeros((n_classes, 2, 2 + n_classes - 1))
    design[:, 0, 0] = 1.0
    design[:, 1, 1] = 1.0
    for c in range(1, n_classes):
        design[c, :, 1 + c] = 1.0
    return design


_DESIGN = _ask_design()


def _success_from(theta: np.ndarray, fixed: np.ndarray) -> np.ndarray:
    """Success probabilities (classes, 3): the ask model for advocates and responsive
    clients, ``fixed`` (the never-referrers' defaults) for the others."""
    success = fixed.copy()
    success[:, :2] = special.expit(_DESIGN @ theta)
    return np.clip(success, 1e-9, 1 - 1e-9)


def _loglik_t(x: np.ndarray, lam: np.ndarray, success: np.ndarray) -> np.ndarray:
    """(3, n) log-likelihoods (nats) up to a per-client constant (binomial coefficients, u!)."""
    # A zero unsolicited rate makes any unsolicited referral impossible: log(0) is taken as
    # _IMPOSSIBLE, which stays finite in the product (0 * log 0 = 0) and underflows exp to 0.
    log_lam = np.where(lam > 0, np.log(np.where(lam > 0, lam, 1.0)), _IMPOSSIBLE)
    cols = [log_lam, -lam]
    for rate in success:
        cols += [np.log(rate), np.log1p(-rate)]
    # einsum rather than BLAS: a (3, k) x (k, n) product gains nothing from threads, and
    # OpenBLAS threads stall when other processes hold the cores.
    return np.einsum("kr,rn->kn", np.column_stack(cols), x)


def _e_step(x: np.ndarray, log_prior: np.ndarray, par: _Params) -> tuple[np.ndarray, np.ndarray]:
    """Posterior (3, n) and per-client log marginal likelihood (n,). ``log_prior`` is (3, 1)
    or (3, n)."""
    joint = _loglik_t(x, par.lam, par.success) + log_prior
    top = np.maximum(np.maximum(joint[0], joint[1]), joint[2])
    ex = np.exp(joint - top)
    total = ex[0] + ex[1] + ex[2]
    ex /= total
    return ex, top + np.log(total)


def _log(values: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(values)


def log_likelihood(ev: pd.DataFrame, rates: SegmentRates | None = None,
                   settings: SegmentSettings | None = None) -> pd.DataFrame:
    """Per client and segment, the log-likelihood of the evidence (nats, up to a constant per
    client; ``-inf`` where the evidence is impossible). Returns a frame indexed like ``ev``
    with columns :data:`SEGMENTS`."""
    settings = settings or SegmentSettings()
    rates = rates or settings.rates
    ev = _as_evidence(ev)
    ll = _loglik_t(_features(ev, settings), np.asarray(rates.unsolicited, float),
                   rates.success())
    ll = np.where(ll <= _IMPOSSIBLE / 2, -np.inf, ll)
    return pd.DataFrame(ll.T, index=ev.index, columns=list(SEGMENTS))


def _has_evidence(ev: pd.DataFrame) -> np.ndarray:
    """Clients who were asked (in any class) or referred unasked at least once."""
    total = ev["unsolicited"].to_numpy().copy()
    for asks, _success in ASK_COLUMNS.values():
        total = total + ev[asks].to_numpy()
    return total > 0


def _frame(ev: pd.DataFrame, post: np.ndarray, min_probability: float) -> pd.DataFrame:
    """The posterior frame: probabilities, most likely segment, label, evidence."""
    best = np.argmax(post, axis=0)
    most_likely = np.asarray(SEGMENTS)[best]
    top = np.take_along_axis(post, best[None], 0)[0]
    placed = _has_evidence(ev) & (top >= min_probability)
    out = pd.DataFrame(post.T, index=ev.index, columns=list(PROBABILITY_COLUMNS))
    out["most_likely"] = most_likely
    out["segment"] = np.where(placed, most_likely, UNKNOWN)
    return out.join(ev)


def posterior_from_evidence(
    ev: pd.DataFrame,
    shares: tuple[float, float, float] | np.ndarray | pd.DataFrame | None = None,
    rates: SegmentRates | None = None,
    settings: SegmentSettings | None = None,
    groups: pd.Series | np.ndarray | None = None,
) -> pd.DataFrame:
    """Segment probabilities of each client from its evidence.

    ``shares`` is the prior: three shares (default ``settings.prior_shares``), or a frame
    indexed by group with columns :data:`SEGMENTS` together with ``groups`` (each client's
    group). Returns a frame indexed like ``ev``: ``p_advocate``, ``p_responsive``, ``p_never``
    (each in [0, 1], summing to 1), ``most_likely`` (the arg-max segment), ``segment`` (the most
    likely one, or ``unknown`` when its probability is below ``settings.min_probability`` or the
    client was never asked and never referred), then the evidence columns.
    """
    settings = settings or SegmentSettings()
    rates = rates or settings.rates
    ev = _as_evidence(ev)
    if isinstance(shares, pd.DataFrame):
        if groups is None:
            raise ValueError("shares per group need the clients' groups")
        g = pd.Series(np.asarray(groups), index=ev.index)
        unknown = ~g.isin(shares.index)
        if unknown.any():
            raise ValueError(f"groups without shares: {sorted(g[unknown].unique().tolist())[:5]}")
        prior = shares.loc[g.to_numpy(), list(SEGMENTS)].to_numpy(dtype=float).T
    else:
        prior = np.asarray(settings.prior_shares if shares is None else shares, dtype=float)
        if prior.shape != (3,) or np.any(prior < 0) or abs(prior.sum() - 1) > 1e-6:
            raise ValueError(f"shares must be three shares >= 0 summing to 1, got {shares!r}")
        prior = prior[:, None]
    par = _Params(np.zeros((1, 3)), np.asarray(rates.unsolicited, float), np.zeros(0),
                  rates.success())
    post, _ = _e_step(_features(ev, settings), _log(prior), par)
    return _frame(ev, post, settings.min_probability)


@dataclass(frozen=True)
class Fit:
    """The result of :func:`fit`.

    - ``shares``: frame indexed by group (``"all"`` without groups) with, per segment ``k``,
      columns ``k`` (estimated share in [0, 1]), ``k_low`` / ``k_high`` (interval at
      ``level``), then ``clients`` (clients in the group) and ``informative`` (clients with
      any evidence, the ones that move the estimate);
    - ``rates``: the estimated :class:`SegmentRates` (shared by all groups);
    - ``posteriors``: per client, as :func:`posterior_from_evidence` (prior = the client's
      group's estimated shares);
    - ``iterations`` (EM steps), ``converged``, ``log_likelihood`` (nats, up to a constant,
      plus the rates' log prior density).
    """

    shares: pd.DataFrame
    rates: SegmentRates
    posteriors: pd.DataFrame
    iterations: int
    converged: bool
    log_likelihood: float
    level: float


def _group_codes(ev: pd.DataFrame, groups: pd.Series | np.ndarray | None
                 ) -> tuple[np.ndarray, pd.Index]:
    if groups is None:
        return np.zeros(len(ev), dtype=np.int64), pd.Index(["all"], name="group")
    g = np.asarray(groups)
    if g.shape != (len(ev),):
        raise ValueError(f"groups must have one entry per client ({len(ev)}), got shape {g.shape}")
    if pd.isna(g).any():
        raise ValueError("groups must not contain missing values")
    codes, uniques = pd.factorize(g, sort=True)
    return codes.astype(np.int64), pd.Index(uniques, name="group")


def _distinct(x: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (evidence, group) columns of ``x`` / ``g`` and how many clients share
    each: EM works on those (exactly the same likelihood, a fraction of the work)."""
    if x.shape[1] == 0:
        return x, g, np.zeros(0)
    keys = pd.DataFrame(np.vstack([x, g[None, :]]).T)
    inverse = keys.groupby(list(keys.columns), sort=False).ngroup().to_numpy()
    first = np.unique(inverse, return_index=True)[1]
    return np.ascontiguousarray(x[:, first]), g[first], np.bincount(inverse).astype(float)


class _EM:
    """One EM problem: features, groups, priors; :meth:`step` is the EM map and
    :meth:`objective` the log posterior it increases."""

    def __init__(self, x: np.ndarray, g: np.ndarray, n_groups: int,
                 settings: SegmentSettings, weights: np.ndarray) -> None:
        self.x, self.g, self.n_groups, self.settings = x, g, n_groups, settings
        self.w = weights  # clients sharing each row of evidence
        self.xw = np.ascontiguousarray(x * weights)
        self.counts = np.bincount(g, weights=weights, minlength=n_groups)
        self.lam0 = np.asarray(settings.rates.unsolicited, float)
        self.success0 = settings.rates.success()
        self.theta_mean, self.theta_sd = settings.ask_model_prior()

    def log_prior(self, par: _Params) -> np.ndarray:
        logs = _log(par.shares)
        return logs.T[:, self.g] if self.n_groups > 1 else logs.T

    def e_step(self, par: _Params) -> tuple[np.ndarray, float]:
        post, norm = _e_step(self.x, self.log_prior(par), par)
        return post, float(np.sum(norm * self.w))

    def objective(self, par: _Params, loglik: float) -> float:
        """Log-likelihood plus the log densities of the priors (nats)."""
        c = self.settings.prior_clients
        prior = np.asarray(self.settings.prior_shares)[None, :]
        loglik += float(np.sum(c * prior * _log(np.maximum(par.shares, 1e-300))))
        if not self.settings.estimate_rates:
            return loglik
        months = self.settings.prior_months
        free = self.lam0 > 0
        lp = np.sum(self.lam0[free] * months * np.log(par.lam[free]) - months * par.lam[free])
        lp -= 0.5 * np.sum(((par.theta - self.theta_mean) / self.theta_sd) ** 2)
        return loglik + float(lp)

    def params(self, shares: np.ndarray, lam: np.ndarray, theta: np.ndarray) -> _Params:
        if not self.settings.estimate_rates:
            return _Params(shares, lam, theta, self.success0)
        return _Params(shares, lam, theta, _success_from(theta, self.success0))

    def unflat(self, flat: np.ndarray) -> _Params:
        k = 3 * self.n_groups
        return self.params(flat[:k].reshape(self.n_groups, 3), flat[k:k + 3], flat[k + 3:])

    def ask_model(self, succ: np.ndarray, fail: np.ndarray, theta: np.ndarray) -> np.ndarray:
        """Maximise the ask model's log posterior given expected successes and failures
        (classes, 2) of advocates and responsive clients: Newton steps on 4 parameters."""
        design = _DESIGN.reshape(-1, _DESIGN.shape[-1])
        s, n = succ.ravel(), (succ + fail).ravel()
        precision = 1.0 / self.theta_sd ** 2
        for _ in range(20):  # Newton iterations (a concave problem of 4 parameters)
            prob = special.expit(design @ theta)
            grad = design.T @ (s - n * prob) - precision * (theta - self.theta_mean)
            hess = -(design.T * (n * prob * (1 - prob))) @ design - np.diag(precision)
            delta = np.linalg.solve(hess, -grad)
            theta = theta + delta
            if np.max(np.abs(delta)) < 1e-10:
                break
        return theta

    def m_step(self, post: np.ndarray, par: _Params) -> _Params:
        if self.n_groups == 1:
            sums = (post * self.w).sum(axis=1)[None, :]
        else:
            sums = np.column_stack([np.bincount(self.g, weights=post[k] * self.w,
                                                minlength=self.n_groups) for k in range(3)])
        c = self.settings.prior_clients
        prior = np.asarray(self.settings.prior_shares)[None, :]
        shares = np.where(self.counts[:, None] > 0,
                          (sums + c * prior) / np.maximum(self.counts[:, None] + c, 1e-300),
                          prior)
        if not self.settings.estimate_rates:
            return self.params(shares, par.lam, par.theta)
        months = self.settings.prior_months
        # (3, k): weighted u, m, then successes and failures per class
        w = np.einsum("kn,rn->kr", post, self.xw)
        lam = np.where(self.lam0 > 0, (w[:, 0] + self.lam0 * months) / (w[:, 1] + months), 0.0)
        succ, fail = w[:2, 2::2].T, w[:2, 3::2].T  # (classes, advocate/responsive)
        return self.params(shares, lam, self.ask_model(succ, fail, par.theta))

    def step(self, par: _Params) -> tuple[_Params, float]:
        """One EM step from ``par``; returns the new parameters and the objective at ``par``."""
        post, loglik = self.e_step(par)
        return self.m_step(post, par), self.objective(par, loglik)

    def run(self, start: _Params) -> tuple[_Params, int, bool, float]:
        """EM accelerated by SQUAREM (Varadhan & Roland 2008, scheme S3), falling back to plain
        EM steps whenever an extrapolation leaves the parameter space or lowers the objective.
        Returns (parameters, EM steps, converged, objective)."""
        s = self.settings
        par, steps, obj = start, 0, -np.inf
        while steps < s.max_iter:
            p1, _ = self.step(par)
            p2, obj1 = self.step(p1)
            steps += 2
            t0, t1, t2 = par.flat(), p1.flat(), p2.flat()
            r, v = t1 - t0, t2 - 2 * t1 + t0
            if np.max(np.abs(r)) < s.tol:
                return p1, steps, True, obj1
            alpha = min(-1.0, -np.sqrt(np.dot(r, r) / max(np.dot(v, v), 1e-300)))
            candidate = self.unflat(t0 - 2 * alpha * r + alpha ** 2 * v)
            if candidate.valid():
                p3, obj3 = self.step(candidate)
                steps += 1
                if p3.valid() and obj3 >= obj1 - 1e-9 * abs(obj1):
                    par, obj = p3, obj3
                    continue
            par, obj = p2, obj1
        return par, steps, False, obj


def fit(
    ev: pd.DataFrame,
    settings: SegmentSettings | None = None,
    groups: pd.Series | np.ndarray | None = None,
) -> Fit:
    """Estimate the segment shares (per group, if ``groups`` is given) and the per-segment rates
    (shared by all groups) by EM, with maximum-a-posteriori rates shrunk towards
    ``settings.rates``; then every client's posterior under its group's shares.

    Clients without any evidence (no exposure, never asked or referred) do not move the
    estimate. The intervals come from the observed information (outer product of the clients'
    scores, rates included), on the logit scale of each share.
    """
    settings = settings or SegmentSettings()
    ev = _as_evidence(ev)
    codes, group_index = _group_codes(ev, groups)
    n_groups = len(group_index)
    x_all = _features(ev, settings)
    informative = (x_all[1] > 0) | _has_evidence(ev)
    x, g, weights = _distinct(x_all[:, informative], codes[informative])
    em = _EM(x, g, n_groups, settings, weights)
    theta0 = em.theta_mean.copy() if settings.estimate_rates else np.zeros(0)
    start = em.params(np.tile(np.asarray(settings.prior_shares, float), (n_groups, 1)),
                      em.lam0.copy(), theta0)
    par, steps, converged, objective = em.run(start)

    rates = (SegmentRates.from_arrays(par.lam, par.success) if settings.estimate_rates
             else settings.rates)
    low, high = _intervals(em, par)
    table = pd.DataFrame(index=group_index)
    for j, k in enumerate(SEGMENTS):
        table[k] = par.shares[:, j]
        table[f"{k}_low"] = low[:, j]
        table[f"{k}_high"] = high[:, j]
    table["clients"] = np.bincount(codes, minlength=n_groups)
    table["informative"] = em.counts.astype(np.int64)
    log_prior = _log(par.shares).T[:, codes] if n_groups > 1 else _log(par.shares).T
    post, _ = _e_step(x_all, log_prior, par)
    return Fit(shares=table, rates=rates, posteriors=_frame(ev, post, settings.min_probability),
               iterations=steps, converged=converged, log_likelihood=objective,
               level=settings.level)


def _intervals(em: _EM, par: _Params) -> tuple[np.ndarray, np.ndarray]:
    """Interval bounds (groups, 3) for the shares from the clients' scores (observed
    information, outer-product form) plus the priors' information, including the rates when
    they are estimated."""
    post, _ = em.e_step(par)
    x, g, n_groups = em.x, em.g, em.n_groups
    n = x.shape[1]
    pi = np.maximum(par.shares[g], 1e-12)  # (n, 3)
    # Shares: free parameters (advocate, responsive) per group; never = 1 - the others.
    share_score = post[:2].T / pi[:, :2] - (post[2] / pi[:, 2])[:, None]
    blocks = [np.zeros((n, 2 * n_groups))]
    blocks[0][np.arange(n)[:, None], 2 * g[:, None] + np.arange(2)] = share_score
    if em.settings.estimate_rates:
        free = par.lam > 0
        blocks.append(post[free].T * (x[0][:, None] / par.lam[free] - x[1][:, None]))
        # Ask model: d log L / d logit(rate_ck) = post_k * (successes - asks * rate_ck).
        resid = np.stack([post[:2].T * (x[2 + 2 * c][:, None] - (x[2 + 2 * c] + x[3 + 2 * c])
                                        [:, None] * par.success[c, :2])
                          for c in range(len(ASK_CLASSES))], axis=1)  # (n, classes, 2)
        # Explicit sizes: with no informative client (n = 0) a -1 could not be inferred.
        blocks.append(resid.reshape(n, 2 * len(ASK_CLASSES))
                      @ _DESIGN.reshape(-1, _DESIGN.shape[-1]))
    scores = np.hstack(blocks)
    info = (scores * em.w[:, None]).T @ scores
    # The priors' own information (minus their log densities' second derivatives), so that a
    # group with a handful of clients gets the wide interval the prior allows, not a singular
    # matrix's accident.
    c, prior = em.settings.prior_clients, np.asarray(em.settings.prior_shares)
    shares = np.maximum(par.shares, 1e-9)
    for j in range(n_groups):
        block = c * prior[2] / shares[j, 2] ** 2 * np.ones((2, 2))
        block += np.diag(c * prior[:2] / shares[j, :2] ** 2)
        info[2 * j:2 * j + 2, 2 * j:2 * j + 2] += block
    if em.settings.estimate_rates:
        free = par.lam > 0
        k = 2 * n_groups
        nfree = int(free.sum())
        info[k:k + nfree, k:k + nfree] += np.diag(
            em.lam0[free] * em.settings.prior_months / par.lam[free] ** 2)
        info[k + nfree:, k + nfree:] += np.diag(1.0 / em.theta_sd ** 2)
    cov = np.linalg.pinv(info)
    idx = 2 * np.arange(n_groups)
    var_a, var_r = cov[idx, idx], cov[idx + 1, idx + 1]
    var = np.column_stack([var_a, var_r, var_a + var_r + 2 * cov[idx, idx + 1]])
    se = np.sqrt(np.maximum(var, 0))
    z = stats.norm.ppf(0.5 + em.settings.level / 2)
    clipped = np.clip(par.shares, 1e-9, 1 - 1e-9)
    centre, half = special.logit(clipped), z * se / (clipped * (1 - clipped))
    low, high = special.expit(centre - half), special.expit(centre + half)
    # A group with no informative client tells nothing: the interval is all of [0, 1].
    empty = em.counts == 0
    low[empty], high[empty] = 0.0, 1.0
    return low, high


def simulate_evidence(
    n: int,
    shares: tuple[float, float, float],
    rng: np.random.Generator,
    rates: SegmentRates | None = None,
    max_months: float = 30.0,
    ask_every_months: float = 12.0,
    new_ask_probability: float = 0.3,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Evidence of ``n`` clients drawn from the model itself with known ``shares``.

    Months of exposure are uniform on [0, ``max_months``]; asks made while ready come every
    ``ask_every_months`` on average and early asks half as often (Poisson); one ask right after
    the sale with ``new_ask_probability``. Returns (evidence frame indexed 1..n, true segment
    index of each client, 0 advocate, 1 responsive, 2 never).
    """
    if n < 1:
        raise ValueError(f"n must be a positive whole number, got {n!r}")
    sh = np.asarray(shares, dtype=float)
    if sh.shape != (3,) or np.any(sh < 0) or abs(sh.sum() - 1) > 1e-9:
        raise ValueError(f"shares must be three shares >= 0 summing to 1, got {shares!r}")
    if max_months <= 0 or ask_every_months <= 0 or not 0 <= new_ask_probability <= 1:
        raise ValueError(
            f"max_months and ask_every_months must be > 0 and new_ask_probability in [0, 1], "
            f"got {max_months!r}, {ask_every_months!r}, {new_ask_probability!r}")
    rates = rates or SegmentRates()
    success = rates.success()
    seg = rng.choice(3, n, p=sh)
    m = rng.uniform(0, max_months, n)
    counts = {
        "ready": rng.poisson(m / ask_every_months),
        "early": rng.poisson(m / (2 * ask_every_months)),
        "new": (rng.random(n) < new_ask_probability).astype(np.int64),
    }
    data: dict[str, np.ndarray] = {
        "months_exposed": m,
        "unsolicited": rng.poisson(np.asarray(rates.unsolicited)[seg] * m),
    }
    for c, name in enumerate(ASK_CLASSES):
        asks, succ = ASK_COLUMNS[name]
        data[asks] = counts[name]
        data[succ] = rng.binomial(counts[name], success[c][seg])
    ev = pd.DataFrame(data, index=pd.RangeIndex(1, n + 1, name="client_id"))
    return ev, seg


# --------------------------------------------------------------------------- from a portfolio


def evidence(p: Portfolio, trust_settings: TrustSettings | None = None,
             settings: SegmentSettings | None = None,
             report: TrustReport | None = None) -> pd.DataFrame:
    """The evidence frame (:data:`EVIDENCE_COLUMNS`, indexed by client id in the order of
    ``p.clients``) of every client of ``p``, read through the trust model.

    - ``months_exposed``: months the client could have referred: known beyond the trust
      model's ``min_months_known`` (the time to watch how we work), up to ``as_of`` or the loss;
    - ``unsolicited``: referrals not marked as solicited;
    - an ask is *answered* when a solicited referral of the same client follows within
      ``settings.answer_days`` days; asks younger than that are still pending and left out
      (answered or not, so that success is not overstated); asks the trust model calls
      ready count in ``asks``, early ones made because the client was too new in
      ``new_asks``, other early ones in ``early_asks``;
    - a solicited referral with no ask in the ``answer_days`` before it (a CRM that logs
      referrals but not asks) counts as an answered ask made while ready.

    ``report`` (from :func:`refdash.model.trust.analyse` with the same settings) saves recomputing
    the trust model.
    """
    settings = settings or SegmentSettings()
    trust_settings = trust_settings or TrustSettings()
    if report is None:
        report = trust.analyse(p, trust_settings)
    ids = pd.Index(p.clients["id"].to_numpy(dtype=np.int64), name="client_id")
    window = pd.Timedelta(days=settings.answer_days)

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        """Same key dtypes on both sides of the as-of merges, sorted by date."""
        frame = frame.assign(client_id=frame["client_id"].astype(np.int64),
                             date=frame["date"].astype("datetime64[ns]"))
        return frame.sort_values("date", kind="stable").reset_index(drop=True)

    refs = p.referrals
    refs = refs[refs["client_id"].isin(ids) & (refs["date"] <= p.as_of)]
    is_solicited = refs["solicited"].astype(bool)
    solicited = keyed(refs.loc[is_solicited, ["client_id", "date"]])
    asks = report.asks.loc[report.asks["client_id"].isin(ids),
                           ["client_id", "date", "early", "reason"]]
    asks = keyed(asks[asks["date"] <= p.as_of])

    answered = pd.merge_asof(
        asks, solicited.assign(answer=solicited["date"]), on="date", by="client_id",
        direction="forward", tolerance=window,
    )["answer"].notna().to_numpy()
    implied = pd.merge_asof(
        solicited, asks[["client_id", "date"]].assign(asked=asks["date"]), on="date",
        by="client_id", direction="backward", tolerance=window,
    )["asked"].isna().to_numpy()
    # Asks younger than the window are left out whatever happened: keeping the answered ones
    # only would overstate success.
    pending = (asks["date"] > p.as_of - window).to_numpy()
    asks = asks.assign(success=answered.astype(float))[~pending]

    early = asks["early"].astype(bool).to_numpy()
    new = early & asks["reason"].eq("too_new").to_numpy()
    ask_class = np.where(new, "new", np.where(early, "early", "ready"))
    extra = solicited.loc[implied, ["client_id"]].assign(cls="ready", success=1.0)
    all_asks = pd.concat([asks[["client_id"]].assign(cls=ask_class, success=asks["success"]),
                          extra], ignore_index=True)
    table = all_asks.pivot_table(index="client_id", columns="cls", values="success",
                                 aggfunc=["count", "sum"], fill_value=0)

    def column(stat: str, cls: str) -> np.ndarray:
        if (stat, cls) not in table.columns:
            return np.zeros(len(ids))
        return table[(stat, cls)].reindex(ids, fill_value=0).to_numpy(dtype=float)

    unsolicited = refs.loc[~is_solicited].groupby("client_id").size()
    known = report.status["months_known"].reindex(ids).fillna(0.0).to_numpy(dtype=float)
    data: dict[str, np.ndarray] = {
        "months_exposed": np.maximum(known - trust_settings.min_months_known, 0.0),
        "unsolicited": unsolicited.reindex(ids, fill_value=0).to_numpy(dtype=float),
    }
    for name in ASK_CLASSES:
        asks_col, success_col = ASK_COLUMNS[name]
        data[asks_col] = column("count", name)
        data[success_col] = column("sum", name)
    return pd.DataFrame(data, index=ids)


def _owners(p: Portfolio) -> pd.Series:
    return pd.Series(p.clients["owner"].to_numpy(), index=p.clients["id"].to_numpy())


def estimate_shares(p: Portfolio, trust_settings: TrustSettings | None = None,
                    settings: SegmentSettings | None = None, by_owner: bool = False,
                    ev: pd.DataFrame | None = None) -> Fit:
    """The portfolio's own segment shares by EM, with an interval, and the per-segment rates.

    Returns a :class:`Fit`: ``fit.shares`` is a frame indexed by group (``"all"``, or each
    owner when ``by_owner``; the rates are then shared by the owners) with, for each segment
    ``k`` of :data:`SEGMENTS`, the columns ``k`` (share in [0, 1]), ``k_low`` and ``k_high``
    (interval at ``settings.level``), plus ``clients`` and ``informative`` (counts);
    ``fit.rates`` the estimated :class:`SegmentRates` (unsolicited referrals per month of
    exposure, probabilities that an ask of each class is answered); ``fit.posteriors`` every
    client's probabilities as :func:`posteriors` returns them. ``ev`` (from :func:`evidence`)
    saves recomputing it.
    """
    settings = settings or SegmentSettings()
    if ev is None:
        ev = evidence(p, trust_settings, settings)
    groups = _owners(p).reindex(ev.index).to_numpy() if by_owner else None
    return fit(ev, settings, groups=groups)


def posteriors(p: Portfolio, trust_settings: TrustSettings | None = None,
               settings: SegmentSettings | None = None,
               ev: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every client's segment probabilities, with the portfolio's EM shares as the prior.

    Returns a frame indexed by client id (order of ``p.clients``): ``p_advocate``,
    ``p_responsive``, ``p_never`` (in [0, 1], summing to 1), ``most_likely`` (the arg-max
    segment), ``segment`` (``most_likely``, or ``unknown`` when the client was never asked and
    never referred or its top probability is below ``settings.min_probability``), then the
    evidence (:data:`EVIDENCE_COLUMNS`: months of exposure, referral and ask counts).
    For the trust gate's "not likely a never-referrer" condition use
    :func:`never_probability`, not ``p_never`` itself.
    """
    return estimate_shares(p, trust_settings, settings, ev=ev).posteriors


def never_probability(post: pd.DataFrame) -> pd.Series:
    """P(never-referrer) of the clients whose evidence says something about it (asked at least
    once, in any class, or referred unasked), NaN for the others; indexed by client id. This
    is what :func:`refdash.model.trust.client_status` takes as ``never_probability``: a client
    never asked keeps the portfolio's share as its P(never), and blocking the ask on that
    would keep the client from ever being asked, so it could never show otherwise.
    """
    return post["p_never"].where(_has_evidence(post), np.nan).rename("never_probability")


# --------------------------------------------------------------------------- the Segments page

#: What the seeds recommend for each segment (keys of the ``segments.action.*`` strings).
ACTIONS: dict[str, str] = {
    "advocate": "segments.action.advocate",
    "responsive": "segments.action.responsive",
    "never": "segments.action.never",
    UNKNOWN: "segments.action.unknown",
}


@dataclass(frozen=True)
class Overview:
    """Everything the Segments page draws, for one portfolio (already filtered by owner).

    - ``fit``: :func:`estimate_shares` on all the clients of the view;
    - ``shares``: the ``"all"`` row of ``fit.shares`` followed by one row per owner (shares per
      owner, rates shared), same columns;
    - ``clients``: one row per client (index client id): ``name``, ``company``, ``owner``,
      ``lost`` (bool), the posterior columns (:func:`posteriors`), and the trust gate now:
      ``ready`` (bool; a likely never-referrer, :func:`never_probability` at least the trust
      settings' ``never_probability``, is not),
      ``reason`` (why not, empty when ready), ``projected_ready_date``;
    - ``tree``: the referral network (:func:`refdash.model.referral_tree.referral_tree`).
    """

    fit: Fit
    shares: pd.DataFrame
    clients: pd.DataFrame
    tree: ReferralTree


def overview(p: Portfolio, trust_settings: TrustSettings | None = None,
             settings: SegmentSettings | None = None) -> Overview:
    """Shares (all clients and per owner), every client's segment with the trust gate, and the
    referral network of ``p``: one call for the Segments page."""
    settings = settings or SegmentSettings()
    trust_settings = trust_settings or TrustSettings()
    report = trust.analyse(p, trust_settings)
    ev = evidence(p, trust_settings, settings, report=report)
    overall = fit(ev, settings)
    owners = _owners(p).reindex(ev.index).to_numpy()
    per_owner = fit(ev, settings, groups=owners).shares if len(ev) else overall.shares.iloc[:0]
    shares = pd.concat([overall.shares, per_owner])

    post = overall.posteriors
    status = report.status.reindex(post.index)
    info = p.clients.set_index("id").reindex(post.index)
    lost = status["lost"].fillna(False).astype(bool).to_numpy()
    likely_never = (never_probability(post).fillna(0.0).to_numpy()
                    >= trust_settings.never_probability)
    ready = status["ready"].fillna(False).astype(bool).to_numpy() & ~likely_never
    reason = status["reason"].fillna("").astype(str).to_numpy()
    reason = np.where(~lost & likely_never, "likely_never", reason)
    projected = status["projected_ready_date"].where(~likely_never)
    clients = pd.DataFrame({
        "name": info["name"].to_numpy(),
        "company": info["company"].to_numpy(),
        "owner": info["owner"].to_numpy(),
        "lost": lost,
    }, index=post.index).join(post)
    clients["ready"] = ready
    clients["reason"] = reason
    clients["projected_ready_date"] = projected.to_numpy()
    tree = referral_tree.referral_tree(p.clients, p.referrals)
    return Overview(fit=overall, shares=shares, clients=clients, tree=tree)


def client_table(ov: Overview, segment: str, lang: str) -> pd.DataFrame:
    """The active clients labelled ``segment`` (or ``unknown``), most certain first, with the
    action the seeds recommend; columns translated for display and CSV download.

    Columns: name, company, owner, probability of the segment (most likely segment's for
    ``unknown``), ready now, why not / projected ready date, unsolicited referrals, asks
    answered, action.
    """
    if segment not in ACTIONS:
        raise ValueError(f"segment must be one of {list(ACTIONS)}, got {segment!r}")
    c = ov.clients[(ov.clients["segment"] == segment) & ~ov.clients["lost"]]
    prob_col = "p_" + segment if segment != UNKNOWN else None
    prob = (c[prob_col] if prob_col else c[list(PROBABILITY_COLUMNS)].max(axis=1))
    order = np.argsort(-prob.to_numpy(), kind="stable")
    c, prob = c.iloc[order], prob.iloc[order]
    asks = c["asks"] + c["early_asks"] + c["new_asks"]
    answered = c["asks_success"] + c["early_success"] + c["new_success"]
    reason_text = {r: translate(f"segments.reason.{r}", lang) for r in trust.REASONS}
    reasons = c["reason"].map(reason_text).astype(object)
    reasons = reasons.where(reasons.notna(), "").to_numpy(dtype=object)
    day = c["projected_ready_date"]
    date_text = {d: format_date(d, lang) for d in day.dropna().unique()}
    dates = day.map(date_text).astype(object)
    dates = dates.where(dates.notna(), "").to_numpy(dtype=object)
    not_ready = np.where(dates != "", reasons + " → " + dates, reasons)
    t = lambda key: translate(key, lang)  # noqa: E731
    table = pd.DataFrame({
        t("segments.col.name"): c["name"].to_numpy(),
        t("segments.col.company"): c["company"].fillna("").to_numpy(),
        t("segments.col.owner"): c["owner"].to_numpy(),
        t("segments.col.probability"): np.round(prob.to_numpy() * 100).astype(int),
        t("segments.col.ready"): c["ready"].to_numpy(),
        t("segments.col.not_ready"): np.where(c["ready"].to_numpy(), "", not_ready),
        t("segments.col.unsolicited"): c["unsolicited"].astype(int).to_numpy(),
        t("segments.col.asks"): (answered.astype(int).astype(str) + " / "
                                 + asks.astype(int).astype(str)).to_numpy(),
        t("segments.col.action"): t(ACTIONS[segment]),
    })
    return table.reset_index(drop=True)
