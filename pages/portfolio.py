"""Portfolio (home): this week's worklist first (who to ask, then what else to do, each with
its reason and its outcome in one click), its downloads, what early asks cost, then the
headline figures and charts. Follows the sidebar's owner filter and the Clients page's
trust settings. Names, companies and prospects are shown literally (escaped HTML, st.text).
"""

from collections.abc import Callable

import streamlit as st

from refdash.model import decision
from refdash.ui import (
    computed,
    download_csv,
    filtered_portfolio,
    fmt_number,
    fmt_percent,
    kpi_metric,
    lang,
    page_header,
    portfolio_or_stop,
    selected_owners,
    t,
    tn,
    trust_report,
    trust_settings,
)
from refdash.ui.outcomes import last_click, outcome_buttons
from refdash.ui.widgets import no_evidence_notice
from refdash.ui.widgets import table as locale_table
from refdash.views import portfolio as presenter
from refdash.views import worklist as wl_view
from refdash.views.worklist import Entry

ASK_KEY, ASK_PARAM = wl_view.LIMIT_KEY, wl_view.LIMIT_PARAM  # the list length's widget, URL


# --------------------------------------------------------------------------- the list

def entry_rows(entries: tuple[Entry, ...], with_action: bool) -> None:
    # An ask has one button; the answers (up to three) need more room beside the text.
    widths = [2, 1] if with_action else [5, 1]
    for e in entries:
        text_col, buttons_col = st.columns(widths, vertical_alignment="center")
        text_col.html(wl_view.row_html(e, with_action, lang()))
        with buttons_col:
            outcome_buttons(e, "wl")


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
    last_click("wl")
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
    """The same list as the CLI's ``worklist --format json|html|ics``, each file written
    when its button is clicked (written on every run, the two cost 0.3 s of each)."""
    owners = selected_owners()
    greeting = owners[0] if len(owners) == 1 else t("portfolio.worklist.team")
    st.caption(t("portfolio.worklist.downloads"))
    with st.container(horizontal=True, gap="small"):
        st.download_button(t("portfolio.worklist.json"),
                           lambda: wl_view.render_json(wl).encode(),
                           "worklist.json", "application/json", key="wl_json",
                           icon=":material/download:")
        st.download_button(t("portfolio.worklist.html"),
                           lambda: wl_view.render_html(greeting, wl).encode(), "worklist.html",
                           "text/html", key="wl_html", icon=":material/mail:")
        st.download_button(t("portfolio.worklist.ics"), calendar(wl),
                           "worklist.ics", "text/calendar", key="wl_ics",
                           icon=":material/calendar_month:")


def early_list(home: presenter.Home) -> None:
    """The early asks of the last 90 days: how many, the latest drawn, all in the CSV."""
    table, shown = home.early, home.early_shown
    st.subheader(t("clients.early_recent.title"), anchor=False)
    if table.empty:
        st.success(t("clients.early_recent.none"), icon=":material/check_circle:")
        return
    st.warning(tn("clients.early_recent.some", len(table), count=fmt_number(len(table))),
               icon=":material/warning:")
    locale_table(shown, key="early_asks", height=300)
    if len(shown) < len(table):
        st.caption(t("portfolio.early.shown", shown=fmt_number(len(shown)),
                     count=fmt_number(len(table))))
    download_csv(table, "refdash-early-asks.csv", key="early_asks_csv", lazy=True)


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
early_list(home)
