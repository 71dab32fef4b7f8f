"""The sphere-of-influence simulator: growth of a client base by referral.

Plain-words description, knobs and honesty notes: ``docs/simulator.md``. The package, by concern:

- :mod:`~refdash.sim.scenario`: the knobs of one simulation, validated, and their URL form;
- :mod:`~refdash.sim.network`: the acquaintance network of the market (and an independent
  cascade on it);
- :mod:`~refdash.sim.streams`: counter-based random numbers (common random numbers across
  policies);
- :mod:`~refdash.sim.engine`: the month loop (sign, ask and refer, name prospects, churn);
- :mod:`~refdash.sim.analytics`: what the runs mean, and :func:`explore` for the page;
- :mod:`~refdash.sim.calibration`: a scenario from the portfolio;
- :mod:`~refdash.sim.knobs`: the page's widgets as data.

The public names are re-exported here: ``from refdash import sim; sim.explore(sim.Scenario())``.
"""

from refdash.sim.analytics import (
    BassFit,
    Exploration,
    band,
    bass_curve,
    branching_expectation,
    cascade_sample,
    doubling_times,
    effective_r,
    explore,
    fit_bass,
    sphere_reach,
)
from refdash.sim.calibration import calibrate
from refdash.sim.engine import Runs, compare, simulate
from refdash.sim.knobs import (
    CONTROL_GROUPS,
    CONTROLS,
    PARAM_NAMES,
    Control,
    scenario_from_widgets,
    widget_values,
)
from refdash.sim.network import (
    Network,
    build_network,
    clustering_coefficient,
    independent_cascade,
    network_for,
)
from refdash.sim.scenario import MAX_NAMES, MAX_NETWORK_SLOTS, POLICIES, SEGMENTS, Scenario
from refdash.sim.streams import mean_names, ready_delay_pmf

__all__ = [
    "CONTROLS", "CONTROL_GROUPS", "MAX_NAMES", "MAX_NETWORK_SLOTS", "PARAM_NAMES", "POLICIES",
    "SEGMENTS", "BassFit", "Control", "Exploration", "Network", "Runs", "Scenario", "band",
    "bass_curve", "branching_expectation", "build_network", "calibrate", "cascade_sample",
    "clustering_coefficient", "compare", "doubling_times", "effective_r", "explore", "fit_bass",
    "independent_cascade", "mean_names", "network_for", "ready_delay_pmf",
    "scenario_from_widgets", "simulate", "sphere_reach", "widget_values",
]
