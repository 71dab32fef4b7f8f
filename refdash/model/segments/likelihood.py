"""The likelihood of a client's evidence under each segment, and the posterior given shares.

Pure functions of an evidence frame (:data:`EVIDENCE_COLUMNS`, one row per client),
vectorised over clients. Log-likelihoods in nats.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from refdash.model.segments.settings import (
    ASK_CLASSES,
    ASK_COLUMNS,
    EVIDENCE_COLUMNS,
    PROBABILITY_COLUMNS,
    SEGMENTS,
    UNKNOWN,
    SegmentRates,
    SegmentSettings,
)

#: Stand-in for log(0) (nats) in the likelihood: any evidence it multiplies is impossible.
_IMPOSSIBLE = -1e30



def as_evidence(ev: pd.DataFrame) -> pd.DataFrame:
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


def features(ev: pd.DataFrame, settings: SegmentSettings) -> np.ndarray:
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
class Params:
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


DESIGN = _ask_design()


def success_from(theta: np.ndarray, fixed: np.ndarray) -> np.ndarray:
    """Success probabilities (classes, 3): the ask model for advocates and responsive
    clients, ``fixed`` (the never-referrers' defaults) for the others."""
    success = fixed.copy()
    success[:, :2] = special.expit(DESIGN @ theta)
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


def e_step(x: np.ndarray, log_prior: np.ndarray, par: Params) -> tuple[np.ndarray, np.ndarray]:
    """Posterior (3, n) and per-client log marginal likelihood (n,). ``log_prior`` is (3, 1)
    or (3, n)."""
    joint = _loglik_t(x, par.lam, par.success) + log_prior
    top = np.maximum(np.maximum(joint[0], joint[1]), joint[2])
    ex = np.exp(joint - top)
    total = ex[0] + ex[1] + ex[2]
    ex /= total
    return ex, top + np.log(total)


def safe_log(values: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(values)


def log_likelihood(ev: pd.DataFrame, rates: SegmentRates | None = None,
                   settings: SegmentSettings | None = None) -> pd.DataFrame:
    """Per client and segment, the log-likelihood of the evidence (nats, up to a constant per
    client; ``-inf`` where the evidence is impossible). Returns a frame indexed like ``ev``
    with columns :data:`SEGMENTS`."""
    settings = settings or SegmentSettings()
    rates = rates or settings.rates
    ev = as_evidence(ev)
    ll = _loglik_t(features(ev, settings), np.asarray(rates.unsolicited, float),
                   rates.success())
    ll = np.where(ll <= _IMPOSSIBLE / 2, -np.inf, ll)
    return pd.DataFrame(ll.T, index=ev.index, columns=list(SEGMENTS))


def has_evidence(ev: pd.DataFrame) -> np.ndarray:
    """Clients who were asked (in any class) or referred unasked at least once."""
    total = ev["unsolicited"].to_numpy().copy()
    for asks, _success in ASK_COLUMNS.values():
        total = total + ev[asks].to_numpy()
    return total > 0


def posterior_frame(ev: pd.DataFrame, post: np.ndarray, min_probability: float) -> pd.DataFrame:
    """The posterior frame: probabilities, most likely segment, label, evidence."""
    best = np.argmax(post, axis=0)
    most_likely = np.asarray(SEGMENTS)[best]
    top = np.take_along_axis(post, best[None], 0)[0]
    placed = has_evidence(ev) & (top >= min_probability)
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
    ev = as_evidence(ev)
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
    par = Params(np.zeros((1, 3)), np.asarray(rates.unsolicited, float), np.zeros(0),
                  rates.success())
    post, _ = e_step(features(ev, settings), safe_log(prior), par)
    return posterior_frame(ev, post, settings.min_probability)

