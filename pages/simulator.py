"""Simulator: how the client base would grow by referral, and what patience is worth."""

import streamlit as st

from refdash import sim as simulate
from refdash.charts import sim as sim_charts
from refdash.errors import RefdashError
from refdash.sim import CONTROL_GROUPS, CONTROLS, POLICIES, Scenario
from refdash.ui import (
    download_csv,
    filtered_portfolio,
    fmt_number,
    fmt_percent,
    lang,
    page_header,
    t,
)
from refdash.views import clients

KEY = "sim_"           # widget keys: sim_<scenario field>
SCENARIO = "sim_scenario"  # the last valid scenario (survives page switches)
NOTES = "sim_notes"
DETAILS = ("reff", "sphere", "cascade", "bass", "table")  # one detail view at a time


def error_text(exc: RefdashError) -> str:
    """The translated message of an invalid scenario, naming the knob in the user's words."""
    return exc.message(lang())


def use_portfolio() -> None:
    """The "Calibrate from my portfolio" button: set the knobs from the store."""
    current = st.session_state[SCENARIO]
    try:
        calibrated = simulate.calibrate(filtered_portfolio(), current,
                                        clients.settings_from(st.session_state))
    except RefdashError as exc:
        st.session_state[NOTES] = [f"error.{exc.code}"]
        return
    for name, value in simulate.widget_values(calibrated).items():
        st.session_state[KEY + name] = value
    st.session_state[NOTES] = list(calibrated.notes)


def control(c: simulate.Control) -> None:
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


page_header("sim")

# The scenario comes from the URL on arrival, then from the widgets.
if SCENARIO not in st.session_state:
    try:
        st.session_state[SCENARIO] = Scenario.from_params(st.query_params.to_dict())
    except RefdashError as exc:
        st.warning(t("sim.bad_link", error=error_text(exc)))
        st.session_state[SCENARIO] = Scenario()
for name, value in simulate.widget_values(st.session_state[SCENARIO]).items():
    st.session_state.setdefault(KEY + name, value)
wanted = st.query_params.get("policy")
st.session_state.setdefault(KEY + "focus", wanted if wanted in POLICIES else "patient")
st.session_state.setdefault(KEY + "log", st.query_params.get("log") == "1")


@st.fragment
def simulator() -> None:
    left, right = st.columns([1, 2.6], gap="large")
    with left:
        st.button(t("sim.calibrate"), key=KEY + "calibrate", on_click=use_portfolio,
                  icon=":material/tune:", help=t("sim.calibrate.help"), width="stretch")
        for note in st.session_state.get(NOTES, []):
            st.caption(t(note))
        for group, tab in zip(CONTROL_GROUPS, st.tabs([t(f"sim.group.{g}") for g in CONTROL_GROUPS]),
                              strict=True):
            with tab:
                for c in CONTROLS:
                    if c.group == group:
                        control(c)
    values = {c.field: st.session_state[KEY + c.field] for c in CONTROLS}
    with right:
        try:
            scenario = simulate.scenario_from_widgets(values, st.session_state[SCENARIO])
        except RefdashError as exc:
            st.error(error_text(exc), icon=":material/error:")
            return
        st.session_state[SCENARIO] = scenario
        params = scenario.to_params()
        for name in simulate.PARAM_NAMES:
            if name in st.query_params and name not in params:
                del st.query_params[name]
        st.query_params.update(params)

        with st.spinner(t("sim.running")):
            result = simulate.explore(scenario)
        focus = st.segmented_control(t("sim.focus"), POLICIES, key=KEY + "focus",
                                     format_func=lambda p: t(f"sim.policy.{p}"),
                                     help=t("sim.focus.help")) or "patient"
        st.query_params["policy"] = focus
        k = result.kpis.loc[focus]
        h = scenario.horizon
        cols = st.columns(4) + st.columns(3)
        cols[0].metric(t("sim.kpi.clients", months=h), fmt_number(k["clients"]),
                       ("+" if k["growth"] >= 0 else "") + fmt_number(k["growth"]),
                       help=t("sim.kpi.clients.help", low=fmt_number(k["clients_low"]),
                              high=fmt_number(k["clients_high"]),
                              start=fmt_number(scenario.start_clients)), border=True)
        cols[1].metric(t("sim.kpi.named"), fmt_number(k["named"]),
                       help=t("sim.kpi.named.help"), border=True)
        cols[2].metric(t("sim.kpi.wasted"), fmt_number(k["wasted"]),
                       t("sim.kpi.wasted.share", share=fmt_percent(k["wasted_share"], 1)),
                       delta_color="off", delta_arrow="off", help=t("sim.kpi.wasted.help"),
                       border=True)
        cols[3].metric(t("sim.kpi.burned"), fmt_number(k["burned"]),
                       help=t("sim.kpi.burned.help", lost=fmt_number(k["burned_lost"]),
                              never=fmt_number(k["burned_never"])), border=True)
        cols[4].metric(t("sim.kpi.penetration"), fmt_percent(k["penetration"], 2),
                       help=t("sim.kpi.penetration.help",
                              reached=fmt_percent(k["reached_share"], 1)), border=True)
        r_path = result.monthly.loc[result.monthly["policy"] == focus, "r_eff"].dropna()
        cols[5].metric(t("sim.kpi.reff"), fmt_number(k["r_eff_end"], 2),
                       t("sim.kpi.reff.start", value=fmt_number(k["r_eff_start"], 2)),
                       delta_color="off", delta_arrow="off", help=t("sim.kpi.reff.help"),
                       border=True, chart_data=r_path.round(2).tolist(), chart_type="line")
        doubling = (t("sim.never_doubles") if not k["doubling_first"] < 1e9
                    else t("sim.months", n=fmt_number(k["doubling_first"])))
        later = (t("sim.never_doubles") if not k["doubling_last"] < 1e9
                 else t("sim.months", n=fmt_number(k["doubling_last"])))
        cols[6].metric(t("sim.kpi.doubling"), doubling, t("sim.kpi.doubling.end", value=later),
                       delta_color="off", delta_arrow="off", help=t("sim.kpi.doubling.help"),
                       border=True)

        gap = result.patience.iloc[0]
        st.info(t("sim.patience", months=h, gap=("+" if gap["median"] >= 0 else "")
                  + fmt_number(gap["median"]), low=fmt_number(gap["low"]),
                  high=fmt_number(gap["high"]), share=fmt_percent(gap["share_ahead"])),
                icon=":material/hourglass_top:")
        log_y = st.toggle(t("sim.log"), key=KEY + "log", help=t("sim.log.help"))
        if log_y:
            st.query_params["log"] = "1"
        elif "log" in st.query_params:
            del st.query_params["log"]
        st.plotly_chart(sim_charts.growth_chart(result, lang(), log_y), width="stretch",
                        key=KEY + "out_growth")
        st.caption(t("sim.network_note", clustering=fmt_number(result.measured_clustering, 2),
                     sphere=fmt_number(scenario.sphere), market=fmt_number(scenario.market)))

        detail = st.segmented_control(t("sim.detail"), DETAILS, key=KEY + "detail",
                                      format_func=lambda d: t(f"sim.tab.{d}")) or DETAILS[0]
        if detail == "reff":
            st.plotly_chart(sim_charts.reff_chart(result, lang()), width="stretch",
                            key=KEY + "out_reff")
        elif detail == "sphere":
            st.plotly_chart(sim_charts.sphere_chart(result, focus, lang()), width="stretch",
                            key=KEY + "out_sphere")
            reach = result.sphere(focus)
            new_clients = reach["clients"].iloc[-1] - reach["clients"].iloc[0]
            if new_clients > 0:
                per_client = (reach["prospects"].iloc[-1] - reach["prospects"].iloc[0]) / new_clients
                st.caption(t("sim.sphere.caption", per_client=fmt_number(per_client),
                             sphere=fmt_number(scenario.sphere)))
        elif detail == "cascade":
            st.plotly_chart(sim_charts.cascade_chart(result, focus, lang()), width="stretch",
                            key=KEY + "out_cascade")
        elif detail == "bass":
            st.plotly_chart(sim_charts.bass_chart(result, focus, lang()), width="stretch",
                            key=KEY + "out_bass")
            fit = result.bass(focus)
            st.caption(t("sim.bass.none") if fit is None else t(
                "sim.bass.caption", p=fmt_number(fit.p, 4), q=fmt_number(fit.q, 3),
                m=fmt_number(fit.m), identified=t("sim.bass.m_bound")
                if fit.m >= 0.99 * scenario.market else ""))
        table = sim_charts.results_table(result, lang())
        if detail == "table":
            st.dataframe(table, hide_index=True, height=320, key=KEY + "out_table")
        download_csv(table, "refdash-simulation.csv", key=KEY + "out_download")

simulator()
