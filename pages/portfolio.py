"""Portfolio (home): this week's worklist first (who to ask, then what else to do, each with
its reason and its outcome in one click), its downloads, what early asks cost, then the
headline figures and charts. Follows the sidebar's owner filter and the Clients page's
trust settings. Names, companies and prospects are shown literally (escaped HTML, st.text).
"""

from collections.abc import Callable

import pandas as pd
import streamlit as st

from refdash.data import outcomes
from refdash.errors import RefdashError
from refdash.model import decision
from refdash.ui import (
    as_of,
    computed,
    filtered_portfolio,
    fmt_number,
    fmt_percent,
    kpi_metric,
    lang,
    page_header,
    portfolio_or_stop,
    refresh,
    selected_owners,
    store_path,
    t,
    tn,
    trust_report,
    trust_settings,
)
from refdash.ui.widgets import no_evidence_notice
from refdash.ui.widgets import table as locale_table
from refdash.views import portfolio as presenter
from refdash.views import worklist as wl_view
from refdash.views.worklist import Entry

ASK_KEY = "wl_ask"  # the list length's widget; ``?ask=N`` in the URL when not the default
ASK_PARAM = "ask"
TOKENS_KEY = "wl_tokens"  # one token per shown button: a double click writes one row
LAST_KEY = "wl_last"  # (external id, outcome label, client name) of the last click
ERROR_KEY = "wl_error"


# --------------------------------------------------------------------------- one click

def token(client_id: int, outcome: str) -> str:
    """The button's token, drawn once per session, client, outcome and day and kept: every
    rerun and every extra click of the same button carries the same idempotency key."""
    tokens: dict[str, str] = st.session_state.setdefault(TOKENS_KEY, {})
    key = f"{client_id}:{outcome}:{as_of().date().isoformat()}"
    return tokens.setdefault(key, outcomes.new_token())


def record(e: Entry, outcome: str, label: str, prospect_key: str | None = None) -> None:
    """Callback of an outcome button: write the one row, remember it for undo, refresh."""
    prospect = str(st.session_state.get(prospect_key) or "") if prospect_key else None
    try:
        done = outcomes.record(store_path(), client_id=e.client_id, outcome=outcome,
                               day=as_of(), token=token(e.client_id, outcome),
                               prospect_name=prospect)
    except RefdashError as exc:
        st.session_state[ERROR_KEY] = exc.message(lang())
        return
    st.session_state[LAST_KEY] = (done.external_id, label, e.name)
    refresh()


def undo() -> None:
    """Callback of the undo button: remove the row of the last click of this session."""
    last = st.session_state.pop(LAST_KEY, None)
    if last is not None:
        outcomes.undo(store_path(), last[0])
        refresh()


def outcome_buttons(e: Entry) -> None:
    """The entry's one-click outcomes; "Referred" asks for the prospect's name first."""
    with st.container(horizontal=True, gap="small", horizontal_alignment="right"):
        for outcome, label in zip(e.outcomes, e.outcome_labels, strict=True):
            key = f"wl_{e.client_id}_{outcome}"
            if outcome == "referred":
                with (st.popover(t("portfolio.worklist.referred")),
                      st.form(f"{key}_form", border=False)):
                    st.text_input(t("worklist.prospect_label"), key=f"{key}_name")
                    st.form_submit_button(t("portfolio.worklist.save"), on_click=record,
                                          args=(e, outcome, label, f"{key}_name"))
            else:
                st.button(label, key=key, on_click=record, args=(e, outcome, label),
                          type="primary" if outcome == "asked" else "secondary")


def entry_rows(entries: tuple[Entry, ...], with_action: bool) -> None:
    # An ask has one button; the answers (up to three) need more room beside the text.
    widths = [2, 1] if with_action else [5, 1]
    for e in entries:
        text_col, buttons_col = st.columns(widths, vertical_alignment="center")
        text_col.html(wl_view.row_html(e, with_action, lang()))
        with buttons_col:
            outcome_buttons(e)


# --------------------------------------------------------------------------- the list

def ask_limit() -> int:
    """The list length: from ``?ask=N`` on arrival, then the widget; mirrored in the URL
    only when it is not the default."""
    if ASK_KEY not in st.session_state:
        st.session_state[ASK_KEY] = wl_view.limit_from_param(st.query_params.get(ASK_PARAM))
    st.number_input(t("portfolio.worklist.ask_count"), min_value=1,
                    max_value=wl_view.MAX_LIMIT, step=1, key=ASK_KEY,
                    help=t("portfolio.worklist.ask_count.help"))
    limit = int(st.session_state[ASK_KEY])
    if limit == wl_view.DEFAULT_LIMIT:
        if ASK_PARAM in st.query_params:
            del st.query_params[ASK_PARAM]
    elif st.query_params.get(ASK_PARAM) != str(limit):
        st.query_params[ASK_PARAM] = str(limit)
    return limit


def last_click() -> None:
    """What the last click recorded, and the button that takes it back."""
    if ERROR_KEY in st.session_state:
        st.error(st.session_state.pop(ERROR_KEY), icon=":material/error:")
    last = st.session_state.get(LAST_KEY)
    if last is None:
        return
    _, label, name = last
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.caption(t("portfolio.worklist.recorded", outcome=label))
        st.text(name)
        st.button(t("portfolio.worklist.undo", outcome=label), key="wl_undo", on_click=undo,
                  icon=":material/undo:")


def more(count: int) -> None:
    if count:
        st.caption(t("worklist.more", count=fmt_number(count)))


def worklist(wl: wl_view.Worklist) -> None:
    """Who to ask this week, then the other actions worth doing this week."""
    with st.container(border=True, key="worklist_asks"):
        if wl.asks:
            entry_rows(wl.asks, with_action=False)
        else:
            st.info(t("worklist.no_asks"))
        more(wl.more_asks)
    last_click()
    st.subheader(t("worklist.others_heading"), anchor=False)
    with st.container(border=True, key="worklist_others"):
        if wl.others:
            entry_rows(wl.others, with_action=True)
        else:
            st.success(t("worklist.no_others"), icon=":material/check_circle:")
        more(wl.more_others)


def calendar(wl: wl_view.Worklist) -> Callable[[], bytes]:
    """The ICS download, written when clicked: every upcoming readiness date (thousands on a
    large store) is worked out then, not on each run (the page's list has none)."""
    view, settings = filtered_portfolio(), trust_settings()
    decisions = computed(decision.decide, settings)  # the page's, from the cache
    limit = int(st.session_state.get(ASK_KEY, wl_view.DEFAULT_LIMIT))
    return lambda: wl_view.render_ics(wl_view.worklist(view, settings, wl.lang, limit,
                                                       decisions=decisions))


def downloads(wl: wl_view.Worklist) -> None:
    """The same list as the CLI's ``worklist --format json|html|ics``."""
    owners = selected_owners()
    greeting = owners[0] if len(owners) == 1 else t("portfolio.worklist.team")
    st.caption(t("portfolio.worklist.downloads"))
    with st.container(horizontal=True, gap="small"):
        st.download_button(t("portfolio.worklist.json"), wl_view.render_json(wl).encode(),
                           "worklist.json", "application/json", key="wl_json",
                           icon=":material/download:")
        st.download_button(t("portfolio.worklist.html"),
                           wl_view.render_html(greeting, wl).encode(), "worklist.html",
                           "text/html", key="wl_html", icon=":material/mail:")
        st.download_button(t("portfolio.worklist.ics"), calendar(wl),
                           "worklist.ics", "text/calendar", key="wl_ics",
                           icon=":material/calendar_month:")


def early_list(table: pd.DataFrame) -> None:
    st.subheader(t("clients.early_recent.title"), anchor=False)
    if table.empty:
        st.success(t("clients.early_recent.none"), icon=":material/check_circle:")
    else:
        st.warning(tn("clients.early_recent.some", len(table), count=fmt_number(len(table))),
                   icon=":material/warning:")
        locale_table(table, key="early_asks", height=300)


page_header("portfolio")
view = portfolio_or_stop()

head, count = st.columns([4, 1], vertical_alignment="bottom")
with count:
    limit = ask_limit()
# Without the upcoming dates: only the calendar download lists them (when clicked).
week = computed(wl_view.worklist, trust_settings(), lang(), limit, upcoming_days=0)
with head:
    st.subheader(t("worklist.asks_heading"), anchor=False)
    st.caption(week.week_text)
worklist(week)
no_evidence_notice()
downloads(week)

home = computed(presenter.home, trust_report(), lang())  # once per view: no rebuild per run
value, note, sentence = home.toll
# A figure from history, not a change: no arrow, no colour.
toll_col, sentence_col = st.columns([1, 2], vertical_alignment="center")
toll_col.metric(t("portfolio.early.label"), value, note or None, delta_color="off",
                delta_arrow="off", help=sentence, border=True)
sentence_col.caption(sentence)

st.subheader(t("portfolio.figures.heading"), anchor=False)
for column, kpi in zip(st.columns(5), home.kpis, strict=True):
    kpi_metric(column, kpi, "portfolio.kpi")
st.plotly_chart(home.new_clients, width="stretch")
st.caption(t("portfolio.referred_share", share=fmt_percent(home.referred_share)))
early_list(home.early)
