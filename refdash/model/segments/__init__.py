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

The package: ``settings`` (segments, ask classes, :class:`SegmentRates`,
:class:`SegmentSettings`), ``likelihood`` (the likelihood and the posterior given shares),
``em`` (:func:`fit`), ``evidence`` (:func:`evidence`, :func:`simulate_evidence`), ``shares``
(the portfolio-level entry points). The Segments page's tables are in
:mod:`refdash.views.segments`.
"""

from __future__ import annotations

from refdash.model.segments.em import Fit, fit
from refdash.model.segments.evidence import evidence, simulate_evidence
from refdash.model.segments.likelihood import log_likelihood, posterior_from_evidence
from refdash.model.segments.settings import (
    ASK_CLASSES,
    ASK_COLUMNS,
    EVIDENCE_COLUMNS,
    PROBABILITY_COLUMNS,
    RULE_SHARES,
    SEGMENTS,
    UNKNOWN,
    SegmentRates,
    SegmentSettings,
)
from refdash.model.segments.shares import (
    MIN_INFORMATIVE,
    estimate_shares,
    has_enough_history,
    never_probability,
    posteriors,
)

__all__ = [
    "MIN_INFORMATIVE", "has_enough_history",
    "ASK_CLASSES", "ASK_COLUMNS", "EVIDENCE_COLUMNS", "Fit", "PROBABILITY_COLUMNS", "RULE_SHARES",
    "SEGMENTS", "SegmentRates", "SegmentSettings", "UNKNOWN", "estimate_shares", "evidence",
    "fit", "log_likelihood", "never_probability", "posterior_from_evidence", "posteriors",
    "simulate_evidence",
]
