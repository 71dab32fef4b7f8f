"""Issue 11: a client's event corrected or deleted from the client's view, with undo; the
checks (entry.* codes, three languages) come before any write."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from refdash.data import importing, store
from refdash.errors import RefdashError
from refdash.model import portfolio, trust
from refdash.views import event_edit
from tests.conftest import APP

FIXTURES = Path(__file__).parent / "fixtures" / "crm"
AS_OF = "2025-06-30"


@pytest.fixture
def hubspot(tmp_path) -> Path:
    """A store with HubSpot's contacts, tasks and NPS answers (one client ready)."""
    path = tmp_path / "store.db"
    store.create_store(path)
    importing.import_file(path, FIXTURES / "hubspot_contacts.csv", "clients", as_of=AS_OF)
    for name in ("hubspot_tasks.csv", "hubspot_feedback_submissions.csv"):
        importing.import_file(path, FIXTURES / name, "activities", as_of=AS_OF)
    return path


def _p(path: Path) -> portfolio.Portfolio:
    return portfolio.load(path, as_of=AS_OF)


def _who(p: portfolio.Portfolio, local: str) -> int:
    emails = p.clients.set_index("id")["email"].str.split("@").str[0]
    return int(emails[emails == local].index[0])


def _fields(row: pd.Series, **changes) -> dict:
    fields = {"client_id": int(row["client_id"]), "date": row["date"], "kind": row["kind"],
              "score": None if pd.isna(row["score"]) else float(row["score"]),
              "note": row["note"]}
    return {**fields, **changes}


@pytest.mark.parametrize(("changes", "code"), [
    ({"date": "2025-07-01"}, "entry.future"),
    ({"kind": "hug"}, "entry.kind"),
    ({"kind": "satisfaction", "score": 11.0}, "entry.score"),
    ({"kind": "satisfaction", "score": None}, "entry.score"),
    ({"client_id": 999_999}, "entry.unknown_client"),
    ({"date": "not a date"}, "entry.bad_date"),
])
def test_a_wrong_change_is_refused_before_anything_is_written(hubspot, changes, code):
    p = _p(hubspot)
    row = p.events.iloc[0]
    before = store.dump_checksum(hubspot)
    with pytest.raises(RefdashError) as err:
        event_edit.edit(hubspot, p, int(row["id"]), **_fields(row, **changes))
    assert err.value.code == code
    texts = {lang: err.value.message(lang) for lang in ("en", "fr", "it")}
    assert len(set(texts.values())) == 3 and all(texts.values())
    assert store.dump_checksum(hubspot) == before


def test_today_is_allowed_and_a_score_goes_only_with_satisfaction(hubspot):
    p = _p(hubspot)
    row = p.events[p.events["kind"] == "promise_kept"].iloc[0]
    ok = event_edit.checked(p, **_fields(row, date=AS_OF, score=7.0))
    assert ok["date"] == AS_OF and ok["score"] is None


def test_a_broken_promise_on_the_wrong_client_moved_then_undone(hubspot):
    p = _p(hubspot)
    late, ready = _who(p, "late"), _who(p, "ready")
    before = store.dump_checksum(hubspot)
    status = trust.client_status(p)
    assert not status.loc[late, "ready"] and status.loc[ready, "ready"]
    broken = p.events[(p.events["client_id"] == late) & (p.events["kind"] == "promise_broken")]
    changes = [event_edit.edit(hubspot, p, int(r["id"]), **_fields(r, client_id=ready))
               for _, r in broken.iterrows()]
    status = trust.client_status(_p(hubspot))
    # The trajectory follows: the promises broken now count against the other client.
    assert status.loc[ready, "reason"] == "broken_promise"
    assert status.loc[late, "reason"] != "broken_promise"
    for change in reversed(changes):
        event_edit.undo(hubspot, change)
    assert store.dump_checksum(hubspot) == before


def test_a_duplicate_deleted_then_undone_is_the_very_row(hubspot):
    p = _p(hubspot)
    row = p.events.iloc[3]
    stored = store.read_event(hubspot, int(row["id"]))
    before = store.dump_checksum(hubspot)
    change = event_edit.delete(hubspot, int(row["id"]))
    assert store.read_event(hubspot, int(row["id"])) is None
    assert len(store.read_events(hubspot)) == len(p.events) - 1
    with pytest.raises(RefdashError) as err:  # a second click: nothing there any more
        event_edit.delete(hubspot, int(row["id"]))
    assert err.value.code == "entry.event_gone"
    event_edit.undo(hubspot, change)
    assert store.read_event(hubspot, int(row["id"])) == stored
    assert store.dump_checksum(hubspot) == before
    # An imported event keeps its CRM id: the page says a re-import writes it back.
    assert stored["external_id"].startswith("hubspot:")
    assert "hubspot:" in (event_edit.imported_note(stored, "en") or "")


def test_an_edit_of_an_event_removed_meanwhile_is_refused(hubspot):
    p = _p(hubspot)
    row = p.events.iloc[0]
    store.remove_event(hubspot, int(row["id"]))
    with pytest.raises(RefdashError) as err:
        event_edit.edit(hubspot, p, int(row["id"]), **_fields(row, note="x"))
    assert err.value.code == "entry.event_gone"


# --------------------------------------------------------------------------- the page

def _clients_page(monkeypatch, path: Path, client_id: int) -> AppTest:
    monkeypatch.setenv("REFDASH_DB", str(path))
    monkeypatch.setenv("REFDASH_AS_OF", AS_OF)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/clients.py").run()
    at.selectbox(key="clients_pick").set_value(client_id).run()
    # The editor's pickers exist only once asked for.
    assert not [s for s in at.selectbox if str(s.key).startswith("clients_ev")]
    at.toggle(key="clients_ev_open").set_value(True).run()
    assert not at.exception
    return at


def test_the_clients_page_changes_a_date_and_undoes_it(monkeypatch, hubspot):
    p = _p(hubspot)
    ready = _who(p, "ready")
    before = store.dump_checksum(hubspot)
    at = _clients_page(monkeypatch, hubspot, ready)
    eid = at.selectbox(key=f"clients_ev_pick_{ready}").value
    at.date_input(key=f"clients_ev_date_{eid}").set_value(pd.Timestamp("2025-01-15").date())
    at.button(key=f"clients_ev_save_{eid}").click().run()
    assert not at.exception
    assert store.read_event(hubspot, eid)["date"] == "2025-01-15"
    assert any("changed" in s.value for s in at.success)
    at.button(key="clients_ev_undo").click().run()
    assert not at.exception
    assert store.dump_checksum(hubspot) == before
    assert any("Undone" in i.value for i in at.info)


def test_the_clients_page_corrects_and_deletes_and_the_headline_follows(monkeypatch, hubspot):
    p = _p(hubspot)
    ready = _who(p, "ready")
    at = _clients_page(monkeypatch, hubspot, ready)
    assert at.metric[0].value == "1"  # one client ready
    # The newest "kept" promise was in fact broken: the client is not ready any more.
    eid = max(_event_ids(hubspot, ready, "promise_kept"))
    at.selectbox(key=f"clients_ev_pick_{ready}").set_value(eid).run()
    at.selectbox(key=f"clients_ev_kind_{eid}").set_value("promise_broken")
    at.button(key=f"clients_ev_save_{eid}").click().run()
    assert not at.exception
    assert store.read_event(hubspot, eid)["kind"] == "promise_broken"
    assert at.metric[0].value == "0"
    assert not trust.client_status(_p(hubspot)).loc[ready, "ready"]
    # Logged twice after all: deleted, the client is ready again at once.
    at.button(key=f"clients_ev_delete_{eid}").click().run()
    assert not at.exception and store.read_event(hubspot, eid) is None
    assert at.metric[0].value == "1"
    assert any("deleted" in s.value for s in at.success)


def _event_ids(path: Path, client_id: int, kind: str) -> list[int]:
    ev = store.read_events(path)
    return ev[(ev["client_id"] == client_id) & (ev["kind"] == kind)]["id"].tolist()
