"""The Simulator page's knobs, as data: which scenario field each widget sets, its tab, range,
step and unit, and the conversions between a scenario and the widgets' values."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from refdash.sim.scenario import MAX_NAMES, Scenario


@dataclass(frozen=True)
class Control:
    """One knob of the Simulator page: the scenario ``field`` it sets, its ``group`` (a tab),
    the widget's range and ``step`` in the widget's ``unit``:

    - ``count`` / ``months``: the value itself (whole numbers);
    - ``percent``: a probability, share or monthly rate shown as a percentage;
    - ``number``: a decimal value.

    A ``step`` below 1 makes the widget show one decimal.
    """

    field: str
    group: str
    unit: str
    low: float
    high: float
    step: float
    widget: str = "slider"  # or "number"


CONTROLS: tuple[Control, ...] = (
    Control("start_clients", "market", "count", 1, 5000, 1, "number"),
    Control("market", "market", "count", 1000, 300_000, 1000, "number"),
    Control("sphere", "market", "count", 2, 1000, 1),
    Control("clustering", "market", "percent", 0, 100, 5),
    Control("start_age_max", "market", "months", 0, 120, 1),
    Control("start_referred_share", "market", "percent", 0, 100, 1),
    Control("share_advocate", "clients", "percent", 0, 100, 1, "number"),
    Control("share_responsive", "clients", "percent", 0, 100, 1, "number"),
    Control("share_never", "clients", "percent", 0, 100, 1, "number"),
    Control("time_to_trust", "clients", "months", 0, 36, 1),
    Control("churn", "clients", "percent", 0, 10, 0.1),
    Control("churn_referred", "clients", "percent", 0, 10, 0.1),
    Control("ask_success", "referrals", "percent", 0, 100, 1),
    Control("advocate_ask_success", "referrals", "percent", 0, 100, 1),
    Control("advocate_rate", "referrals", "percent", 0, 50, 1),
    Control("names_per_referral", "referrals", "number", 1, MAX_NAMES, 0.1),
    Control("conversion", "referrals", "percent", 0, 100, 1),
    Control("sales_lag", "referrals", "months", 1, 24, 1),
    Control("ask_rest", "referrals", "months", 1, 36, 1),
    Control("early_success", "early", "percent", 0, 100, 1),
    Control("early_lose", "early", "percent", 0, 100, 1),
    Control("early_never", "early", "percent", 0, 100, 1),
    Control("early_setback", "early", "months", 0, 24, 1),
    Control("horizon", "run", "months", 6, 120, 6),
    Control("runs", "run", "count", 10, 500, 10),
    Control("seed", "run", "count", 0, 2**31 - 1, 1, "number"),
)
CONTROL_GROUPS: tuple[str, ...] = ("market", "clients", "referrals", "early", "run")
#: Every scenario parameter a URL may carry.
PARAM_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Scenario) if f.name != "notes")


def widget_values(s: Scenario) -> dict[str, int | float]:
    """The scenario in the widgets' units, snapped to each widget's step and range."""
    out: dict[str, int | float] = {}
    for c in CONTROLS:
        v = float(getattr(s, c.field))
        if c.unit == "percent":
            v *= 100
        v = min(max(round(v / c.step) * c.step, c.low), c.high)
        out[c.field] = round(v, 1) if c.step < 1 else int(round(v))
    shares = ("share_advocate", "share_responsive", "share_never")
    if abs(sum(out[k] for k in shares) - 100) <= 2:  # rounding must not break a valid sum
        out["share_responsive"] = 100 - out["share_advocate"] - out["share_never"]
    return out


def scenario_from_widgets(values: dict[str, int | float], base: Scenario | None = None) -> Scenario:
    """The scenario the widgets describe (fields without a widget keep ``base``'s values).
    Raises :class:`~refdash.errors.RefdashError` when the combination is invalid."""
    base = base or Scenario()
    changes: dict[str, Any] = {}
    for c in CONTROLS:
        if c.field not in values:
            continue
        v = float(values[c.field])
        if c.unit == "percent":
            v = round(v / 100, 6)
        changes[c.field] = int(round(v)) if isinstance(getattr(Scenario(), c.field), int) else v
    return replace(base, notes=(), **changes)
