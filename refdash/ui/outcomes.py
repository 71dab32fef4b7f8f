"""The outcome of a worklist entry in one click, on the Portfolio and on a client's view.

Each button writes one row through :mod:`refdash.data.outcomes` with a token drawn once per
session, client, outcome and day: a double click or a rerun carries the same idempotency key and
writes nothing more. The last click of the session can be undone from either page.
"""

from __future__ import annotations

import streamlit as st

from refdash.data import outcomes
from refdash.errors import RefdashError
from refdash.ui.cache import as_of, refresh, store_path
from refdash.ui.state import lang, t
from refdash.views.worklist import Entry

TOKENS_KEY = "wl_tokens"  # one token per shown button: a double click writes one row
LAST_KEY = "wl_last"  # (external id, outcome label, client name) of the last click
ERROR_KEY = "wl_error"
RECORDED_KEY = "wl_recorded"  # set by a click: a page drawn in a fragment reruns whole


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
    st.session_state[RECORDED_KEY] = True
    refresh()


def undo() -> None:
    """Callback of the undo button: remove the row of the last click of this session."""
    last = st.session_state.pop(LAST_KEY, None)
    if last is not None:
        outcomes.undo(store_path(), last[0])
        st.session_state[RECORDED_KEY] = True
        refresh()


def outcome_buttons(e: Entry, prefix: str) -> None:
    """The entry's one-click outcomes; "Referred" asks for the prospect's name first.
    ``prefix`` keeps each page's widget keys apart (the same client may show on both)."""
    with st.container(horizontal=True, gap="small", horizontal_alignment="right"):
        for outcome, label in zip(e.outcomes, e.outcome_labels, strict=True):
            key = f"{prefix}_{e.client_id}_{outcome}"
            if outcome == "referred":
                with (st.popover(t("portfolio.worklist.referred")),
                      st.form(f"{key}_form", border=False)):
                    st.text_input(t("worklist.prospect_label"), key=f"{key}_name")
                    # An explicit key: the derived one ("FormSubmitter:<form>-<label>") came
                    # out without the form's id under concurrent first runs, so two clients'
                    # buttons collided (StreamlitDuplicateElementKey).
                    st.form_submit_button(t("portfolio.worklist.save"), on_click=record,
                                          args=(e, outcome, label, f"{key}_name"),
                                          key=f"{key}_save")
            else:
                st.button(label, key=key, on_click=record, args=(e, outcome, label),
                          type="primary" if outcome == "asked" else "secondary")


def last_click(prefix: str) -> bool:
    """What the last click recorded (on any page), and the button that takes it back.
    True right after a click or an undo (a page drawn in a fragment then reruns whole)."""
    just_now = bool(st.session_state.pop(RECORDED_KEY, False))
    if ERROR_KEY in st.session_state:
        st.error(st.session_state.pop(ERROR_KEY), icon=":material/error:")
    last = st.session_state.get(LAST_KEY)
    if last is None:
        return just_now
    _, label, name = last
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.caption(t("portfolio.worklist.recorded", outcome=label))
        st.text(name)
        st.button(t("portfolio.worklist.undo", outcome=label), key=f"{prefix}_undo",
                  on_click=undo, icon=":material/undo:")
    return just_now
