"""The pieces every page draws the same way: the sidebar, a page's header, the stop on an
empty view, a KPI card, a CSV download, the notice of clients without evidence, the undo
of the last write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from refdash import i18n
from refdash.data import exporting
from refdash.errors import RefdashError
from refdash.model.portfolio import Portfolio
from refdash.ui import state
from refdash.ui.cache import computed, filtered_portfolio, load_portfolio, refresh, store_path
from refdash.ui.shell import enter_shell, require_shell
from refdash.ui.state import fmt_date, fmt_number, lang, t
from refdash.views import evidence
from refdash.views.portfolio import Kpi

#: The language selectbox's label, the same in every language: a changed label would make a
#: new widget (and reset it), and a reader lost in a foreign language still finds it.
LANGUAGE_LABEL = "Language · Langue · Lingua"


def sidebar() -> Portfolio:
    """Language, owner filter and store badge (``app.py``, before the page); the choices,
    and the trust settings, are read from the URL on arrival and mirrored in it."""
    enter_shell()
    state.arrive_language()
    with st.sidebar:
        st.selectbox(LANGUAGE_LABEL, tuple(i18n.LANGUAGES), key=state.LANG_WIDGET,
                     on_change=state.language_chosen,
                     format_func=lambda code: i18n.LANGUAGE_NAMES[code])
    portfolio = load_portfolio()
    state.arrive_owners(portfolio.owners)
    with st.sidebar:
        st.multiselect(
            t("common.owners"), portfolio.owners, key=state.OWNERS_WIDGET,
            on_change=state.owners_chosen,
            placeholder=t("common.all_owners"), help=t("common.owners_help"),
            # Its "Select all" is English only; none chosen already means every owner.
            select_all=False,
        )
        if portfolio.is_demo:
            st.info(t("common.demo_badge", clients=fmt_number(len(portfolio.clients))),
                    icon=":material/science:")
        st.caption(t("common.as_of", date=fmt_date(portfolio.as_of)))
        st.caption(t("common.store", path=str(store_path())))
    state.mirror_in_url()
    return portfolio


def page_header(area: str) -> None:
    """What every page starts with: run inside ``app.py`` (:func:`require_shell`), then the
    title and the introduction of ``area`` (``{area}.title``, ``{area}.intro``)."""
    require_shell()
    st.title(t(f"{area}.title"))
    st.caption(t(f"{area}.intro"))


def portfolio_or_stop() -> Portfolio:
    """The portfolio the sidebar's filter selects; with no client in it, say where clients
    come from and stop the page there."""
    view = filtered_portfolio()
    if view.clients.empty:
        st.info(t("common.empty"))
        st.stop()
    return view


def download_csv(frame: pd.DataFrame, file_name: str, key: str | None = None,
                 lazy: bool = False) -> None:
    """A download button for what the user sees, as UTF-8 CSV with a BOM (opens in Excel):
    in French and Italian with ``;`` between cells and the decimal comma, Yes/No words and
    day/month/year dates (:func:`refdash.i18n.csv_table`), so Excel of that locale opens
    columns and numbers right; in English as before. ``lazy``: write the CSV only when the
    button is clicked (large tables: no cost per rerun)."""
    language = lang()

    def data() -> bytes:
        sep, decimal = i18n.csv_format(language)
        # spreadsheet-safe (no live formula) whatever the separator
        return exporting.csv_bytes(i18n.csv_table(frame, language), sep=sep, decimal=decimal)

    st.download_button(
        t("common.download_csv"), data if lazy else data(),
        file_name=file_name, mime="text/csv", icon=":material/download:", key=key,
    )


def kpi_metric(container: DeltaGenerator, kpi: Kpi, prefix: str) -> None:
    """An ``st.metric`` for a :class:`~refdash.views.portfolio.Kpi`: label and help from
    ``{prefix}.{key}`` and ``{prefix}.{key}.help``; rates as percentages, their deltas in
    percentage points; '–' where a figure has no meaning yet."""
    value, delta = i18n.format_kpi(kpi.value, kpi.delta, kpi.kind, lang())
    container.metric(t(f"{prefix}.{kpi.key}"), value, delta,
                     help=t(f"{prefix}.{kpi.key}.help"), border=True)


def no_evidence_notice() -> None:
    """How many active clients of the filtered portfolio have no evidence yet (their trust
    cannot leave 0.50) and what to import for them, with a link to the Data page; nothing
    when all of them have some."""
    text = evidence.notice(computed(evidence.without_evidence), lang())
    if text is None:
        return
    with st.container(key="no_evidence"):
        st.info(text, icon=":material/search_off:")
        st.page_link("pages/data.py", label=t("evidence.go_data"), icon=":material/upload:")


def table(frame: pd.DataFrame, key: str, kinds: dict[str, str] | None = None,
          **options: Any) -> None:
    """``st.dataframe`` of ``frame`` written in the current language
    (:func:`refdash.i18n.format_table`: numbers with the locale's marks, Yes/No words, dates
    in the language's one style, ``–`` for a missing figure); ``options`` go to st.dataframe
    (``hide_index`` defaults to True, ``width`` to ``"stretch"``)."""
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    st.dataframe(i18n.format_table(frame, lang(), kinds), key=key, **options)


def remember_written(prefix: str, written: object, done: str, undone: str) -> None:
    """Keep the session's last write under ``prefix`` (what :func:`written_with_undo` takes
    back) with the sentence that says it was done and the one said once it is undone."""
    st.session_state[f"{prefix}_written"] = written
    st.session_state[f"{prefix}_done"] = done
    st.session_state[f"{prefix}_undone_text"] = undone


def last_written(prefix: str) -> Any:
    """The session's last write under ``prefix``, or None (none, or undone)."""
    return st.session_state.get(f"{prefix}_written")


def written_with_undo(prefix: str, label: str, take_back: Callable[[Any], None]) -> None:
    """What was just written, and the button (key ``<prefix>_undo``) that takes it back;
    after the undo, the sentence that says so. The write is forgotten before it is taken
    back, so a second click finds no button; a refusal is shown and stays on screen."""
    session = st.session_state
    undone = session.pop(f"{prefix}_undone", None)
    if undone:
        st.info(undone, icon=":material/undo:")
    written, done = session.get(f"{prefix}_written"), session.get(f"{prefix}_done")
    if written is None or not done:
        return
    st.success(done, icon=":material/task_alt:")
    if not st.button(label, key=f"{prefix}_undo", icon=":material/undo:"):
        return
    for key in ("written", "done"):
        session.pop(f"{prefix}_{key}", None)
    try:
        take_back(written)
    except RefdashError as exc:
        st.error(exc.markdown_message(lang()), icon=":material/error:")
        return
    refresh()
    session[f"{prefix}_undone"] = session.pop(f"{prefix}_undone_text", "")
    st.rerun(scope="app")
