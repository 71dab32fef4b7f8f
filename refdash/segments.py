"""Segment membership (the 20-60-20 rule) as probabilities, and the portfolio's own shares.

Two layers:

1. A pure core on *evidence* (one row per client, see :data:`EVIDENCE_COLUMNS`):
   :func:`log_likelihood`, :func:`posterior_from_evidence`, :func:`fit` (EM for the shares and
   the per-segment rates, with an uncertainty interval) and :func:`simulate_evidence` (known
   shares, for tests and benchmarks). Vectorised over clients; the only loop is over EM
   iterations.
2. :func:`evidence` builds that frame from a :class:`~refdash.portfolio.Portfolio` with the
   trust model of :mod:`refdash.trust` (months ready, asks made while ready or too early);
   :func:`posteriors` and :func:`estimate_shares` are the portfolio-level entry points.

The model (docs/model.md, "Segments"): a client belongs to one latent segment, advocate (refers
unasked), responsive (refers when asked) or never. Given the segment ``k``:

- unsolicited referrals ``u ~ Poisson(lambda_k * m)`` over the ``m`` months the client has been
  ready (``lambda_never = 0``: a client who referred unasked is, by definition, not a
  never-referrer);
- each ask made while ready is followed by a referral within 60 days with probability ``p_k``;
- each ask made too early succeeds with a much smaller probability ``q_k``: a failed early ask is
  weak evidence, not a refusal.

``P(segment | client)`` is proportional to ``share_k * likelihood``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special, stats

SEGMENTS: tuple[str, ...] = ("advocate", "responsive", "never")
UNKNOWN = "unknown"
#: The rule of the French text: 20 % always refer, 60 % only when asked, 20 % never.
RULE_SHARES: tuple[float, float, float] = (0.2, 0.6, 0.2)

#: Columns of an evidence frame (indexed by client id); counts are whole numbers.
EVIDENCE_COLUMNS: tuple[str, ...] = (
    "months_ready",      # m: months the client has been ready to be asked (float >= 0)
    "unsolicited",       # u: referrals made without an ask
    "asks",              # a: asks made while the client was ready (answered: older than 60 days)
    "asks_success",      # s: of those, followed by a referral within 60 days
    "early_asks",        # e: asks made before the client was ready
    "early_success",     # of those, followed by a referral within 60 days
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

    - ``unsolicited``: unsolicited referrals per ready month (the never rate must be 0);
    - ``ask_success``: probability that an ask made while ready is followed by a referral
      within 60 days;
    - ``early_ask_success``: the same for an ask made before the client was ready.
    """

    unsolicited: tuple[float, float, float] = (0.05, 0.005, 0.0)
    ask_success: tuple[float, float, float] = (0.8, 0.5, 0.03)
    early_ask_success: tuple[float, float, float] = (0.25, 0.1, 0.01)

    def __post_init__(self) -> None:
        _check_rates("unsolicited", self.unsolicited, 0.0, np.inf, False, True)
        if self.unsolicited[0] <= 0 or self.unsolicited[1] <= 0 or self.unsolicited[2] != 0:
            raise ValueError(
                "unsolicited rates must be > 0 for advocates and responsive clients and exactly 0 "
                f"for never-referrers, got {self.unsolicited!r}"
            )
        _check_rates("ask_success", self.ask_success, 0.0, 1.0, True, True)
        _check_rates("early_ask_success", self.early_ask_success, 0.0, 1.0, True, True)

    def as_frame(self) -> pd.DataFrame:
        """The rates as a frame indexed by segment (columns as the fields)."""
        return pd.DataFrame(
            {"unsolicited": self.unsolicited, "ask_success": self.ask_success,
             "early_ask_success": self.early_ask_success},
            index=pd.Index(SEGMENTS, name="segment"),
        )


@dataclass(frozen=True)
class SegmentSettings:
    """Settings of the segments model.

    - ``rates``: the default per-segment rates (also the centre of the rates' priors);
    - ``prior_shares``: the shares used when EM is not run (default the 20-60-20 rule);
    - ``estimate_rates``: re-estimate the rates by EM (else keep ``rates``);
    - ``prior_months`` / ``prior_asks`` / ``prior_early_asks``: how much evidence the default
      rates are worth (pseudo ready-months, pseudo asks): with little data the estimates stay
      near the defaults, with a lot they follow the data;
    - ``min_probability``: a client is placed in its most likely segment only when that
      probability reaches this level *and* it has some evidence (an ask or a referral);
      otherwise it is ``unknown`` (its probabilities are still reported);
    - ``level``: confidence level of the shares' intervals;
    - ``min_exposure_months``: exposure floor (months) for a client who referred unasked before
      the trust model called them ready;
    - ``answer_days``: an ask counts as answered by a referral made within this many days.
    """

    rates: SegmentRates = field(default_factory=SegmentRates)
    prior_shares: tuple[float, float, float] = RULE_SHARES
    estimate_rates: bool = True
    prior_months: float = 120.0
    prior_asks: float = 10.0
    prior_early_asks: float = 10.0
    min_probability: float = 0.7
    level: float = 0.95
    min_exposure_months: float = 1.0
    answer_days: int = 60
    max_iter: int = 500
    tol: float = 1e-7

    def __post_init__(self) -> None:
        shares = np.asarray(self.prior_shares, dtype=float)
        if shares.shape != (3,) or np.any(shares <= 0) or abs(shares.sum() - 1) > 1e-9:
            raise ValueError(f"prior_shares must be three positive shares summing to 1, "
                             f"got {self.prior_shares!r}")
        for name in ("prior_months", "prior_asks", "prior_early_asks"):
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


# --------------------------------------------------------------------------- core


def _as_evidence(ev: pd.DataFrame) -> pd.DataFrame:
    """Validate an evidence frame; returns it with float64 columns."""
    missing = [c for c in EVIDENCE_COLUMNS if c not in ev.columns]
    if missing:
        raise ValueError(f"evidence lacks the columns {missing} (has {list(ev.columns)})")
    out = ev.loc[:, list(EVIDENCE_COLUMNS)].astype("float64")
    values = out.to_numpy()
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        bad = out.index[~np.all(np.isfinite(values) & (values >= 0), axis=1)][:5].tolist()
        raise ValueError(f"evidence must be finite and >= 0; offending clients: {bad}")
    counts = values[:, 1:]
    if np.any(counts != np.round(counts)):
        bad = out.index[np.any(counts != np.round(counts), axis=1)][:5].tolist()
        raise ValueError(f"evidence counts must be whole numbers; offending clients: {bad}")
    bad = (out["asks_success"] > out["asks"]) | (out["early_success"] > out["early_asks"])
    if bad.any():
        raise ValueError("successful asks cannot outnumber asks; offending clients: "
                         f"{out.index[bad][:5].tolist()}")
    return out


#: Stand-in for log(0) (nats) in the likelihood: any evidence it multiplies is impossible.
_IMPOSSIBLE = -1e30


def _features(ev: pd.DataFrame, settings: SegmentSettings) -> np.ndarray:
    """The (6, n) sufficient statistics of each client: unsolicited referrals, exposure months,
    successful and failed ready asks, successful and failed early asks."""
    u = ev["unsolicited"].to_numpy()
    m = ev["months_ready"].to_numpy()
    # A client who referred unasked before the trust model called them ready was exposed.
    m = np.where(u > 0, np.maximum(m, settings.min_exposure_months), m)
    a, s = ev["asks"].to_numpy(), ev["asks_success"].to_numpy()
    e, es = ev["early_asks"].to_numpy(), ev["early_success"].to_numpy()
    # Fortran order: the (3, 6) @ (6, n) product runs several times faster.
    return np.asfortranarray(np.vstack([u, m, s, a - s, es, e - es]))


@dataclass(frozen=True)
class _Params:
    """EM parameters: shares (groups, 3) and per-segment rates (3,) each."""

    shares: np.ndarray
    lam: np.ndarray
    p: np.ndarray
    q: np.ndarray

    def flat(self) -> np.ndarray:
        return np.concatenate([self.shares.ravel(), self.lam, self.p, self.q])

    @staticmethod
    def unflat(theta: np.ndarray, n_groups: int) -> _Params:
        k = 3 * n_groups
        return _Params(theta[:k].reshape(n_groups, 3), theta[k:k + 3], theta[k + 3:k + 6],
                       theta[k + 6:k + 9])

    def valid(self) -> bool:
        return bool(np.all(self.shares >= 0) and np.all(self.lam >= 0)
                    and np.all((self.p > 0) & (self.p < 1)) and np.all((self.q > 0) & (self.q < 1)))


def _loglik_t(x: np.ndarray, lam: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """(3, n) log-likelihoods up to a per-client constant (binomial coefficients, u!)."""
    # A zero unsolicited rate makes any unsolicited referral impossible: log(0) is taken as
    # _IMPOSSIBLE, which stays finite in the product (0 * log 0 = 0) and underflows exp to 0.
    log_lam = np.where(lam > 0, np.log(np.where(lam > 0, lam, 1.0)), _IMPOSSIBLE)
    coef = np.column_stack([log_lam, -lam, np.log(p), np.log1p(-p), np.log(q), np.log1p(-q)])
    return coef @ x


def _e_step(x: np.ndarray, log_prior: np.ndarray, par: _Params) -> tuple[np.ndarray, np.ndarray]:
    """Posterior (3, n) and per-client log marginal likelihood (n,). ``log_prior`` is (3, 1)
    or (3, n)."""
    joint = _loglik_t(x, par.lam, par.p, par.q) + log_prior
    top = np.maximum(np.maximum(joint[0], joint[1]), joint[2])
    ex = np.exp(joint - top)
    total = ex[0] + ex[1] + ex[2]
    ex /= total
    return ex, top + np.log(total)


def log_likelihood(ev: pd.DataFrame, rates: SegmentRates | None = None,
                   settings: SegmentSettings | None = None) -> pd.DataFrame:
    """Per client and segment, the log-likelihood of the evidence (nats, up to a constant per
    client). Returns a frame indexed like ``ev`` with columns :data:`SEGMENTS`."""
    settings = settings or SegmentSettings()
    rates = rates or settings.rates
    ev = _as_evidence(ev)
    ll = _loglik_t(_features(ev, settings), np.asarray(rates.unsolicited, float),
                   np.asarray(rates.ask_success, float), np.asarray(rates.early_ask_success, float))
    ll = np.where(ll <= _IMPOSSIBLE / 2, -np.inf, ll)
    return pd.DataFrame(ll.T, index=ev.index, columns=list(SEGMENTS))


def _has_evidence(ev: pd.DataFrame) -> np.ndarray:
    """Clients who were asked (ready or early) or referred at least once."""
    return (ev["asks"].to_numpy() + ev["early_asks"].to_numpy()
            + ev["unsolicited"].to_numpy()) > 0


def _log(values: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(values)


def _frame(ev: pd.DataFrame, post: np.ndarray, min_probability: float) -> pd.DataFrame:
    """The posterior frame: probabilities, most likely segment, label, evidence."""
    best = np.argmax(post, axis=0)
    most_likely = np.asarray(SEGMENTS)[best]
    placed = _has_evidence(ev) & (np.take_along_axis(post, best[None], 0)[0] >= min_probability)
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
    par = _Params(np.zeros((1, 3)), np.asarray(rates.unsolicited, float),
                  np.asarray(rates.ask_success, float), np.asarray(rates.early_ask_success, float))
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
    - ``iterations`` (EM steps), ``converged``, ``log_likelihood`` (nats, up to a constant).
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


class _EM:
    """One EM problem: features, groups, priors; ``step`` is the EM map, ``objective`` the
    log posterior it increases."""

    def __init__(self, x: np.ndarray, g: np.ndarray, n_groups: int,
                 settings: SegmentSettings) -> None:
        self.x, self.g, self.n_groups, self.settings = x, g, n_groups, settings
        self.counts = np.bincount(g, minlength=n_groups).astype(float)
        r0 = settings.rates
        self.lam0 = np.asarray(r0.unsolicited, float)
        self.p0 = np.asarray(r0.ask_success, float)
        self.q0 = np.asarray(r0.early_ask_success, float)

    def log_prior(self, par: _Params) -> np.ndarray:
        logs = _log(par.shares)
        return logs.T[:, self.g] if self.n_groups > 1 else logs.T

    def e_step(self, par: _Params) -> tuple[np.ndarray, float]:
        post, norm = _e_step(self.x, self.log_prior(par), par)
        return post, float(norm.sum())

    def objective(self, par: _Params, loglik: float) -> float:
        """Log-likelihood plus the log density of the rates' priors (nats)."""
        if not self.settings.estimate_rates:
            return loglik
        s = self.settings
        free = self.lam0 > 0
        lp = np.sum(self.lam0[free] * s.prior_months * np.log(par.lam[free])
                    - s.prior_months * par.lam[free])
        lp += np.sum(self.p0 * s.prior_asks * np.log(par.p)
                     + (1 - self.p0) * s.prior_asks * np.log1p(-par.p))
        lp += np.sum(self.q0 * s.prior_early_asks * np.log(par.q)
                     + (1 - self.q0) * s.prior_early_asks * np.log1p(-par.q))
        return loglik + float(lp)

    def m_step(self, post: np.ndarray, par: _Params) -> _Params:
        if self.n_groups == 1:
            sums = post.sum(axis=1)[None, :]
        else:
            sums = np.column_stack([np.bincount(self.g, weights=post[k], minlength=self.n_groups)
                                    for k in range(3)])
        shares = np.where(self.counts[:, None] > 0, sums / np.maximum(self.counts[:, None], 1),
                          par.shares)
        if not self.settings.estimate_rates:
            return _Params(shares, par.lam, par.p, par.q)
        s = self.settings
        w = post @ self.x.T  # (3, 6): weighted u, m, s, a - s, es, e - es
        lam = np.where(self.lam0 > 0, (w[:, 0] + self.lam0 * s.prior_months)
                       / (w[:, 1] + s.prior_months), 0.0)
        p = (w[:, 2] + self.p0 * s.prior_asks) / (w[:, 2] + w[:, 3] + s.prior_asks)
        q = (w[:, 4] + self.q0 * s.prior_early_asks) / (w[:, 4] + w[:, 5] + s.prior_early_asks)
        return _Params(shares, lam, p, q)

    def step(self, par: _Params) -> tuple[_Params, float]:
        """One EM step from ``par``; returns the new parameters and the objective at ``par``."""
        post, loglik = self.e_step(par)
        return self.m_step(post, par), self.objective(par, loglik)

    def run(self, start: _Params) -> tuple[_Params, int, bool, float]:
        """EM accelerated by SQUAREM (Varadhan & Roland 2008, scheme S3), falling back to plain
        EM steps whenever an extrapolation leaves the parameter space or lowers the objective.
        Returns (parameters, EM steps, converged, objective)."""
        s = self.settings
        par, steps = start, 0
        obj = -np.inf
        while steps < s.max_iter:
            p1, obj0 = self.step(par)
            p2, obj1 = self.step(p1)
            steps += 2
            t0, t1, t2 = par.flat(), p1.flat(), p2.flat()
            r, v = t1 - t0, t2 - 2 * t1 + t0
            if np.max(np.abs(r)) < s.tol:
                return p1, steps, True, obj1
            alpha = min(-1.0, -np.sqrt(np.dot(r, r) / max(np.dot(v, v), 1e-300)))
            candidate = _Params.unflat(t0 - 2 * alpha * r + alpha ** 2 * v, self.n_groups)
            if candidate.valid():
                p3, obj3 = self.step(candidate)
                steps += 1
                if p3.valid() and obj3 >= obj1 - 1e-9 * abs(obj1):
                    par, obj = p3, obj3
                    continue
            par, obj = p2, obj1
            del obj0
        return par, steps, False, obj


def fit(
    ev: pd.DataFrame,
    settings: SegmentSettings | None = None,
    groups: pd.Series | np.ndarray | None = None,
) -> Fit:
    """Estimate the segment shares (per group, if ``groups`` is given) and the per-segment rates
    (shared by all groups) by EM, with maximum-a-posteriori rates shrunk towards
    ``settings.rates``; then every client's posterior under its group's shares.

    Clients without any evidence (never ready, asked or referred) do not move the estimate.
    The intervals come from the observed information (outer product of the clients' scores,
    rates included), on the logit scale of each share.
    """
    settings = settings or SegmentSettings()
    ev = _as_evidence(ev)
    codes, group_index = _group_codes(ev, groups)
    n_groups = len(group_index)
    x_all = _features(ev, settings)
    informative = (x_all[1] > 0) | _has_evidence(ev)
    x, g = np.asfortranarray(x_all[:, informative]), codes[informative]
    em = _EM(x, g, n_groups, settings)
    r0 = settings.rates
    start = _Params(np.tile(np.asarray(settings.prior_shares, float), (n_groups, 1)),
                    em.lam0.copy(), em.p0.copy(), em.q0.copy())
    par, steps, converged, objective = em.run(start)

    rates = SegmentRates(unsolicited=tuple(par.lam.tolist()), ask_success=tuple(par.p.tolist()),
                         early_ask_success=tuple(par.q.tolist())) if settings.estimate_rates else r0
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
    posteriors = _frame(ev, post, settings.min_probability)
    return Fit(shares=table, rates=rates, posteriors=posteriors, iterations=steps,
               converged=converged, log_likelihood=objective, level=settings.level)


def _intervals(em: _EM, par: _Params) -> tuple[np.ndarray, np.ndarray]:
    """Interval bounds (groups, 3) for the shares from the clients' scores (observed
    information, outer-product form), including the rates when they are estimated."""
    post, _ = em.e_step(par)
    x, g, n_groups = em.x, em.g, em.n_groups
    n = x.shape[1]
    pi = np.maximum(par.shares[g], 1e-12)  # (n, 3)
    # Shares: free parameters (advocate, responsive) per group; never = 1 - the others.
    share_score = post[:2].T / pi[:, :2] - (post[2] / pi[:, 2])[:, None]
    blocks = [np.zeros((n, 2 * n_groups))]
    blocks[0][np.arange(n)[:, None], 2 * g[:, None] + np.arange(2)] = share_score
    if em.settings.estimate_rates:
        u, m, s, f, es, ef = x
        free = par.lam > 0
        blocks.append(post[free].T * (u[:, None] / par.lam[free] - m[:, None]))
        blocks.append(post.T * (s[:, None] / par.p - f[:, None] / (1 - par.p)))
        blocks.append(post.T * (es[:, None] / par.q - ef[:, None] / (1 - par.q)))
    scores = np.hstack(blocks)
    cov = np.linalg.pinv(scores.T @ scores)
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
    max_months_ready: float = 30.0,
    ask_every_months: float = 12.0,
    early_ask_probability: float = 0.3,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Evidence of ``n`` clients drawn from the model itself with known ``shares``.

    Months ready are uniform on [0, ``max_months_ready``]; asks made while ready come every
    ``ask_every_months`` on average (Poisson); one early ask with ``early_ask_probability``.
    Returns (evidence frame indexed 1..n, true segment index of each client).
    """
    if n < 1:
        raise ValueError(f"n must be a positive whole number, got {n!r}")
    sh = np.asarray(shares, dtype=float)
    if sh.shape != (3,) or np.any(sh < 0) or abs(sh.sum() - 1) > 1e-9:
        raise ValueError(f"shares must be three shares >= 0 summing to 1, got {shares!r}")
    if max_months_ready <= 0 or ask_every_months <= 0 or not 0 <= early_ask_probability <= 1:
        raise ValueError(
            f"max_months_ready and ask_every_months must be > 0 and early_ask_probability in "
            f"[0, 1], got {max_months_ready!r}, {ask_every_months!r}, {early_ask_probability!r}")
    rates = rates or SegmentRates()
    seg = rng.choice(3, n, p=sh)
    m = rng.uniform(0, max_months_ready, n)
    u = rng.poisson(np.asarray(rates.unsolicited)[seg] * m)
    a = rng.poisson(m / ask_every_months)
    s = rng.binomial(a, np.asarray(rates.ask_success)[seg])
    e = (rng.random(n) < early_ask_probability).astype(np.int64)
    es = rng.binomial(e, np.asarray(rates.early_ask_success)[seg])
    ev = pd.DataFrame(
        {"months_ready": m, "unsolicited": u, "asks": a, "asks_success": s,
         "early_asks": e, "early_success": es},
        index=pd.RangeIndex(1, n + 1, name="client_id"),
    )
    return ev, seg


__all__ = [
    "EVIDENCE_COLUMNS", "Fit", "PROBABILITY_COLUMNS", "RULE_SHARES", "SEGMENTS", "SegmentRates",
    "SegmentSettings", "UNKNOWN", "fit", "log_likelihood", "posterior_from_evidence",
    "simulate_evidence",
]
