"""Issue 10 items 6 and 4 on the Data page: a submission is saved once (the form clears, a
repeat within minutes is refused, the last entry can be undone), and user text (names,
file names, headers, values in errors) is shown literally in markdown elements."""

from __future__ import annotations

import sqlite3

import pytest

from refdash import i18n
from refdash.data import importing, store
from refdash.errors import RefdashError
from refdash.views import data as view
from refdash.views import entry
from tests.conftest import AS_OF
from tests.test_data_page import data_page, pick_client

HOSTILE = "# **Boss** [click](https://evil.example) $x^2$ :red[alert]"


def meetings(db, client_id: int) -> int:
    ev = store.read_events(db)
    return int((ev["client_id"].eq(client_id) & ev["kind"].eq("meeting")).sum())


def test_log_once_refuses_a_repeat_within_the_window_and_undo_removes_it(demo_db):
    cid, _ = pick_client(demo_db, ready=True)
    before = meetings(demo_db, cid)
    values = dict(client_id=cid, what="meeting", date=AS_OF, as_of=AS_OF, note=" call ")
    first = entry.log_once(demo_db, None, now=1000.0, **values)
    with pytest.raises(RefdashError) as err:
        entry.log_once(demo_db, first, now=1000.0 + 5, **values)
    assert err.value.code == "entry.repeat"
    assert meetings(demo_db, cid) == before + 1
    other = entry.log_once(demo_db, first, now=1010.0, **{**values, "note": "another call"})
    later = entry.log_once(demo_db, other, now=1010.0 + entry.REPEAT_WINDOW_S + 1, **{
        **values, "note": "another call"})
    assert meetings(demo_db, cid) == before + 3
    entry.undo(demo_db, later)
    assert meetings(demo_db, cid) == before + 2
    with pytest.raises(RefdashError) as err:
        entry.undo(demo_db, later)
    assert err.value.code == "entry.undo_gone"


def test_save_clears_the_form_a_second_click_logs_nothing_and_undo_takes_it_back(app_env):
    cid, _ = pick_client(app_env, ready=True)
    before = meetings(app_env, cid)
    at = data_page()
    at.selectbox(key="data_log_client").set_value(cid).run()
    at.selectbox(key="data_log_what").set_value("meeting").run()
    at.text_input(key="data_log_note").input("Lunch").run()
    at.button(key="data_log_save").click().run()
    assert not at.exception, at.exception
    assert any("Saved: Meeting" in s.value for s in at.success)
    assert at.text_input(key="data_log_note").value == ""          # the form is cleared
    assert meetings(app_env, cid) == before + 1
    at.text_input(key="data_log_note").input("Lunch").run()          # the same entry again
    at.button(key="data_log_save").click().run()
    assert any("Not saved again" in e.value for e in at.error), [e.value for e in at.error]
    assert meetings(app_env, cid) == before + 1
    at.button(key="data_log_undo").click().run()
    assert not at.exception
    assert any("Removed: Meeting" in i.value for i in at.info)
    assert meetings(app_env, cid) == before


def test_an_early_ask_needs_a_new_confirmation_after_a_save(app_env):
    cid, _ = pick_client(app_env, ready=False)
    at = data_page()
    at.selectbox(key="data_log_client").set_value(cid).run()
    at.selectbox(key="data_log_what").set_value("referral_ask").run()
    at.checkbox(key="data_log_confirm").check().run()
    at.button(key="data_log_save").click().run()
    assert not at.exception
    assert not at.checkbox(key="data_log_confirm").value
    assert at.button(key="data_log_save").disabled


def test_added_client_name_is_shown_literally(app_env):
    at = data_page()
    at.text_input(key="data_client_name").input(HOSTILE)
    owner = str(store.read_clients(app_env)["owner"].iloc[0])
    at.selectbox(key="data_client_owner").set_value(owner)
    at.button(key="data_client_save").click().run()
    assert not at.exception, at.exception
    shown = [s.value for s in at.success]
    assert any(i18n.literal(HOSTILE) in s for s in shown), shown
    assert not any("[click](https" in s for s in shown)


def test_not_ready_warning_shows_the_name_literally(app_env):
    cid, _ = pick_client(app_env, ready=False)
    with sqlite3.connect(app_env) as conn:
        conn.execute("UPDATE clients SET name = ? WHERE id = ?", (HOSTILE, cid))
    at = data_page()
    at.selectbox(key="data_log_client").set_value(cid).run()
    at.selectbox(key="data_log_what").set_value("referral_ask").run()
    warnings = [w.value for w in at.warning]
    assert any(i18n.literal(HOSTILE) in w for w in warnings), warnings


def test_import_messages_show_file_names_headers_and_values_literally():
    data = (f'id,name,owner,start_date,"{HOSTILE}"\nc1,Ann,Bo,2025-01-01,x\n').encode()
    table = importing.read_table(data, "**evil**[x](http://e).csv")
    assert "\\*\\*evil\\*\\*" in view.read_caption(table, "en")
    mapping = {**importing.suggest_mapping(table.headers, "clients"), HOSTILE: importing.KEEP}
    prepared = importing.prepare(table, "clients", mapping, as_of=AS_OF)
    captions = " ".join(view.check_view(prepared, mapping, "en").captions)
    assert i18n.literal(HOSTILE) in captions and "[click](https" not in captions
    counts = store.ImportCounts(kind="clients", added=1, updated=0, unchanged=0)
    done = view.done_message(counts, table.file_name, 0, "en")
    assert "[x](http" not in done
    err = RefdashError("entry.external_id", value="[x](http://e)")
    assert "[x](http" not in view.error_text(err, "en")
    assert "x" in view.error_text(err, "en")
