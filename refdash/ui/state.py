"""What the user chose, kept in the session and mirrored in the URL so a link shares the view:
the language, the owner filter and the trust settings. Each is read from the URL when a
session arrives (a shared link) and written back to it on every run (a page switch drops
query parameters)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from refdash import i18n
from refdash.model.trust import TrustSettings
from refdash.views import clients

LANG_KEY = "lang"
OWNERS_KEY = "owners"
#: The sidebar widgets' own keys. The choices live under LANG_KEY and OWNERS_KEY, copied
#: into the widgets on every run and out of them when the user changes one: a widget's own
#: state does not survive every rerun (a download button clicked on a page of
#: ``st.navigation`` reruns with the sidebar's widgets back at their first option, which
#: turned a French page English).
LANG_WIDGET = "lang_select"
OWNERS_WIDGET = "owners_select"
#: Session key of the chosen :class:`TrustSettings` (shared with ``clients.settings_from``).
SETTINGS_KEY = clients.SETTINGS_KEY


# --------------------------------------------------------------------------- language

def lang() -> str:
    """The language chosen in the sidebar (``en``, ``fr`` or ``it``)."""
    return i18n.normalise_language(st.session_state.get(LANG_KEY)
                                   or st.query_params.get(LANG_KEY))


def arrive_language() -> None:
    """Before the language's selectbox: on a session's first run take the language from the
    URL; on every run show the chosen one in the selectbox (see :data:`LANG_WIDGET`)."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = i18n.normalise_language(st.query_params.get(LANG_KEY))
    st.session_state[LANG_WIDGET] = st.session_state[LANG_KEY]


def language_chosen() -> None:
    """The selectbox's ``on_change``: the user chose a language."""
    st.session_state[LANG_KEY] = st.session_state[LANG_WIDGET]


def t(key: str, **fmt: object) -> str:
    """Translate ``key`` into the current language."""
    return i18n.translate(key, lang(), **fmt)


def tn(key: str, count: float, /, **fmt: object) -> str:
    """The form of plural message ``key`` for ``count`` things, in the current language."""
    return i18n.translate_plural(key, lang(), count, **fmt)


def fmt_number(value: float, decimals: int = 0) -> str:
    return i18n.format_number(value, lang(), decimals)


def fmt_percent(value: float, decimals: int = 0) -> str:
    """A share in [0, 1] as a percentage in the current language."""
    return i18n.format_percent(value, lang(), decimals)


def fmt_date(value: object) -> str:
    return i18n.format_date(value, lang())


def fmt_month(value: object) -> str:
    return i18n.format_month(value, lang())


# --------------------------------------------------------------------------- owners

def selected_owners() -> list[str]:
    """The owners chosen in the sidebar (empty: everyone)."""
    return list(st.session_state.get(OWNERS_KEY) or [])


def arrive_owners(known: Sequence[str]) -> None:
    """Before the owners' multiselect: on a session's first run take them from the URL,
    later keep only those still in the store (an owner may vanish with a write)."""
    if OWNERS_KEY not in st.session_state:
        wanted = st.query_params.get_all(OWNERS_KEY)
        st.session_state[OWNERS_KEY] = [o for o in wanted if o in known]
    else:
        st.session_state[OWNERS_KEY] = [o for o in st.session_state[OWNERS_KEY] if o in known]
    st.session_state[OWNERS_WIDGET] = list(st.session_state[OWNERS_KEY])


def owners_chosen() -> None:
    """The owners multiselect's ``on_change``: the user chose owners."""
    st.session_state[OWNERS_KEY] = list(st.session_state[OWNERS_WIDGET])


# --------------------------------------------------------------------------- trust settings

def trust_settings() -> TrustSettings:
    """The trust settings every page follows: those chosen on the Clients page, or on a
    session's first run those the URL asks for (``?threshold=0.8``), else the defaults."""
    value = st.session_state.get(SETTINGS_KEY)
    if isinstance(value, TrustSettings):
        return value
    settings = clients.settings_from_params(st.query_params.to_dict())
    st.session_state[SETTINGS_KEY] = settings
    return settings


def set_trust_settings(settings: TrustSettings) -> None:
    """Keep ``settings`` for every page of this session and in the URL."""
    st.session_state[SETTINGS_KEY] = settings
    _mirror_settings(settings)


def _mirror_settings(settings: TrustSettings) -> None:
    params = clients.settings_to_params(settings)
    for knob in clients.KNOBS:
        if knob.field in st.query_params and knob.field not in params:
            del st.query_params[knob.field]
    for name, value in params.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value


# --------------------------------------------------------------------------- the URL

def mirror_in_url() -> None:
    """Write the language, the owners and the trust settings to the URL (every run: a page
    switch drops query parameters; only settings that differ from the defaults are shown)."""
    st.query_params[LANG_KEY] = lang()
    if selected_owners():
        st.query_params[OWNERS_KEY] = selected_owners()
    elif OWNERS_KEY in st.query_params:
        del st.query_params[OWNERS_KEY]
    _mirror_settings(trust_settings())
