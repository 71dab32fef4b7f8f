"""EM for the segment shares (per group) and the per-segment rates, with intervals.

EM runs on the distinct (evidence, group) rows, weighted by how many clients share each
(the same likelihood, a fraction of the work), accelerated by SQUAREM. Shares in [0, 1];
log-likelihoods in nats.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from refdash.model.segments.likelihood import (
    DESIGN,
    Params,
    as_evidence,
    e_step,
    features,
    has_evidence,
    posterior_frame,
    safe_log,
    success_from,
)
from refdash.model.segments.settings import ASK_CLASSES, SEGMENTS, SegmentRates, SegmentSettings


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

    def log_prior(self, par: Params) -> np.ndarray:
        logs = safe_log(par.shares)
        return logs.T[:, self.g] if self.n_groups > 1 else logs.T

    def e_step(self, par: Params) -> tuple[np.ndarray, float]:
        post, norm = e_step(self.x, self.log_prior(par), par)
        return post, float(np.sum(norm * self.w))

    def objective(self, par: Params, loglik: float) -> float:
        """Log-likelihood plus the log densities of the priors (nats)."""
        c = self.settings.prior_clients
        prior = np.asarray(self.settings.prior_shares)[None, :]
        loglik += float(np.sum(c * prior * safe_log(np.maximum(par.shares, 1e-300))))
        if not self.settings.estimate_rates:
            return loglik
        months = self.settings.prior_months
        free = self.lam0 > 0
        lp = np.sum(self.lam0[free] * months * np.log(par.lam[free]) - months * par.lam[free])
        lp -= 0.5 * np.sum(((par.theta - self.theta_mean) / self.theta_sd) ** 2)
        return loglik + float(lp)

    def params(self, shares: np.ndarray, lam: np.ndarray, theta: np.ndarray) -> Params:
        if not self.settings.estimate_rates:
            return Params(shares, lam, theta, self.success0)
        return Params(shares, lam, theta, success_from(theta, self.success0))

    def unflat(self, flat: np.ndarray) -> Params:
        k = 3 * self.n_groups
        return self.params(flat[:k].reshape(self.n_groups, 3), flat[k:k + 3], flat[k + 3:])

    def ask_model(self, succ: np.ndarray, fail: np.ndarray, theta: np.ndarray) -> np.ndarray:
        """Maximise the ask model's log posterior given expected successes and failures
        (classes, 2) of advocates and responsive clients: Newton steps on 4 parameters."""
        design = DESIGN.reshape(-1, DESIGN.shape[-1])
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

    def m_step(self, post: np.ndarray, par: Params) -> Params:
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

    def step(self, par: Params) -> tuple[Params, float]:
        """One EM step from ``par``; returns the new parameters and the objective at ``par``."""
        post, loglik = self.e_step(par)
        return self.m_step(post, par), self.objective(par, loglik)

    def run(self, start: Params) -> tuple[Params, int, bool, float]:
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
    ev = as_evidence(ev)
    codes, group_index = _group_codes(ev, groups)
    n_groups = len(group_index)
    x_all = features(ev, settings)
    informative = (x_all[1] > 0) | has_evidence(ev)
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
    log_prior = safe_log(par.shares).T[:, codes] if n_groups > 1 else safe_log(par.shares).T
    post, _ = e_step(x_all, log_prior, par)
    return Fit(shares=table, rates=rates, posteriors=posterior_frame(ev, post, settings.min_probability),
               iterations=steps, converged=converged, log_likelihood=objective,
               level=settings.level)


def _intervals(em: _EM, par: Params) -> tuple[np.ndarray, np.ndarray]:
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
                      @ DESIGN.reshape(-1, DESIGN.shape[-1]))
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
    # The normal quantile (what scipy.stats.norm.ppf computes), without importing
    # scipy.stats: ~0.5 s of every server's first page.
    z = special.ndtri(0.5 + em.settings.level / 2)
    clipped = np.clip(par.shares, 1e-9, 1 - 1e-9)
    centre, half = special.logit(clipped), z * se / (clipped * (1 - clipped))
    low, high = special.expit(centre - half), special.expit(centre + half)
    # A group with no informative client tells nothing: the interval is all of [0, 1].
    empty = em.counts == 0
    low[empty], high[empty] = 0.0, 1.0
    return low, high

