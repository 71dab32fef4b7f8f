"""The portfolio-level entry points: the portfolio's own shares, every client's posterior,
and the P(never-referrer) the trust gate takes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from refdash.model.portfolio import Portfolio
from refdash.model.segments.em import Fit, fit
from refdash.model.segments.evidence import evidence
from refdash.model.segments.likelihood import has_evidence
from refdash.model.segments.settings import SegmentSettings
from refdash.model.trust import TrustSettings


def _owners(p: Portfolio) -> pd.Series:
    return pd.Series(p.clients["owner"].to_numpy(), index=p.clients["id"].to_numpy())


#: A group (a sales lead) with fewer clients with some history than this has no finding of its
#: own: its estimate is the prior, so the pages say "not enough history yet" instead.
MIN_INFORMATIVE = 10


def has_enough_history(shares: pd.DataFrame) -> pd.Series:
    """Per group of ``Fit.shares``: whether enough of its clients have some history for its
    shares to be a finding (``informative >= MIN_INFORMATIVE``)."""
    return shares["informative"].ge(MIN_INFORMATIVE)


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
    return post["p_never"].where(has_evidence(post), np.nan).rename("never_probability")

