"""Simulator: how the client base would grow by referral, and what patience is worth."""

import streamlit as st

from refdash import sim
from refdash.charts import sim as sim_charts
from refdash.errors import RefdashError
from refdash.sim import CONTROL_GROUPS, CONTROLS, POLICIES, Exploration, Scenario
from refdash.ui import download_csv, filtered_portfolio, lang, page_header, t
from refdash.views import clients
from refdash.views import simulator as view

KEY = "sim_"           # widget keys: sim_<scenario field>
SCENARIO = "sim_scenario"  # the last valid scenario (survives page switches)
NOTES = "sim_notes"    # calibration notes (keys) or the error that stopped it


def use_portfolio() -> None:
    """The "Calibrate from my portfolio" button: set the knobs from the store."""
    current = st.session_state[SCENARIO]
    try:
        calibrated = sim.calibrate(filtered_portfolio(), current,
                                   clients.settings_from(st.session_state))
    except RefdashError as exc:
        st.session_state[NOTES] = [exc]
        return
    for name, value in sim.widget_values(calibrated).items():
        st.session_state[KEY + name] = value
    st.session_state[NOTES] = list(calibrated.notes)


def control(c: sim.Control) -> None:
    """The widget of one knob, in its unit (a percentage shows with a % sign)."""
    label, helptext = t(f"sim.knob.{c.field}"), t(f"sim.knob.{c.field}.help")
    is_float = c.step < 1
    kind = float if is_float else int
    fmt = "%.1f" if is_float else "%d"
    if c.unit == "percent":
        fmt += "%%"
    if c.widget == "number":
        st.number_input(label, kind(c.low), kind(c.high), step=kind(c.step), key=KEY + c.field,
                        help=helptext, format=fmt.replace("%%", ""))
    else:
        st.slider(label, kind(c.low), kind(c.high), step=kind(c.step), key=KEY + c.field,
                  help=helptext, format=fmt)


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


def knobs() -> None:
    """The calibrate button, its notes, and the knobs in one tab per group."""
    st.button(t("sim.calibrate"), key=KEY + "calibrate", on_click=use_portfolio,
              icon=":material/tune:", help=t("sim.calibrate.help"), width="stretch")
    for note in view.note_texts(st.session_state.get(NOTES, []), lang()):
        st.caption(note)
    tabs = st.tabs([t(f"sim.group.{g}") for g in CONTROL_GROUPS])
    for group, tab in zip(CONTROL_GROUPS, tabs, strict=True):
        with tab:
            for c in CONTROLS:
                if c.group == group:
                    control(c)


def keep_in_url(scenario: Scenario) -> None:
    """The scenario's non-default values in the URL (a shared link opens the same one)."""
    params = scenario.to_params()
    for name in sim.PARAM_NAMES:
        if name in st.query_params and name not in params:
            del st.query_params[name]
    st.query_params.update(params)


def figures(x: Exploration) -> str:
    """The policy selector, the seven cards and the patience sentence; returns the policy."""
    focus = st.segmented_control(t("sim.focus"), POLICIES, key=KEY + "focus",
                                 format_func=lambda p: t(f"sim.policy.{p}"),
                                 help=t("sim.focus.help")) or "patient"
    st.query_params["policy"] = focus
    shown = view.present(x, focus, lang())
    cols = [col for n in view.CARD_ROWS for col in st.columns(n)]
    for col, card in zip(cols, shown.cards, strict=True):
        off = "off" if card.neutral else None
        col.metric(card.label, card.value, card.delta, delta_color=off or "normal",
                   delta_arrow=off or "auto", help=card.help, border=True,
                   chart_data=list(card.chart_data) if card.chart_data else None,
                   chart_type="line")
    st.info(shown.patience, icon=":material/hourglass_top:")
    growth(x, shown.network_note)
    return focus


def growth(x: Exploration, note: str) -> None:
    """The main chart (linear or log scale, kept in the URL) and the network note."""
    log_y = st.toggle(t("sim.log"), key=KEY + "log", help=t("sim.log.help"))
    if log_y:
        st.query_params["log"] = "1"
    elif "log" in st.query_params:
        del st.query_params["log"]
    st.plotly_chart(sim_charts.growth_chart(x, lang(), log_y), width="stretch",
                    key=KEY + "out_growth")
    st.caption(note)


def details(x: Exploration, focus: str) -> None:
    """One detail view at a time, and the CSV download of the results."""
    detail = st.segmented_control(t("sim.detail"), view.DETAILS, key=KEY + "detail",
                                  format_func=lambda d: t(f"sim.tab.{d}")) or view.DETAILS[0]
    charts = {"reff": lambda: sim_charts.reff_chart(x, lang()),
              "sphere": lambda: sim_charts.sphere_chart(x, focus, lang()),
              "cascade": lambda: sim_charts.cascade_chart(x, focus, lang()),
              "bass": lambda: sim_charts.bass_chart(x, focus, lang())}
    if detail in charts:
        st.plotly_chart(charts[detail](), width="stretch", key=KEY + "out_" + detail)
    caption = {"sphere": view.sphere_caption, "bass": view.bass_caption}.get(detail)
    text = caption(x, focus, lang()) if caption else None
    if text:
        st.caption(text)
    table = view.results_table(x, lang())
    if detail == "table":
        st.dataframe(table, hide_index=True, height=320, key=KEY + "out_table")
    download_csv(table, "refdash-simulation.csv", key=KEY + "out_download")


@st.fragment
def simulator() -> None:
    """Knobs on the left; on the right the figures of the scenario they describe."""
    left, right = st.columns([1, 2.6], gap="large")
    with left:
        knobs()
    values = {c.field: st.session_state[KEY + c.field] for c in CONTROLS}
    with right:
        try:
            scenario = sim.scenario_from_widgets(values, st.session_state[SCENARIO])
        except RefdashError as exc:
            st.error(exc.message(lang()), icon=":material/error:")
            return
        st.session_state[SCENARIO] = scenario
        keep_in_url(scenario)
        with st.spinner(t("sim.running")):
            x = sim.explore(scenario)
        focus = figures(x)
        details(x, focus)


page_header("sim")
arrive()
simulator()
