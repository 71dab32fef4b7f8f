"""The small Streamlit helpers module: the only place besides ``pages/`` that imports
streamlit. Language, owner filter (kept in the URL), store path, cached reads, formatting."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from refdash import i18n
from refdash.data import demo, store
from refdash.model.portfolio import Kpi, Portfolio, load

LANG_KEY = "lang"
SHELL_KEY = "_refdash_shell_ran"
LANGUAGE_LABEL = "Language · Langue · Lingua"
OWNERS_KEY = "owners"
T = TypeVar("T")


def lang() -> str:
    """The language chosen in the sidebar (``en``, ``fr`` or ``it``)."""
    return i18n.normalise_language(st.session_state.get(LANG_KEY)
                                   or st.query_params.get(LANG_KEY))


def t(key: str, **fmt: object) -> str:
    """Translate ``key`` into the current language."""
    return i18n.translate(key, lang(), **fmt)


def fmt_number(value: float, decimals: int = 0) -> str:
    return i18n.format_number(value, lang(), decimals)


def fmt_percent(value: float, decimals: int = 0) -> str:
    return i18n.format_percent(value, lang(), decimals)


def fmt_date(value: object) -> str:
    return i18n.format_date(value, lang())


def fmt_month(value: object) -> str:
    return i18n.format_month(value, lang())


def store_path() -> Path:
    """``--db PATH`` after ``streamlit run app.py --``, else ``$REFDASH_DB``, else
    ``data/refdash.db``."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return Path(args.db) if args.db else store.default_store_path()


def as_of() -> pd.Timestamp:
    """The analysis date: today, or ``$REFDASH_AS_OF`` (for reproducible screenshots/tests)."""
    return pd.Timestamp(os.environ.get("REFDASH_AS_OF") or pd.Timestamp.today()).normalize()


@st.cache_data(show_spinner=False, max_entries=4)
def _read_portfolio(path: str, signature: tuple, as_of_iso: str) -> Portfolio:
    # ``signature`` is only part of the cache key: a write to the store changes it.
    del signature
    return load(path, as_of=as_of_iso)


def ensure_store() -> Path:
    """The store path, with a demo portfolio generated there on first run. Stops the page
    with a clear message when the file cannot be opened."""
    path = store_path()
    try:
        if not path.exists():
            with st.spinner(t("common.creating_demo")):
                demo.write_demo_store(path, n_clients=500, seed=7, as_of=as_of())
        store.migrate(path)
    except (store.StoreError, OSError) as exc:
        st.error(t("common.store_error", error=str(exc)), icon=":material/error:")
        st.stop()
    return path


#: Session key of the portfolio this session last read (and its owner-filtered view).
_HELD_KEY = "_refdash_portfolio"


def load_portfolio() -> Portfolio:
    """The whole store as a :class:`Portfolio`, cached until the store file changes.

    ``st.cache_data`` hands out a fresh copy on every hit (0.1 s for a 100,000-client store)
    and a run asks several times (sidebar, page, computations): the session keeps the copy it
    got until the store's signature or the date changes.
    """
    path = ensure_store()
    key = (str(path), store.store_signature(path), as_of().isoformat())
    held = st.session_state.get(_HELD_KEY)
    if held is None or held["key"] != key:
        held = {"key": key, "portfolio": _read_portfolio(*key), "views": {}}
        st.session_state[_HELD_KEY] = held
    return held["portfolio"]


def refresh() -> None:
    """Forget cached reads (after a write)."""
    _read_portfolio.clear()
    _computed.clear()
    st.session_state.pop(_HELD_KEY, None)


def selected_owners() -> list[str]:
    """The owners chosen in the sidebar (empty: everyone)."""
    return list(st.session_state.get(OWNERS_KEY) or [])


def filtered_portfolio() -> Portfolio:
    """The cached portfolio narrowed to the owners chosen in the sidebar (filtered once per
    store version and choice of owners)."""
    whole = load_portfolio()
    owners = tuple(sorted(selected_owners()))
    views = st.session_state[_HELD_KEY]["views"]
    if owners not in views:
        views.clear()  # only the current choice is worth keeping
        views[owners] = whole.for_owners(list(owners))
    return views[owners]


@st.cache_resource(show_spinner=False, max_entries=16)
def _computed(name: str, path: str, signature: tuple, as_of_iso: str, owners: tuple[str, ...],
              _view: Portfolio, _compute: Callable[[Portfolio], object]) -> object:
    # ``name``, the store version, the date and the owners are the key; the view and the
    # function are not hashed. Results are shared between sessions: never mutate them.
    del signature
    return _compute(_view)


def computed(name: str, compute: Callable[[Portfolio], T]) -> T:
    """``compute(filtered_portfolio())``, computed once per store version, date and owner
    filter (``name`` identifies the computation, e.g. ``"segments.overview"``)."""
    path = ensure_store()
    owners = tuple(sorted(selected_owners()))
    return _computed(name, str(path), store.store_signature(path), as_of().isoformat(), owners,
                     filtered_portfolio(), compute)  # type: ignore[return-value]


def require_shell() -> None:
    """Every page calls this first: it makes sure the page runs inside ``app.py``.

    Streamlit starts in its old ``pages/``-folder mode until ``app.py`` first calls
    ``st.navigation``; a deep link (``/segments``) opened first on a fresh server would run the
    page alone, without sidebar, language or owner filter. Leave that mode and run again: the
    same URL then goes through ``app.py`` to the page asked for, query parameters included.
    """
    if st.session_state.get(SHELL_KEY):
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


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


def sidebar() -> Portfolio:
    """Language, owner filter and store badge; the choices are mirrored in the URL."""
    st.session_state[SHELL_KEY] = True
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = i18n.normalise_language(st.query_params.get(LANG_KEY))
    with st.sidebar:
        # The label stays the same in every language: a changed label would make a new
        # widget (and reset it), and a reader lost in a foreign language still finds it.
        st.selectbox(
            LANGUAGE_LABEL, list(i18n.LANGUAGES), key=LANG_KEY,
            format_func=i18n.LANGUAGE_NAMES.get,
        )
    portfolio = load_portfolio()
    owners = portfolio.owners
    if OWNERS_KEY not in st.session_state:
        wanted = st.query_params.get_all(OWNERS_KEY)
        st.session_state[OWNERS_KEY] = [o for o in wanted if o in owners]
    else:
        st.session_state[OWNERS_KEY] = [o for o in st.session_state[OWNERS_KEY] if o in owners]
    with st.sidebar:
        st.multiselect(
            t("common.owners"), owners, key=OWNERS_KEY, placeholder=t("common.all_owners"),
            help=t("common.owners_help"),
        )
        if portfolio.is_demo:
            st.info(t("common.demo_badge", clients=fmt_number(len(portfolio.clients))),
                    icon=":material/science:")
        st.caption(t("common.as_of", date=fmt_date(portfolio.as_of)))
        st.caption(t("common.store", path=str(store_path())))
    # Mirror the choices in the URL on every run (page switches drop query parameters).
    st.query_params[LANG_KEY] = lang()
    if selected_owners():
        st.query_params[OWNERS_KEY] = selected_owners()
    elif OWNERS_KEY in st.query_params:
        del st.query_params[OWNERS_KEY]
    return portfolio


def download_csv(frame: pd.DataFrame, file_name: str, key: str | None = None,
                 lazy: bool = False) -> None:
    """A download button for what the user sees, as UTF-8 CSV with a BOM (opens in Excel).
    ``lazy``: write the CSV only when the button is clicked (large tables: no cost per rerun)."""
    def data() -> bytes:
        return frame.to_csv(index=False).encode("utf-8-sig")

    st.download_button(
        t("common.download_csv"), data if lazy else data(),
        file_name=file_name, mime="text/csv", icon=":material/download:", key=key,
    )


def kpi_metric(container: object, kpi: Kpi, prefix: str) -> None:
    """An ``st.metric`` for a :class:`~refdash.model.portfolio.Kpi`: label and help from
    ``{prefix}.{key}`` and ``{prefix}.{key}.help``; rates as percentages, their deltas in
    percentage points; '–' where a figure has no meaning yet."""
    value, delta = i18n.format_kpi(kpi.value, kpi.delta, kpi.kind, lang())
    container.metric(t(f"{prefix}.{kpi.key}"), value, delta,  # type: ignore[attr-defined]
                     help=t(f"{prefix}.{kpi.key}.help"), border=True)
