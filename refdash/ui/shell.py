"""The app shell: every page runs inside ``app.py`` (its sidebar, language and owner filter).

This is the one module of refdash that touches Streamlit's internals (``streamlit.runtime``):
keep it that way, so a Streamlit upgrade that breaks it breaks one function, which
``tests/test_browser_shell.py`` (a deep link opened first on a fresh server) catches.
"""

from __future__ import annotations

import streamlit as st

#: Session key set by ``app.py``'s sidebar: this session's runs go through the shell.
SHELL_KEY = "_refdash_shell_ran"


def enter_shell() -> None:
    """Called by ``app.py`` before the page: the page then knows it runs inside the shell."""
    st.session_state[SHELL_KEY] = True


def require_shell() -> None:
    """Every page calls this first: it makes sure the page runs inside ``app.py``.

    Streamlit starts in its old ``pages/``-folder mode until ``app.py`` first calls
    ``st.navigation``; a deep link (``/segments``) opened first on a fresh server would run the
    page alone, without sidebar, language or owner filter. Leave that mode and run again: the
    same URL then goes through ``app.py`` to the page asked for, query parameters included.
    """
    if st.session_state.get(SHELL_KEY):
        return
    # Private API (no public switch exists): the only import of Streamlit internals in refdash.
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()
