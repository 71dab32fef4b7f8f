"""Trust trajectories and the "don't ask yet" gate (see docs/model.md for every formula).

A referral is a process: a client needs time to watch how we work and to verify that we keep
promises, and an ask made before the relationship is solid costs trust. This module turns a
client's dated events into a monthly trust trajectory, decides when the client is ready to be
asked, labels every ask in the store as *early* or *timely* by the trust at the moment it was
made, and projects when a client who is not ready yet likely will be.

Everything is computed for the whole portfolio at once with numpy: decayed sums of events on a
monthly grid (a loop over months, vectorised over clients), decayed sums at arbitrary instants
by sorted search, and the asks processed by rank (first ask of every client, then the second
...), because whether an ask is early depends on the damage done by the earlier ones.

Units: times in months of ``DAYS_PER_MONTH`` days; trust and its parts in [0, 1].

The package, one job a module:

- ``settings``: :class:`TrustSettings`, every parameter and its valid range;
- ``gate``: the reasons a client is not ready and the likely-never rule (:func:`likely_never`);
- ``grid``: the monthly grid and decayed sums of events on it;
- ``components``: trust from its parts, the cautious (Beta quantile) reliability;
- ``trajectory``: the month grid of every client (one pass over the events);
- ``asks``: which asks were early, and what early asks cost;
- ``status``: every client now (the gate, the projected readiness date);
- ``analysis``: the entry points (:func:`analyse`, :func:`client_status`, ...).
"""

from __future__ import annotations

from refdash.model.trust.analysis import analyse, ask_labels, client_status, trajectories
from refdash.model.trust.asks import COST_GROUPS, early_ask_cost, early_ask_outcomes
from refdash.model.trust.components import EXACT_QUANTILE_ROWS, beta_quantile, trust_value
from refdash.model.trust.grid import month_grid
from refdash.model.trust.readiness import LIKELY_NEVER_PROBABILITY, REASONS, likely_never
from refdash.model.trust.report import ASK_COLUMNS, TRAJECTORY_COLUMNS, TrustReport
from refdash.model.trust.settings import MIN_HALF_LIFE, TrustSettings
from refdash.model.trust.status import with_never_probability
from refdash.model.trust.trajectory import MODEL_KINDS

# Re-exported: other areas read ``trust.DAYS_PER_MONTH`` (defined once, in refdash.units).
from refdash.units import DAYS_PER_MONTH

__all__ = [
    "ASK_COLUMNS", "COST_GROUPS", "DAYS_PER_MONTH", "EXACT_QUANTILE_ROWS",
    "LIKELY_NEVER_PROBABILITY", "MIN_HALF_LIFE", "MODEL_KINDS", "REASONS", "TRAJECTORY_COLUMNS",
    "TrustReport", "TrustSettings", "analyse", "ask_labels", "beta_quantile", "client_status",
    "early_ask_cost", "early_ask_outcomes", "likely_never", "month_grid", "trajectories",
    "trust_value", "with_never_probability",
]
