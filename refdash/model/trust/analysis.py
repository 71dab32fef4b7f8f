"""The trust model's entry points: the whole report in one pass, or one of its frames."""

from __future__ import annotations

import pandas as pd

from refdash.model.portfolio import Portfolio
from refdash.model.trust.report import TrustReport, empty_report
from refdash.model.trust.settings import TrustSettings
from refdash.model.trust.status import status
from refdash.model.trust.trajectory import cells, compute, deferred_tidy, tidy, valid_cells


def analyse(
    p: Portfolio,
    settings: TrustSettings | None = None,
    never_probability: pd.Series | None = None,
) -> TrustReport:
    """Trajectories, ask labels and the status of every client of ``p`` in one pass."""
    s = settings or TrustSettings()
    as_of = pd.Timestamp(p.as_of).normalize()
    core = compute(p, s)
    if core is None:
        return empty_report(s, as_of)
    valid = cells(core, s, *valid_cells(core))
    return TrustReport(
        trajectory=deferred_tidy(core, s, valid), asks=core.asks,
        status=status(core, s, never_probability, valid), settings=s, as_of=as_of,
        never_applied=never_probability is not None,
    )


def trajectories(p: Portfolio, settings: TrustSettings | None = None) -> pd.DataFrame:
    """One row per client and month (:data:`TRAJECTORY_COLUMNS`), sorted by client, month.

    ``month`` is the date of the point: ``as_of`` and whole calendar months before it, from
    the client's start to ``as_of`` (for a lost client, to the first point after the loss).
    Components and ``trust`` are in [0, 1] at that date (events on that day included);
    ``months_known`` in months; ``reliability_low`` is the ``reliability_quantile`` of the
    Beta posterior of promise keeping; ``ready`` says whether the client could be asked.
    """
    s = settings or TrustSettings()
    core = compute(p, s)
    if core is None:
        return empty_report(s, pd.Timestamp(p.as_of)).trajectory
    return tidy(core, s, cells(core, s, *valid_cells(core)))


def ask_labels(p: Portfolio, settings: TrustSettings | None = None) -> pd.DataFrame:
    """One row per ``referral_ask`` event up to ``as_of`` (:data:`ASK_COLUMNS`): ``trust`` at
    the moment of the ask (events of that day included, the ask itself not), whether the
    client was ``ready``, ``early`` (= not ready) and the first ``reason`` it was not
    (``asked_recently``, ``broken_promise``, ``too_new``, ``low_trust``; empty when timely).
    Whether a client is likely a never-referrer is not known for past asks and is not used."""
    s = settings or TrustSettings()
    core = compute(p, s)
    if core is None:
        return empty_report(s, pd.Timestamp(p.as_of)).asks
    return core.asks


def client_status(
    p: Portfolio,
    settings: TrustSettings | None = None,
    never_probability: pd.Series | None = None,
) -> pd.DataFrame:
    """The state of every client at ``as_of``, indexed by client id.

    ``trust`` (for a lost client: at the first point after the loss), ``trust_change_3m``
    (trust now minus trust 3 months before; NaN for clients known less long), ``ready``,
    ``reason`` (first of :data:`REASONS` that blocks, empty when ready; ``lost`` extends the
    list of the interface), ``projected_ready_date`` (``as_of`` when ready; else the first
    date, within ``projection_months``, at which the client would be ready if nothing bad
    happens; NaT when not within that horizon, lost or likely a never-referrer),
    ``months_ready`` (months the client has been ready so far, on the monthly grid),
    ``first_ready_date``, ``last_ask_date``, ``last_ask_early``, and the components now.

    ``never_probability`` (P(never-referrer), indexed by client id, e.g. from
    ``refdash.model.segments``) adds the "not likely a never-referrer" condition: a client with
    ``P >= settings.never_probability`` is not ready (reason ``likely_never``).
    """
    return analyse(p, settings, never_probability).status

