"""What the Simulator page shows for one explored scenario, ready to draw: the "250" headline
and its caption, seven KPI cards, the patience sentence, the "how it is computed" text, the
note on the sampled network, the captions of the detail views and the results table (the CSV
download).

Pure: no streamlit. Texts go through :func:`refdash.i18n.translate`, numbers through Babel
(:func:`refdash.i18n.format_number`), in the language given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from refdash.errors import RefdashError
from refdash.i18n import format_number, format_percent, translate
from refdash.sim import Exploration

#: The detail views under the main chart (one at a time), in the order of the selector.
DETAILS: tuple[str, ...] = ("reff", "sphere", "cascade", "bass", "table")
#: The cards per row on the page (seven cards): three a row at most, so that labels and
#: values ("123 months") are not cut at 1440 px.
CARD_ROWS: tuple[int, ...] = (3, 2, 2)


@dataclass(frozen=True)
class Card:
    """One KPI card: ``label`` and ``value`` as shown, an optional ``delta`` line under the
    value, the ``help`` tooltip and whether the delta is ``neutral`` context (drawn without
    colour or arrow) rather than a change. No sparkline: R(t)'s, a vega chart redrawn on every
    slider move, has its own detail view (``reff``)."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    neutral: bool = False


@dataclass(frozen=True)
class SimulatorView:
    """What the page shows above the detail views for the ``focus`` policy: the "250"
    ``headline`` and the caption of its chart, the ``patience`` sentence, the ``how`` it is
    computed text (markdown), the cards, the ``reff_note`` explaining a figure that looks
    contradictory (``None`` when none does) and the network note."""

    focus: str
    cards: tuple[Card, ...]
    patience: str
    network_note: str
    headline: str = ""
    claim_caption: str = ""
    how: str = ""
    reff_note: str | None = None


def _signed(value: float, lang: str) -> str:
    """A change with its sign: +12, -3, +0."""
    return ("+" if value >= 0 else "") + format_number(value, lang)


def _months_or_never(value: float, lang: str) -> str:
    """A doubling time in months, or "never doubles" (inf or NaN)."""
    if not value < 1e9:
        return translate("sim.never_doubles", lang)
    return translate("sim.months", lang, n=format_number(value, lang))


def cards(x: Exploration, focus: str, lang: str) -> tuple[Card, ...]:
    """The seven KPI cards of the ``focus`` policy (medians over the runs; see
    :attr:`refdash.sim.Exploration.kpis`)."""
    k = x.kpis.loc[focus]
    s = x.scenario

    def tr(key: str, **fmt: object) -> str:
        return translate(key, lang, **fmt)

    def num(value: float, decimals: int = 0) -> str:
        return format_number(value, lang, decimals)

    return (
        Card(tr("sim.kpi.clients", months=s.horizon), num(k["clients"]),
             _signed(k["growth"], lang),
             tr("sim.kpi.clients.help", low=num(k["clients_low"]), high=num(k["clients_high"]),
                start=num(s.start_clients))),
        Card(tr("sim.kpi.named"), num(k["named"]), help=tr("sim.kpi.named.help")),
        Card(tr("sim.kpi.wasted"), num(k["wasted"]),
             tr("sim.kpi.wasted.share", share=format_percent(k["wasted_share"], lang, 1)),
             tr("sim.kpi.wasted.help"), neutral=True),
        Card(tr("sim.kpi.burned"), num(k["burned"]),
             help=tr("sim.kpi.burned.help", lost=num(k["burned_lost"]),
                     never=num(k["burned_never"]))),
        Card(tr("sim.kpi.penetration"), format_percent(k["penetration"], lang, 2),
             help=tr("sim.kpi.penetration.help",
                     reached=format_percent(k["reached_share"], lang, 1))),
        Card(tr("sim.kpi.reff"), num(k["r_eff_end"], 2),
             tr("sim.kpi.reff.start", value=num(k["r_eff_start"], 2)), tr("sim.kpi.reff.help"),
             neutral=True),
        Card(tr("sim.kpi.doubling"), _months_or_never(k["doubling_first"], lang),
             tr("sim.kpi.doubling.end", value=_months_or_never(k["doubling_last"], lang)),
             tr("sim.kpi.doubling.help"), neutral=True),
    )


def patience_sentence(x: Exploration, lang: str) -> str:
    """What patience is worth at the horizon, in plain words: the relationships eager asking
    burns and the clients it loses against patient asking (median gap, paired by run)."""
    gap = x.patience.iloc[0]
    key = "sim.patience" if gap["median"] > 0 else "sim.patience.none"
    return translate(key, lang, months=x.scenario.horizon,
                     burned=format_number(x.kpis.loc["eager", "burned"], lang),
                     gap=format_number(gap["median"], lang))


def headline(x: Exploration, focus: str, lang: str) -> str:
    """The page's headline: the list the "250 new prospects per new client" claim promises
    after the horizon against the new people the ``focus`` policy's referrals named."""
    s = x.scenario
    end = x.claim(focus).iloc[-1]
    if end["clients"] <= 0:
        return translate("sim.headline.none", lang, months=s.horizon,
                         sphere=format_number(s.sphere, lang))
    return translate("sim.headline", lang, sphere=format_number(s.sphere, lang),
                     claimed=format_number(end["claimed"], lang), months=s.horizon,
                     named=format_number(end["named"], lang),
                     per=format_number(s.names_per_referral, lang, 1),
                     wasted=format_number(end["wasted"], lang))


def claim_caption(x: Exploration, focus: str, lang: str) -> str:
    """The clients each list gives: the claimed names at the scenario's conversion against
    the clients the simulation won (medians at the horizon)."""
    end = x.claim(focus).iloc[-1]
    return translate("sim.claim.caption", lang,
                     conversion=format_percent(x.scenario.conversion, lang),
                     claimed=format_number(end["claimed"], lang),
                     claimed_clients=format_number(end["claimed_clients"], lang),
                     named=format_number(end["named"], lang),
                     clients=format_number(end["clients"], lang))


def how_text(x: Exploration, lang: str) -> str:
    """The "how it is computed" text (markdown): the claim, the simulation, the patience gap
    with its band and the share of runs where patience is ahead."""
    s, gap = x.scenario, x.patience.iloc[0]
    return translate("sim.how.text", lang, sphere=format_number(s.sphere, lang),
                     conversion=format_percent(s.conversion, lang),
                     runs=format_number(s.runs, lang), market=format_number(s.market, lang),
                     months=s.horizon, gap=_signed(gap["median"], lang),
                     low=format_number(gap["low"], lang), high=format_number(gap["high"], lang),
                     share=format_percent(gap["share_ahead"], lang))


def reff_note(x: Exploration, focus: str, lang: str) -> str | None:
    """Why a policy with fewer clients can show more clients won per client lost (the figure
    counts ordinary churn only, not early-ask losses); ``None`` when nothing looks odd."""
    if focus == "patient":
        return None
    k, patient = x.kpis.loc[focus], x.kpis.loc["patient"]
    if not (k["r_eff_end"] > patient["r_eff_end"] and k["clients"] < patient["clients"]):
        return None
    return translate("sim.reff.paradox", lang, value=format_number(k["r_eff_end"], lang, 2),
                     patient=format_number(patient["r_eff_end"], lang, 2))


def network_note(x: Exploration, lang: str) -> str:
    """The clustering measured on the sampled network, with its size."""
    s = x.scenario
    return translate("sim.network_note", lang,
                     clustering=format_number(x.measured_clustering, lang, 2),
                     sphere=format_number(s.sphere, lang), market=format_number(s.market, lang))


def present(x: Exploration, focus: str, lang: str) -> SimulatorView:
    """Everything above the detail views, for the ``focus`` policy."""
    return SimulatorView(focus=focus, cards=cards(x, focus, lang),
                         patience=patience_sentence(x, lang), network_note=network_note(x, lang),
                         headline=headline(x, focus, lang),
                         claim_caption=claim_caption(x, focus, lang), how=how_text(x, lang),
                         reff_note=reff_note(x, focus, lang))


def sphere_caption(x: Exploration, focus: str, lang: str) -> str | None:
    """New prospects per new client in run 0, against the claimed sphere; ``None`` when no
    client was won."""
    reach = x.sphere(focus)
    new_clients = reach["clients"].iloc[-1] - reach["clients"].iloc[0]
    if new_clients <= 0:
        return None
    per_client = (reach["prospects"].iloc[-1] - reach["prospects"].iloc[0]) / new_clients
    return translate("sim.sphere.caption", lang, per_client=format_number(per_client, lang),
                     sphere=format_number(x.scenario.sphere, lang))


def bass_caption(x: Exploration, focus: str, lang: str) -> str:
    """The fitted Bass parameters (p, q per month; m people), and whether m hit the market."""
    fit = x.bass(focus)
    if fit is None:
        return translate("sim.bass.none", lang)
    bound = translate("sim.bass.m_bound", lang) if fit.m >= 0.99 * x.scenario.market else ""
    return translate("sim.bass.caption", lang, p=format_number(fit.p, lang, 4),
                     q=format_number(fit.q, lang, 3), m=format_number(fit.m, lang),
                     identified=bound)


def results_table(x: Exploration, lang: str) -> pd.DataFrame:
    """The monthly results of every policy (what the CSV download holds), with column and
    policy names in ``lang``."""
    table = x.monthly.assign(
        policy=x.monthly["policy"].map(lambda p: translate(f"sim.policy.{p}", lang)))
    return table.rename(columns={c: translate(f"sim.csv.{c}", lang) for c in table.columns})


def note_texts(notes: Iterable[str | RefdashError], lang: str) -> list[str]:
    """The calibration notes (``sim.note.*`` keys) or the error that stopped it, in ``lang``."""
    return [n.message(lang) if isinstance(n, RefdashError) else translate(n, lang)
            for n in notes]

