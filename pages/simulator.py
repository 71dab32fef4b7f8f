"""Simulator: how the client base would grow by referral, and what patience is worth."""


import time

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from refdash import sim
from refdash.charts import sim as sim_charts
from refdash.errors import RefdashError
from refdash.sim import CONTROL_GROUPS, CONTROLS, POLICIES, Scenario
from refdash.ui import (
    download_csv,
    filtered_portfolio,
    fmt_number,
    lang,
    page_header,
    t,
    trust_settings,
)
from refdash.ui.cache import Laps  # REFDASH_PROFILE=1: the fragment's parts (bench reads them)
from refdash.views import simulator as view

KEY = "sim_"           # widget keys: sim_<scenario field>
SCENARIO = "sim_scenario"  # the last valid scenario (survives page switches)
NOTES = "sim_notes"    # calibration notes (keys) or the error that stopped it
#: Seconds the fragment waits once the main chart is sent (s): the server's event loop sends
#: it alone, and the browser draws it before the cards, the knobs and the "250" chart arrive,
#: instead of in one update after them. The wait is part of the run, so it is kept short.
#: 2026-12-03, bench_simulate_browser, three alternating runs each (load 0.5-2.0): no wait,
#: slider to chart 1.39-1.64x the trivial app, run finished 1.72-1.96x; 10 ms, 0.92-1.10x and
#: 1.80-1.93x; 20 ms, 0.93-1.03x and 1.83-2.00x.
MAIN_CHART_HEAD_START = 0.01


def use_portfolio() -> None:
    """The "Calibrate from my portfolio" button: set the knobs from the store."""
    current = st.session_state[SCENARIO]
    try:
        calibrated = sim.calibrate(filtered_portfolio(), current,
                                   trust_settings())
    except RefdashError as exc:
        st.session_state[NOTES] = [exc]
        return
    for name, value in sim.widget_values(calibrated).items():
        st.session_state[KEY + name] = value
    st.session_state[NOTES] = list(calibrated.notes)


def control(c: sim.Control) -> None:
    """The widget of one knob, in its unit (a percentage shows with a % sign). Its value is
    kept while another group is shown (``persist_state``): only the chosen group is drawn."""
    label, helptext = t(f"sim.knob.{c.field}"), t(f"sim.knob.{c.field}.help")
    is_float = c.step < 1
    kind = float if is_float else int
    fmt = "%.1f" if is_float else "%d"
    if c.unit == "percent":
        fmt += "%%"
    if c.widget == "number":
        st.number_input(label, kind(c.low), kind(c.high), step=kind(c.step), key=KEY + c.field,
                        help=helptext, format=fmt.replace("%%", ""), persist_state="session")
    else:
        st.slider(label, kind(c.low), kind(c.high), step=kind(c.step), key=KEY + c.field,
                  help=helptext, format=fmt, persist_state="session")


def arrive() -> None:
    """The scenario comes from the URL on arrival (then from the widgets)."""
    if SCENARIO not in st.session_state:
        try:
            st.session_state[SCENARIO] = Scenario.from_params(st.query_params.to_dict())
        except RefdashError as exc:
            st.warning(t("sim.bad_link", error=exc.message(lang())))
            st.session_state[SCENARIO] = Scenario()
    for name, value in sim.widget_values(st.session_state[SCENARIO]).items():
        st.session_state.setdefault(KEY + name, value)
    wanted = st.query_params.get("policy")
    st.session_state.setdefault(KEY + "focus", wanted if wanted in POLICIES else "patient")
    st.session_state.setdefault(KEY + "log", st.query_params.get("log") == "1")
    st.session_state.setdefault(KEY + "group", CONTROL_GROUPS[0])


def knob_values() -> dict[str, int | float]:
    """Every knob's value: from its widget, or, for a knob whose group is not shown and whose
    state Streamlit dropped all the same, from the last valid scenario."""
    state = st.session_state
    if all(KEY + c.field in state for c in CONTROLS):
        return {c.field: state[KEY + c.field] for c in CONTROLS}
    fallback = sim.widget_values(state[SCENARIO])
    for c in CONTROLS:
        state.setdefault(KEY + c.field, fallback[c.field])
    return {c.field: state[KEY + c.field] for c in CONTROLS}


def knobs() -> None:
    """The calibrate button, its notes, and the knobs of the chosen group only (drawing all
    26 in tabs cost a slider move as many browser updates)."""
    st.button(t("sim.calibrate"), key=KEY + "calibrate", on_click=use_portfolio,
              icon=":material/tune:", help=t("sim.calibrate.help"), width="stretch")
    for note in view.note_texts(st.session_state.get(NOTES, []), lang()):
        st.caption(note)
    group = st.segmented_control(t("sim.group"), CONTROL_GROUPS, key=KEY + "group",
                                 required=True, format_func=lambda g: t(f"sim.group.{g}"),
                                 label_visibility="collapsed", wrap=True) or CONTROL_GROUPS[0]
    for c in CONTROLS:
        if c.group == group:
            control(c)


def keep_in_url(scenario: Scenario, focus: str, log_y: bool) -> None:
    """The scenario's non-default values, the policy and the scale in the URL (a shared link
    opens the same view): in one update, and in none when the URL says so already (each
    update is a message and a history write in the browser; three a move were sent)."""
    wanted = {**scenario.to_params(), "policy": focus}
    if log_y:
        wanted["log"] = "1"
    current = st.query_params.to_dict()
    for name in (*sim.PARAM_NAMES, "log"):
        if name in current and name not in wanted:
            del st.query_params[name]
    changed = {name: value for name, value in wanted.items() if current.get(name) != value}
    if changed:
        st.query_params.update(changed)


# Figures and texts per scenario, language and option: a slider moved back, a policy or a
# detail view chosen again, costs a look-up instead of a rebuild (a plotly figure takes
# 20-40 ms to build). The simulation itself is cached in refdash.sim (sim.explore).
@st.cache_resource(max_entries=24, show_spinner=False)
def growth_figure(scenario: Scenario, language: str, log_y: bool) -> go.Figure:
    """The main chart of ``scenario`` (cached)."""
    return sim_charts.growth_chart(sim.explore(scenario), language, log_y)


@st.cache_resource(max_entries=24, show_spinner=False)
def claim_figure(scenario: Scenario, focus: str, language: str) -> go.Figure:
    """The "250" chart of ``scenario`` for the ``focus`` policy (cached)."""
    return sim_charts.claim_chart(sim.explore(scenario), focus, language)


@st.cache_resource(max_entries=24, show_spinner=False)
def detail_figure(scenario: Scenario, detail: str, focus: str, language: str) -> go.Figure:
    """The figure of one detail view (``reff``, ``sphere``, ``cascade`` or ``bass``; cached)."""
    x = sim.explore(scenario)
    if detail == "reff":
        return sim_charts.reff_chart(x, language)
    chart = {"sphere": sim_charts.sphere_chart, "cascade": sim_charts.cascade_chart,
             "bass": sim_charts.bass_chart}[detail]
    return chart(x, focus, language)


@st.cache_resource(max_entries=24, show_spinner=False)
def texts(scenario: Scenario, focus: str, language: str) -> view.SimulatorView:
    """The cards, the patience sentence and the network note (cached)."""
    return view.present(sim.explore(scenario), focus, language)


@st.cache_resource(max_entries=8, show_spinner=False)
def table(scenario: Scenario, language: str) -> pd.DataFrame:
    """The monthly results table (the CSV download; cached, not to be modified)."""
    return view.results_table(sim.explore(scenario), language)


def focus_policy() -> str:
    """The policy the figures describe, read from its widget's state (drawn after them)."""
    return st.session_state.get(KEY + "focus") or "patient"


def story(scenario: Scenario, top: DeltaGenerator) -> None:
    """The first screen: the "250" headline (in ``top``, above the knobs: first on a phone
    too), its caption and its chart (behind an expander), the patience sentence, and how it
    is computed."""
    shown = texts(scenario, focus_policy(), lang())
    top.markdown(f"**{shown.headline}**")
    st.caption(shown.claim_caption)
    # The "250" chart only while its expander is open: drawn on every move, this second
    # plotly chart (with the R(t) card's sparkline) made a move's run finish 2.2-2.5x the
    # trivial app's; without both, 1.7-2.0x (2026-12-03, bench_simulate_browser).
    claim = st.expander(t("sim.claim.open", sphere=fmt_number(scenario.sphere)),
                        icon=":material/show_chart:", key=KEY + "claim", on_change="rerun")
    if claim.open:
        claim.plotly_chart(claim_figure(scenario, focus_policy(), lang()), width="stretch",
                           key=KEY + "out_claim")
    st.info(shown.patience, icon=":material/hourglass_top:")
    # the text is drawn only while the expander is open: one element less per slider move
    how = st.expander(t("sim.how"), icon=":material/functions:", key=KEY + "how",
                      on_change="rerun")
    if how.open:
        how.markdown(shown.how)


def figures(scenario: Scenario) -> str:
    """The policy selector, the seven cards and the note on a figure that
    looks contradictory; returns the policy."""
    focus = st.segmented_control(t("sim.focus"), POLICIES, key=KEY + "focus", required=True,
                                 format_func=lambda p: t(f"sim.policy.{p}"),
                                 help=t("sim.focus.help")) or "patient"
    shown = texts(scenario, focus, lang())
    rows = iter(shown.cards)
    for n in view.CARD_ROWS:  # one horizontal container a row: fewer blocks than columns
        with st.container(horizontal=True, gap="small"):
            for card in (next(rows) for _ in range(n)):
                st.metric(card.label, card.value, card.delta,
                          delta_color="off" if card.neutral else "normal",
                          delta_arrow="off" if card.neutral else "auto", help=card.help,
                          border=True)
    if shown.reff_note:
        st.caption(shown.reff_note)
    return focus


def growth(scenario: Scenario) -> None:
    """The scale toggle (kept in the URL), the main chart and the network note."""
    log_y = st.toggle(t("sim.log"), key=KEY + "log", help=t("sim.log.help"))
    st.plotly_chart(growth_figure(scenario, lang(), log_y), width="stretch",
                    key=KEY + "out_growth")
    st.caption(texts(scenario, focus_policy(), lang()).network_note)


def details(scenario: Scenario, focus: str) -> None:
    """One detail view, only when asked for, and the CSV download (written on click)."""
    detail = st.segmented_control(t("sim.detail"), view.DETAILS, key=KEY + "detail",
                                  format_func=lambda d: t(f"sim.tab.{d}"))
    if detail is None:  # on demand: a slider move redraws nothing here
        download_csv(table(scenario, lang()), "refdash-simulation.csv",
                     key=KEY + "out_download", lazy=True)
        return
    if detail != "table":
        st.plotly_chart(detail_figure(scenario, detail, focus, lang()), width="stretch",
                        key=KEY + "out_" + detail)
    caption = {"sphere": view.sphere_caption, "bass": view.bass_caption}.get(detail)
    text = caption(sim.explore(scenario), focus, lang()) if caption else None
    if text:
        st.caption(text)
    results = table(scenario, lang())
    if detail == "table":
        st.dataframe(results, hide_index=True, height=320, key=KEY + "out_table")
    download_csv(results, "refdash-simulation.csv", key=KEY + "out_download", lazy=True)


@st.fragment
def simulator() -> None:
    """Knobs on the left; on the right the story, the cards, the main chart and the details.

    Sent with the main chart first (into its place below the story and the cards), then the
    cards, the detail view, the knobs and last the story with the "250" chart; on screen the
    layout is unchanged.
    """
    lap = Laps("simulator fragment")
    top = st.container()
    left, right = st.columns([1, 2.6], gap="large")
    with right:
        head, cards, main, rest = (st.container() for _ in range(4))
    try:
        scenario = sim.scenario_from_widgets(knob_values(), st.session_state[SCENARIO])
    except RefdashError as exc:
        right.error(exc.markdown_message(lang()), icon=":material/error:")
        scenario = None
    if scenario is not None:
        st.session_state[SCENARIO] = scenario
        with main, st.spinner(t("sim.running")):
            sim.explore(scenario)
        lap("simulation")
        with main:
            growth(scenario)
        time.sleep(MAIN_CHART_HEAD_START)
        lap("main chart")
        with cards:
            focus = figures(scenario)
        lap("cards")
        with rest:
            details(scenario, focus)
        lap("details")
    with left:
        knobs()
    lap("knobs")
    if scenario is not None:
        # last: the "250" chart (two plotly draws in the browser) then often comes in a later
        # browser update than the main chart; in the same update it is drawn first (it sits
        # above), delaying the main chart (3 moves in 6 measured, 4 in 6 before)
        with head:
            story(scenario, top)
        lap("story")
        # after the figures: the URL is not what a user waits for
        keep_in_url(scenario, focus, bool(st.session_state.get(KEY + "log")))
    lap.report()


page_header("sim")
arrive()
simulator()
