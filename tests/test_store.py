"""The client store: round trips, refusals with clear messages, migrations, foreign files."""

from __future__ import annotations

import hashlib
import sqlite3

import pandas as pd
import pytest

from refdash.data import store


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.db"
    store.create_store(path)
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip_keeps_every_field_and_accent(db):
    cid = store.add_client(db, name="Amélie Lefèvre-Garçon", owner="Niccolò Fabbrò",
                           start_date="2025-03-14", company="Pâtisserie Ça", email="a@b.fr",
                           external_id="HS-1", sphere_size=300)
    store.add_event(db, client_id=cid, date="2025-04-01", kind="satisfaction", score=9)
    store.add_event(db, client_id=cid, date="2025-05-01", kind="promise_kept")
    rid = store.add_client(db, name="Zoé", owner="Niccolò Fabbrò", start_date="2025-06-01",
                           referred_by=cid)
    store.add_referral(db, client_id=cid, date="2025-05-20", prospect_name="Zoé",
                       solicited=True, status="converted", converted_client_id=rid)
    clients = store.read_clients(db)
    assert clients.loc[0, "name"] == "Amélie Lefèvre-Garçon"
    assert clients.loc[0, "owner"] == "Niccolò Fabbrò"
    assert clients.loc[0, "start_date"] == pd.Timestamp("2025-03-14")
    assert clients.loc[0, "sphere_size"] == 300
    assert clients.loc[1, "referred_by"] == cid
    assert clients.loc[1, "sphere_size"] == store.DEFAULT_SPHERE_SIZE
    events = store.read_events(db)
    assert list(events["kind"]) == ["satisfaction", "promise_kept"]
    assert events.loc[0, "score"] == 9 and pd.isna(events.loc[1, "score"])
    refs = store.read_referrals(db)
    assert refs.loc[0, "solicited"] and refs.loc[0, "converted_client_id"] == rid


def test_store_is_in_wal_mode_with_foreign_keys(db):
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "coffee"}, "unknown event kind"),
        ({"kind": "satisfaction", "score": 11}, "score from 0 to 10"),
        ({"kind": "satisfaction", "score": -1}, "score from 0 to 10"),
        ({"kind": "satisfaction"}, "score from 0 to 10"),
        ({"kind": "meeting", "score": 5}, "only satisfaction"),
        ({"kind": "meeting", "client_id": 999}, "not in the store"),
        ({"kind": "meeting", "date": "31/12/2025"}, "not a valid YYYY-MM-DD"),
    ],
)
def test_bad_events_are_refused_with_a_clear_message_and_change_nothing(db, kwargs, message):
    cid = store.add_client(db, name="A", owner="O", start_date="2025-01-01")
    args = {"client_id": cid, "date": "2025-02-01", **kwargs}
    with pytest.raises(store.StoreError, match=message):
        store.add_event(db, **args)
    assert store.read_events(db).empty


def test_referral_to_missing_client_is_refused(db):
    with pytest.raises(store.StoreError, match="not in the store"):
        store.add_referral(db, client_id=42, date="2025-01-01", prospect_name="X", solicited=False)
    cid = store.add_client(db, name="A", owner="O", start_date="2025-01-01")
    with pytest.raises(store.StoreError, match="not in the store"):
        store.add_referral(db, client_id=cid, date="2025-01-01", prospect_name="X",
                           solicited=True, status="converted", converted_client_id=77)
    with pytest.raises(store.StoreError, match="status must be one of"):
        store.add_referral(db, client_id=cid, date="2025-01-01", prospect_name="X",
                           solicited=True, status="won")
    assert store.read_referrals(db).empty


def test_client_needs_name_owner_and_a_real_date(db):
    with pytest.raises(store.StoreError, match="refused|required"):
        store.add_client(db, name="  ", owner="O", start_date="2025-01-01")
    with pytest.raises(store.StoreError, match="YYYY-MM-DD"):
        store.add_client(db, name="A", owner="O", start_date="2025-02-30")
    with pytest.raises(store.StoreError, match="not in the store"):
        store.add_client(db, name="A", owner="O", start_date="2025-02-03", referred_by=5)
    store.add_client(db, name="A", owner="O", start_date="2025-01-01", external_id="X1")
    with pytest.raises(store.StoreError, match="external id"):
        store.add_client(db, name="B", owner="O", start_date="2025-01-01", external_id="X1")
    assert len(store.read_clients(db)) == 1


def test_bulk_insert_is_all_or_nothing(db):
    clients = pd.DataFrame({"id": [1, 2], "name": ["A", "B"], "owner": ["O", "O"],
                            "start_date": pd.to_datetime(["2025-01-01", "2025-01-02"]),
                            "sphere_size": [250, 250]})
    events = pd.DataFrame({"id": [1, 2], "client_id": [1, 2],
                           "date": pd.to_datetime(["2025-02-01", "2025-02-01"]),
                           "kind": ["meeting", "dance"], "score": [None, None]})
    with pytest.raises(store.StoreError, match="unknown event kind"):
        store.bulk_insert(db, clients=clients, events=events)
    assert store.read_clients(db).empty and store.read_events(db).empty


def test_migration_from_version_1_keeps_every_row(tmp_path):
    path = tmp_path / "old.db"
    assert store.migrate(path, target=1) == 1
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("INSERT INTO clients (id, name, owner, start_date, sphere_size) "
                 "VALUES (1, 'Chloé', 'Giulia', '2024-01-05', 250)")
    conn.execute("INSERT INTO events (client_id, date, kind, score) "
                 "VALUES (1, '2024-02-01', 'satisfaction', 8)")
    conn.execute("INSERT INTO referrals (client_id, date, prospect_name, solicited, status) "
                 "VALUES (1, '2024-03-01', 'Léa', 0, 'open')")
    conn.commit()
    conn.close()
    info = store.info(path)  # opening migrates
    assert info.schema_version == store.SCHEMA_VERSION
    assert (info.clients, info.events, info.referrals) == (1, 1, 1)
    assert store.read_clients(path).loc[0, "name"] == "Chloé"
    assert "extra" in store.read_clients(path).columns
    # The new unique index on events' external ids is there.
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "idx_events_external_id" in names
    conn.close()


def test_foreign_sqlite_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(store.StoreError, match="not a refdash store"):
        store.read_clients(path)
    assert digest(path) == before


def test_newer_store_is_refused_and_left_untouched(db):
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    conn.close()
    store_bytes = digest(db)
    with pytest.raises(store.StoreError, match="newer refdash"):
        store.info(db)
    assert digest(db) == store_bytes


def test_garbage_file_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database, just some notes\n" * 200)
    before = digest(path)
    with pytest.raises(store.StoreError, match="not a SQLite database"):
        store.info(path)
    assert digest(path) == before


def test_missing_store_is_reported(tmp_path):
    with pytest.raises(store.StoreError, match="No store"):
        store.read_clients(tmp_path / "nope.db")


def test_signature_changes_when_the_store_is_written(db):
    before = store.store_signature(db)
    store.add_client(db, name="A", owner="O", start_date="2025-01-01")
    assert store.store_signature(db) != before


def test_refusals_carry_codes_and_read_in_three_languages(db):
    cid = store.add_client(db, name="A", owner="O", start_date="2025-01-01", external_id="X1")
    cases = [
        (lambda: store.add_event(db, client_id=cid, date="2025-02-01", kind="coffee"),
         "store.bad_kind"),
        (lambda: store.add_event(db, client_id=cid, date="2025-02-01", kind="meeting", score=5),
         "store.bad_score"),
        (lambda: store.add_event(db, client_id=999, date="2025-02-01", kind="meeting"),
         "store.unknown_client"),
        (lambda: store.add_client(db, name="B", owner="O", start_date="2025-01-01",
                                  external_id="X1"), "store.duplicate_id"),
        (lambda: store.add_client(db, name=" ", owner="O", start_date="2025-01-01"),
         "store.required"),
        (lambda: store.add_referral(db, client_id=cid, date="2025-01-01", prospect_name="X",
                                    solicited=True, status="won"), "store.bad_status"),
    ]
    for write, code in cases:
        with pytest.raises(store.RefdashError) as caught:
            write()
        assert caught.value.code == code
        texts = {caught.value.message(lang) for lang in ("en", "fr", "it")}
        assert len(texts) == 3, code


def test_an_old_store_gets_named_check_constraints(tmp_path):
    path = tmp_path / "old.db"
    store.migrate(path, target=3)
    store.migrate(path)
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    assert "CONSTRAINT events_kind CHECK" in sql
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_read_portfolio_reads_every_table_from_one_snapshot(db):
    cid = store.add_client(db, name="A", owner="O", start_date="2025-01-01")
    store.add_event(db, client_id=cid, date="2025-02-01", kind="meeting")
    store.set_meta(db, {"demo": "1"})
    tables = store.read_portfolio(db)
    assert tables.meta["demo"] == "1"
    assert (len(tables.clients), len(tables.events), len(tables.referrals)) == (1, 1, 0)
    pd.testing.assert_frame_equal(tables.events, store.read_events(db))
