"""Names, companies and owners are shown as typed on the pages: never a heading, bold, colour,
formula or link (Streamlit renders markdown in subheaders, captions, alerts and labels)."""

from __future__ import annotations

import re
import sqlite3

from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from refdash.errors import RefdashError
from refdash.i18n import literal
from tests.conftest import APP

MARKDOWN_NAME = "# **Boss** :red[x] $x^2$ [site](https://evil.example) <b>hi</b>"


@given(st.text())
def test_literal_text_has_every_punctuation_mark_escaped_and_keeps_the_words(text):
    shown = literal(text)
    unescaped = re.sub(r"\\([!-/:-@\[-`{-~])", "", shown)
    assert not re.search(r"[!-/:-@\[-`{-~]", unescaped)   # nothing markdown could act on
    assert "\n" not in shown
    assert re.sub(r"\\(.)", r"\1", shown) == re.sub(
        "[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]", "", " ".join(text.split()))


def test_right_to_left_overrides_cannot_make_a_name_lie():
    assert literal("Invoice\u202egpj.exe") == "Invoice" + literal("gpj.exe")


def test_a_client_named_in_markdown_is_shown_as_typed_on_the_clients_page(app_env):
    with sqlite3.connect(app_env) as db:
        client_id = db.execute("SELECT min(id) FROM clients").fetchone()[0]
        db.execute("UPDATE clients SET name = ?, company = ?, owner = owner WHERE id = ?",
                   (MARKDOWN_NAME, "*Acme* `rm`", client_id))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["clients_pick"] = client_id
    at.run()
    at.switch_page("pages/clients.py").run()
    assert not at.exception, at.exception
    assert literal(MARKDOWN_NAME) in [h.value for h in at.subheader]
    assert literal("*Acme* `rm`") in [c.value for c in at.caption]


def test_an_error_shown_in_markdown_quotes_the_users_values_as_typed():
    """A header or a file name the user wrote (``**Email**``, a link) is quoted literally
    by an alert (``st.error`` renders markdown), never bold, never a live link."""
    exc = RefdashError("import.similar_headers", file="[x](http://evil)", first="**Email**",
                       second="email ")
    shown = exc.markdown_message("fr")
    assert literal("**Email**") in shown and "**Email**" not in shown
    assert literal("[x](http://evil)") in shown and "](http://evil)" not in shown
    assert exc.message("fr").count("**Email**") == 1  # plain text keeps it unescaped
