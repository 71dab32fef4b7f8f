"""The Data page's clean start: remove the demo clients, or start an empty store.

Each is a confirmation box ticked, then a button; the store is backed up first
(:mod:`refdash.data.cleanup`). A double click writes once: the second run finds nothing to
remove (the data layer is idempotent) and the box is unticked after a removal, which
disables the button. The sidebar's demo badge goes with the demo flag.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from refdash.data import cleanup
from refdash.errors import RefdashError
from refdash.i18n import literal
from refdash.ui.cache import refresh
from refdash.ui.state import fmt_number, lang, t

_DONE = "cleanup_done"
_CONFIRM_DEMO, _CONFIRM_EMPTY = "cleanup_confirm_demo", "cleanup_confirm_empty"


def _run(action, path: Path) -> None:
    """Run ``action`` (a :mod:`refdash.data.cleanup` function) and say what it did."""
    try:
        done = action(path)
    except RefdashError as exc:
        st.error(t("cleanup.failed", error=literal(exc.message(lang()))), icon=":material/error:")
        return
    if done is None:
        # A repeat (double click) finds nothing to do: keep the first run's message.
        st.session_state.setdefault(_DONE, t("cleanup.nothing"))
    else:
        st.session_state[_DONE] = t(
            "cleanup.done", clients=fmt_number(done.clients), events=fmt_number(done.events),
            referrals=fmt_number(done.referrals),
            backup=literal(str(done.backup) if done.backup else "–"))
    for key in (_CONFIRM_DEMO, _CONFIRM_EMPTY):
        st.session_state.pop(key, None)
    refresh()
    st.rerun()


def clean_start_section(path: Path) -> None:
    """The expander with both ways to start clean (its title names the demo clients)."""
    try:
        state = cleanup.demo_state(path)
    except RefdashError as exc:
        st.error(literal(exc.message(lang())), icon=":material/error:")
        return
    done = st.session_state.pop(_DONE, None)
    if done:
        st.success(done, icon=":material/cleaning_services:")
    # Closed: an open box would push the import's mapping down the first screen. Its title
    # says what is inside while the store holds demo clients.
    title = (t("cleanup.title_demo", count=fmt_number(state.demo_clients))
             if state.demo_clients else t("cleanup.title"))
    with st.expander(title, icon=":material/cleaning_services:"):
        if state.demo_clients:
            st.caption(t("cleanup.demo_intro", demo=fmt_number(state.demo_clients),
                         own=fmt_number(state.own_clients)))
            sure = st.checkbox(t("cleanup.confirm_demo", count=fmt_number(state.demo_clients)),
                               key=_CONFIRM_DEMO)
            if st.button(t("cleanup.remove_demo"), type="primary", disabled=not sure,
                         key="cleanup_remove_demo", icon=":material/delete_sweep:"):
                _run(cleanup.remove_demo_clients, path)
        total = state.demo_clients + state.own_clients
        st.caption(t("cleanup.empty_intro",
                     folder=literal(str(cleanup.backup_path(path, "x").parent))))
        sure_empty = st.checkbox(t("cleanup.confirm_empty", count=fmt_number(total)),
                                 key=_CONFIRM_EMPTY, disabled=not total)
        if st.button(t("cleanup.start_empty"), disabled=not (sure_empty and total),
                     key="cleanup_start_empty", icon=":material/restart_alt:"):
            _run(cleanup.start_empty, path)
