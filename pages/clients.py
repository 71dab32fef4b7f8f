"""Clients: who is ready to be asked, who is not yet and when, which asks came too early."""

from typing import Any

import pandas as pd
import streamlit as st

from refdash import ui
from refdash.data import store
from refdash.errors import RefdashError
from refdash.i18n import literal
from refdash.model import decision
from refdash.model.portfolio import Portfolio
from refdash.model.trust import TrustReport, TrustSettings
from refdash.ui import (
    computed,
    download_csv,
    fmt_number,
    fmt_percent,
    lang,
    page_header,
    portfolio_or_stop,
    set_trust_settings,
    t,
    tn,
    trust_report,
    trust_settings,
)
from refdash.ui.cache import Laps, client_view
from refdash.ui.outcomes import last_click, outcome_buttons
from refdash.ui.widgets import no_evidence_notice, remember_written, written_with_undo
from refdash.ui.widgets import table as show_table
from refdash.views import client_grid, clients, event_edit, evidence, gate, worklist

#: Satisfaction scores offered when an event is edited (0 to 10 by halves).
SCORES = tuple(i / 2 for i in range(21))
#: Clients offered by the one-client picker (more would take seconds to reach the browser).
LIMIT = client_grid.PICK_LIMIT


def reset_settings() -> None:
    for knob in clients.KNOBS:
        st.session_state.pop(clients.WIDGET_PREFIX + knob.field, None)
    set_trust_settings(TrustSettings())


def settings_panel() -> None:
    """The trust settings every page follows (kept for the session and in the URL)."""
    current = trust_settings()
    # Its twelve sliders drawn only while it is open: closed, they were still sent and drawn
    # (hidden) by the browser on every run of the page.
    with st.expander(t("clients.settings"), icon=":material/tune:", key="clients_settings_open",
                     on_change="rerun") as box:
        if not box.open:
            return
        st.caption(t("clients.settings.intro"))
        values = {}
        columns = st.columns(3)
        for i, knob in enumerate(clients.KNOBS):
            key = clients.WIDGET_PREFIX + knob.field
            if key not in st.session_state:
                st.session_state[key] = knob.nearest(float(getattr(current, knob.field)))
            # select_slider: the values are written in the language (70 %, 0,05), which
            # st.slider's sprintf formats cannot do
            values[knob.field] = columns[i % 3].select_slider(
                t(f"clients.setting.{knob.field}"), knob.options, key=key,
                format_func=fmt_percent if knob.is_share else fmt_number,
                help=t(f"clients.setting.{knob.field}.help"),
            )
        st.button(t("clients.settings.reset"), key="trust_reset", on_click=reset_settings)
    set_trust_settings(clients.settings_with(current, values))


def apply_gate_suggestion(suggested: TrustSettings) -> None:
    """The "use the suggested threshold" button: the slider and the URL follow (never silently)."""
    st.session_state.pop(clients.WIDGET_PREFIX + "threshold", None)
    set_trust_settings(suggested)


@st.fragment
def gate_check(report: TrustReport) -> None:
    """Is the threshold right for these clients? Asks and what followed, by trust at the ask.
    Drawn only while its expander is open (a fragment: opening it runs this part again, not
    the page): closed, its chart and two tables were still sent and drawn in the browser on
    every run of the page (on a 100,000-client store, one of the page's three plotly charts).
    Applying the suggestion runs the whole page again (every part follows the settings)."""
    with st.expander(t("gate.title"), icon=":material/rule:", key="gate_open",
                     on_change="rerun") as box:
        if not box.open:
            return
        check = computed(gate.gate_view_of_report, report, lang())
        for sentence in check.sentences:
            st.text(sentence)
        st.plotly_chart(check.figure, width="stretch", key="gate_chart")
        st.dataframe(check.band_table, hide_index=True, width="stretch")
        st.dataframe(check.totals_table, hide_index=True, width="stretch")
        if check.differs and check.apply_label and st.button(
                check.apply_label, key="gate_apply", on_click=apply_gate_suggestion,
                args=(gate.apply_suggestion(report.settings, check),),
                icon=":material/check:"):
            st.rerun(scope="app")


def headline(summary: clients.Summary) -> None:
    ready_col, wait_col, early_col = st.columns(3)
    ready_col.metric(t("clients.metric.ready"), fmt_number(summary.ready),
                     help=t("clients.metric.ready.help"), border=True)
    wait_col.metric(t("clients.metric.not_ready"), fmt_number(summary.not_ready),
                    help=t("clients.metric.not_ready.help"), border=True)
    early_col.metric(t("clients.metric.early_asks"), fmt_number(summary.early_asks_90d),
                     tn("clients.metric.of_asks", summary.asks_90d,
                       asks=fmt_number(summary.asks_90d)),
                     delta_color="off", delta_arrow="off", help=t("clients.metric.early_asks.help"),
                     border=True)


def table_columns() -> dict[str, Any]:
    """How the grid shows each column of :data:`clients.TABLE_COLUMNS`."""
    cc = st.column_config
    return {
        "name": cc.TextColumn(t("clients.col.name")),
        "company": cc.TextColumn(t("clients.col.company")),
        "owner": cc.TextColumn(t("clients.col.owner")),
        "trust": cc.TextColumn(t("clients.col.trust")),
        "trust_change_3m": cc.TextColumn(t("clients.col.trust_change_3m")),
        "ready": cc.TextColumn(t("clients.col.ready")),
        "status": cc.TextColumn(t("clients.col.status")),
        "projected_ready_date": cc.TextColumn(t("clients.col.projected_ready_date")),
        "last_ask_date": cc.TextColumn(t("clients.col.last_ask_date")),
        "last_ask_early": cc.TextColumn(t("clients.col.last_ask_early")),
    }


def clients_table(grid: client_grid.Grid, total: int) -> None:
    """The searchable table (its first rows on a large store: a search narrows them, the
    CSV has them all); picking a row picks that client below."""
    ids = grid.shown["client_id"].tolist()

    def pick_from_table() -> None:
        rows = st.session_state["clients_table"].selection.rows
        if rows and rows[0] < len(ids):
            st.session_state["clients_pick"] = int(ids[rows[0]])

    st.dataframe(
        grid.shown, key="clients_table", on_select=pick_from_table, selection_mode="single-row",
        hide_index=True, width="stretch", height=360, column_config=table_columns(),
        column_order=[c for c in clients.TABLE_COLUMNS if c not in ("client_id", "external_id")],
    )
    # Cut: "1,000 of 5,000 clients" says the grid's rows of those found.
    st.caption(t("clients.table.caption", shown=fmt_number(len(grid.shown)),
                 total=fmt_number(len(grid.table) if grid.truncated else total)))
    # Written when clicked: a 100,000-row CSV took a second on every run.
    download_csv(grid.download, "clients.csv", key="clients_csv", lazy=True)


def client_card(one: clients.ClientView) -> None:
    """Beside the chart: who the client is, the next step, trust and how well we know them."""
    st.subheader(literal(one.name), anchor=False)  # names are data, never markdown
    if one.company:
        st.caption(literal(one.company))
    st.caption(t("clients.fig.owner", owner=literal(one.owner)))
    shout = {"ready": st.success, "wait": st.warning, "dont_ask": st.error, "lost": st.info}
    shout[one.step.kind](one.sentence, icon=":material/flag:")
    change = one.status["trust_change_3m"]
    st.metric(t("clients.fig.trust"), fmt_number(one.status["trust"], 2),
              None if change != change else fmt_number(change, 2),
              help=t("clients.fig.trust.help"))
    st.metric(t("clients.fig.reliability"), fmt_number(one.status["reliability"], 2),
              t("clients.fig.cautious", value=fmt_number(one.status["reliability_low"], 2)),
              delta_color="off", delta_arrow="off", help=t("clients.fig.reliability.help"))
    st.metric(t("clients.fig.known"), clients.format_duration(one.status["months_known"], lang()))


def client_outcomes(view: Portfolio, decisions: pd.DataFrame, client_id: int,
                    settings: TrustSettings) -> None:
    """The worklist's one-click outcomes for this client ("Asked", then the answer; "Thanked";
    "Done"), the same as on the Portfolio, and the undo of the last click."""
    entry = worklist.entry_of(view, decisions, client_id, lang(), settings)
    if entry.outcomes:
        outcome_buttons(entry, "cl")
    if last_click("cl"):
        st.rerun(scope="app")  # the table, the headline and the trajectory follow at once


def no_evidence_card(client_id: int) -> None:
    """Under the card: this client has no evidence yet (its trust cannot leave 0.50)."""
    if not computed(evidence.without_evidence).has_evidence(client_id):
        st.caption(evidence.client_notice(lang()))


@st.fragment
def one_client(grid: client_grid.Grid, report: TrustReport, view: Portfolio) -> None:
    """One client's trajectory and next step (a fragment: picking redraws only this)."""
    options = list(grid.options)
    picked = st.session_state.get("clients_pick")
    if picked not in grid.members:
        st.session_state["clients_pick"] = picked = options[0]
    names = grid.names
    if picked not in names:  # beyond the first ones (a row of an earlier search)
        options = [picked, *options]
        names = {**names, picked: grid.name_of(picked)}
    st.selectbox(t("clients.pick"), options, key="clients_pick",
                 format_func=lambda cid: f"{names.get(cid, cid)} · #{cid}",
                 placeholder=t("clients.pick.placeholder"))
    if len(grid.table) > LIMIT:
        st.caption(t("clients.pick.capped", count=fmt_number(LIMIT)))
    show = st.toggle(t("clients.show_components"), key="clients_components")
    # The worklist's decision has the last word on the next step (one decision everywhere).
    decisions = computed(decision.decide, report.settings)
    one = client_view(report, view, st.session_state["clients_pick"], lang(), show, decisions)
    chart_col, side_col = st.columns([3, 1])
    chart_col.plotly_chart(one.figure, width="stretch", key="clients_chart")
    with side_col:
        client_card(one)
        client_outcomes(view, decisions, one.client_id, report.settings)
        no_evidence_card(one.client_id)
    event_editor(view, one.client_id, names)


def change_done(change: event_edit.Change) -> None:
    """After a write: every cached result goes, the whole page runs again (the trajectory,
    the table and the Portfolio's lists follow), and the change can be undone."""
    ui.refresh()
    remember_written("clients_ev", change, event_edit.done_text(change, lang()),
                     t("clients.events.undone"))
    st.rerun(scope="app")


def undo_box() -> None:
    """What was just changed, and the button that puts it back."""
    written_with_undo("clients_ev", t("clients.events.undo"),
                      lambda change: event_edit.undo(ui.store_path(), change))


def event_form(view: Portfolio, row: pd.Series, client_id: int, names: dict) -> None:
    """The event's fields in a form (keys carry the event id: another event, fresh fields;
    a second click on a deleted event's buttons finds no button)."""
    eid = int(row["event_id"])
    stored = ui.store_path()
    kinds = list(event_edit.KINDS)
    current = view.events.loc[view.events["id"] == eid].iloc[0]
    others = [client_id, *[c for c in names if c != client_id]][:LIMIT]
    with st.form(key=f"clients_ev_form_{eid}", border=False):
        left, middle, right = st.columns(3)
        day = left.date_input(t("clients.events.date"), value=current["date"].date(),
                              max_value=view.as_of.date(), format="DD/MM/YYYY",
                              key=f"clients_ev_date_{eid}")
        kind = middle.selectbox(t("clients.events.kind"), kinds,
                                index=kinds.index(current["kind"]),
                                format_func=lambda k: t(f"data.kind.{k}"),
                                key=f"clients_ev_kind_{eid}")
        scores = (None, *SCORES)
        score = right.selectbox(t("clients.events.score"), scores,
                                index=0 if pd.isna(current["score"])
                                else scores.index(min(SCORES, key=lambda v: abs(v - current["score"]))),
                                format_func=lambda v: "–" if v is None else fmt_number(v, 1),
                                key=f"clients_ev_score_{eid}")
        who = left.selectbox(t("clients.events.client"), others,
                             format_func=lambda c: f"{names.get(c, c)} · #{c}",
                             key=f"clients_ev_client_{eid}")
        note = middle.text_input(t("clients.events.note"), value=current["note"] or "",
                                 key=f"clients_ev_note_{eid}")
        save = st.form_submit_button(t("clients.events.save"), type="primary",
                                     icon=":material/save:", key=f"clients_ev_save_{eid}")
    if save:
        try:
            change = event_edit.edit(stored, view, eid, client_id=who, date=day, kind=kind,
                                     score=score, note=note)
        except RefdashError as exc:
            st.error(exc.markdown_message(lang()), icon=":material/error:")
        else:
            change_done(change)
    if st.button(t("clients.events.delete"), key=f"clients_ev_delete_{eid}",
                 icon=":material/delete:"):
        try:
            change_done(event_edit.delete(stored, eid))
        except RefdashError as exc:
            st.error(exc.markdown_message(lang()), icon=":material/error:")


def event_editor(view: Portfolio, client_id: int, names: dict) -> None:
    """Correct one of the client's events (date, kind, score, client, note) or delete it:
    behind a toggle, so its pickers exist only when asked for (the client picker stays the
    one selectbox of the page's first screen)."""
    if not st.toggle(t("clients.events.heading"), key="clients_ev_open"):
        return
    with st.container(border=True):
        st.caption(t("clients.events.intro"))
        undo_box()
        table = event_edit.events_table(view, client_id, lang())
        if table.empty:
            st.info(t("clients.events.none"))
            return
        labels = {int(r["event_id"]): event_edit.event_label(r, lang())
                  for _, r in table.iterrows()}
        options: list[int] = list(labels)
        picked = st.selectbox(t("clients.events.pick"), options,
                              format_func=lambda e: labels[e], key=f"clients_ev_pick_{client_id}")
        eid = options[0] if picked is None else int(picked)
        note = event_edit.imported_note(store_row(eid), lang())
        if note:
            st.caption(note)
        event_form(view, table.loc[table["event_id"] == eid].iloc[0], client_id, names)


def store_row(event_id: int) -> dict | None:
    """The stored row of the event (its external id says whether it came from an import)."""
    try:
        return store.read_event(ui.store_path(), event_id)
    except RefdashError:
        return None


@st.fragment
def cost_of_early_asks(report: TrustReport) -> None:
    """What early asks cost, across the clients of the view: drawn only while its expander
    is open (a fragment, as the gate check). Drawn on every run, its chart and table made the
    first switch to the page slower on a 100,000-client store: 1.15-1.30 s against
    0.99-1.07 s without them (2026-12-03, two to three runs each)."""
    with st.expander(t("clients.cost.heading"), icon=":material/trending_down:",
                     key="clients_cost_open", on_change="rerun") as box:
        if not box.open:
            return
        st.caption(t("clients.cost.intro"))
        chart, outcomes = computed(client_grid.early_ask_cost_shown, report, lang())
        st.plotly_chart(chart, width="stretch", key="clients_cost_chart")
        show_table(outcomes, key="clients_cost_outcomes")


laps = Laps("clients page")
page_header("clients")
settings_panel()
view = portfolio_or_stop()
report = trust_report()
laps("report")
gate_check(report)
laps("gate check")
headline(clients.summary(report, view))
no_evidence_notice()
if not report.never_applied:
    st.caption(t("clients.never_skipped"))

query = st.text_input(t("clients.search"), key="clients_search",
                      placeholder=t("clients.search.placeholder"))
laps("head")
# The whole table once per settings and language; a search narrows it.
grid = computed(client_grid.grid, report, lang())
if query.strip():
    grid = client_grid.searched(grid, query, computed(clients.search_index), lang())
clients_table(grid, len(view.clients))
laps("table")
if grid.table.empty:
    st.info(t("clients.no_match"))
else:
    one_client(grid, report, view)
laps("one client")
cost_of_early_asks(report)
laps("cost")
laps.report()
