"""Imports never lose or corrupt a row: bad input leaves the store byte-for-byte as it was,
a killed import leaves nothing behind, a re-import adds nothing; export, backup, restore."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from refdash.data import exporting, importing, store
from refdash.data.importing import ImportFailure
from refdash.errors import RefdashError
from tests.conftest import AS_OF
from tests.test_import import FIXTURES, italian_workbook

ROOT = Path(__file__).resolve().parent.parent
CLIENTS_HEADER = "Record ID,First Name,Last Name,Contact owner,Create Date\n"
EVENTS_HEADER = "Client ID,Date,Type,Score,Notes\n"
REFERRALS_HEADER = "Referrer ID,Date,Prospect,Solicited,Status,Converted client ID\n"


@pytest.fixture
def db(tmp_path) -> Path:
    """A store holding the HubSpot clients, their referrals and the French accounts."""
    path = tmp_path / "store.db"
    store.create_store(path)
    importing.import_file(path, FIXTURES / "hubspot_contacts.csv", "clients", as_of=AS_OF)
    importing.import_file(path, FIXTURES / "hubspot_referrals.csv", "referrals", as_of=AS_OF)
    store.checkpoint(path)
    return path


def _xls_header() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _broken_xlsx() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


#: Files that cannot be imported at all: (name, kind, bytes, message fragment).
BAD_FILES = [
    ("empty.csv", "clients", b"", "is empty"),
    ("blank.csv", "clients", b"\r\n\r\n   \r\n", "is empty"),
    ("header_only.csv", "clients", CLIENTS_HEADER.encode(), "has a header but no rows"),
    ("photo.csv", "clients", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20,
     "binary data"),
    ("random.bin", "events", np.random.default_rng(1).bytes(50_000), "binary data"),
    ("wide.csv", "clients",
     (",".join(f"col{i}" for i in range(300)) + "\n" + ",".join("x" * 300) + "\n").encode(),
     "has 300 columns"),
    ("quote.csv", "clients",
     (CLIENTS_HEADER + '1,"Zoé,Nuñez,Anna,2024-01-01\n2,Léa,Faure,Anna,2024-01-02\n').encode(),
     "a quote opened on row 2 is never closed"),
    ("ragged.csv", "clients",
     (CLIENTS_HEADER + "1,Zoé,Nuñez,Anna,2024-01-01\n2,Léa,Faure,Anna,2024-01-02,extra\n")
     .encode(), "row 3 has 6 cells where the header has 5"),
    ("old.xls", "clients", _xls_header(), "old Excel workbook"),
    ("broken.xlsx", "clients", _broken_xlsx(), "not a readable Excel workbook"),
    ("no_dates.csv", "clients", b"Record ID,Name,Owner\n1,Zo\xc3\xa9,Anna\n",
     "No column feeds: Client since"),
]

#: Files whose rows are all or partly wrong: (name, kind, text, problem fragment).
BAD_ROWS = [
    ("missing.csv", "clients", CLIENTS_HEADER + "70001,,,Anna,2024-01-01\n",
     "required value is empty"),
    ("bad_date.csv", "clients", CLIENTS_HEADER + "70001,Zoé,Nuñez,Anna,31/02/2024\n",
     "not a date"),
    ("future.csv", "clients", CLIENTS_HEADER + "70001,Zoé,Nuñez,Anna,2031-01-01\n",
     "date in the future"),
    ("duplicate.csv", "clients",
     CLIENTS_HEADER + "70001,Zoé,Nuñez,Anna,2024-01-01\n70001,Léa,Faure,Anna,2024-01-01\n",
     "appears more than once"),
    ("sphere.csv", "clients", "Record ID,Name,Owner,Create Date,Sphere size\n"
     "70001,Zoé,Anna,2024-01-01,2.5\n", "not a whole number"),
    ("score.csv", "events", EVENTS_HEADER + "51001,2024-05-01,satisfaction,11,\n",
     "score outside 0–10"),
    ("score_text.csv", "events", EVENTS_HEADER + "51001,2024-05-01,satisfaction,bien,\n",
     "not a number"),
    ("no_score.csv", "events", EVENTS_HEADER + "51001,2024-05-01,satisfaction,,\n",
     "needs a score"),
    ("kind.csv", "events", EVENTS_HEADER + "51001,2024-05-01,dance,,\n", "unknown event kind"),
    ("unknown_client.csv", "events", EVENTS_HEADER + "99999,2024-05-01,meeting,,\n",
     "no client has this id"),
    ("unknown_referrer.csv", "referrals", REFERRALS_HEADER + "99999,2024-05-01,Léa,yes,open,\n",
     "no client has this id"),
    ("unknown_converted.csv", "referrals",
     REFERRALS_HEADER + "51001,2024-05-01,Léa,yes,converted,99999\n", "no client has this id"),
    ("status.csv", "referrals", REFERRALS_HEADER + "51001,2024-05-01,Léa,yes,maybe,\n",
     "unknown outcome"),
    ("solicited.csv", "referrals", REFERRALS_HEADER + "51001,2024-05-01,Léa,perhaps,open,\n",
     "not yes or no"),
]


@pytest.mark.parametrize(("name", "kind", "data", "message"), BAD_FILES,
                         ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_clearly_and_changes_nothing(db, tmp_path, name, kind, data,
                                                           message):
    before = store.dump_checksum(db)
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFailure) as caught:
        importing.import_file(db, path, kind, as_of=AS_OF, skip_invalid=True)
    assert message in caught.value.message("en")
    assert name in caught.value.message("en") or "No column" in message
    for lang in ("fr", "it"):  # said in every language, never a traceback
        assert caught.value.message(lang) != caught.value.message("en")
    assert store.dump_checksum(db) == before


def test_a_200_mb_file_is_refused_before_it_is_read(db, tmp_path):
    before = store.dump_checksum(db)
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:  # sparse: 200 MB on paper, nothing on disk
        f.write(CLIENTS_HEADER.encode())
        f.truncate(200 * 1024 * 1024)
    with pytest.raises(ImportFailure, match="huge.csv is 200 MB; refdash imports files up to"):
        importing.import_file(db, path, "clients", as_of=AS_OF)
    # An upload (bytes) is measured the same way.
    with pytest.raises(ImportFailure, match="upload.csv is 2 MB; refdash imports files up to 1 MB"):
        importing.read_table(b"x" * 2 * 1024 * 1024, "upload.csv", max_bytes=1024 * 1024)
    assert store.dump_checksum(db) == before


@pytest.mark.parametrize(("name", "kind", "text", "message"), BAD_ROWS,
                         ids=[b[0] for b in BAD_ROWS])
def test_bad_rows_are_listed_and_nothing_is_written(db, tmp_path, name, kind, text, message):
    before = store.dump_checksum(db)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = importing.import_file(db, path, kind, as_of=AS_OF)
    assert result.counts is None
    problems = importing.describe_problems(result.prepared, "en")
    assert problems["problem"].str.contains(message, regex=False).any(), problems
    assert (problems["row"] >= 2).all() and problems["column"].ne("").all()
    assert store.dump_checksum(db) == before


def test_reimporting_the_same_files_adds_and_changes_nothing(db, tmp_path):
    importing.import_file(db, FIXTURES / "salesforce_comptes_fr.csv", "clients", as_of=AS_OF)
    first = importing.import_file(db, FIXTURES / "salesforce_activites_fr.csv", "events",
                                  as_of=AS_OF)
    assert first.counts.added == 8
    xlsx = italian_workbook(tmp_path / "clienti.xlsx")
    importing.import_file(db, xlsx, "clients", as_of=AS_OF)
    before = store.dump_checksum(db)
    info = store.info(db)
    for source, kind in [(FIXTURES / "hubspot_contacts.csv", "clients"),
                         (FIXTURES / "salesforce_comptes_fr.csv", "clients"),
                         (xlsx, "clients"),
                         (FIXTURES / "salesforce_activites_fr.csv", "events"),
                         (FIXTURES / "hubspot_referrals.csv", "referrals")]:
        again = importing.import_file(db, source, kind, as_of=AS_OF)
        assert (again.counts.added, again.counts.updated) == (0, 0), source.name
        assert again.counts.unchanged == again.prepared.total
    assert store.info(db) == info
    assert store.dump_checksum(db) == before


def test_a_changed_row_updates_in_place_and_a_missing_column_erases_nothing(db, tmp_path):
    path = tmp_path / "update.csv"
    path.write_text("Record ID,Company Name,Contact owner,Create Date,Lifecycle Stage,Tier\n"
                    "51001,Atelier Lefèvre SAS,Giulia Rossi,2024-01-15,customer,gold\n",
                    encoding="utf-8")
    result = importing.import_file(db, path, "clients", as_of=AS_OF)
    assert (result.counts.added, result.counts.updated) == (0, 1)
    c = store.read_clients(db).set_index("external_id").loc["51001"]
    assert c["company"] == "Atelier Lefèvre SAS" and c["owner"] == "Giulia Rossi"
    assert c["name"] == "Amélie Lefèvre"            # the file has no name: the name stays
    assert c["email"] == "amelie.lefevre@example.fr"
    # Extra attributes are merged: the phone from the first file is still there.
    assert '"Phone Number":"+33 1 42 68 53 00"' in c["extra"] and '"Tier":"gold"' in c["extra"]
    assert len(store.read_clients(db)) == 6


def test_events_without_ids_are_not_duplicated_but_repeated_rows_are_kept(db, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(EVENTS_HEADER + "51001,2024-05-01,meeting,,\n51001,2024-05-01,meeting,,\n",
                    encoding="utf-8")
    assert importing.import_file(db, path, "events", as_of=AS_OF).counts.added == 2
    assert importing.import_file(db, path, "events", as_of=AS_OF).counts.added == 0
    path.write_text(EVENTS_HEADER + "51001,2024-05-01,meeting,,\n51001,2024-05-01,meeting,,\n"
                    "51001,2024-05-01,meeting,,\n", encoding="utf-8")
    assert importing.import_file(db, path, "events", as_of=AS_OF).counts.added == 1
    assert len(store.read_events(db)) == 3


def _write_events(path: Path, client_ids: list[str], n: int) -> None:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({
        "Event ID": [f"E{i:07d}" for i in range(n)],
        "Client ID": rng.choice(client_ids, n),
        "Date": (pd.Timestamp("2023-01-01")
                 + pd.to_timedelta(rng.integers(0, 600, n), unit="D")).strftime("%d/%m/%Y"),
        "Type": rng.choice(["Réunion", "Livraison", "Promesse tenue"], n),
    })
    frame.to_csv(path, index=False, sep=";", encoding="cp1252")


KILL_SCRIPT = """
import os, sys, time
from refdash.data import importing
def progress(share, stage):
    if stage == "write" and 0 < share < 1:
        print("WRITING", flush=True)
        time.sleep(120)
importing.import_file(sys.argv[1], sys.argv[2], "events", as_of="2026-11-26",
                      progress=progress)
print("FINISHED", flush=True)
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_process_killed_mid_import_leaves_the_store_unchanged_and_usable(db, tmp_path, sig):
    clients = store.read_clients(db)["external_id"].tolist()
    events = tmp_path / "events.csv"
    _write_events(events, clients, 3 * store.IMPORT_CHUNK)  # three chunks in one transaction
    before = store.dump_checksum(db)
    scratch = tmp_path / "scratch"  # the import's temporary folder: its staging file goes there
    scratch.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(db), str(events)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)})
    try:
        assert proc.stdout.readline().strip() == "WRITING"  # a chunk is in, uncommitted
        proc.send_signal(sig)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -sig
    assert store.dump_checksum(db) == before
    assert list(scratch.iterdir()) == []  # no scratch file left behind, even after SIGKILL
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # Usable: the same import now runs to the end, once.
    result = importing.import_file(db, events, "events", as_of=AS_OF)
    assert result.counts.added == 3 * store.IMPORT_CHUNK
    assert len(store.read_events(db)) == 3 * store.IMPORT_CHUNK


@pytest.mark.parametrize("ids", [["e-2", "e-1", "e-2"], ["e-1", "e-1"], [7, 3, 7]])
def test_an_external_id_given_twice_is_refused_and_nothing_written(db, ids):
    before = store.dump_checksum(db)
    rows = pd.DataFrame({"external_id": ids, "client_external_id": ["51001"] * len(ids),
                         "date": pd.to_datetime(["2024-01-01"] * len(ids)),
                         "kind": ["meeting"] * len(ids), "score": [np.nan] * len(ids)})
    with pytest.raises(RefdashError) as err:
        store.import_rows(db, "events", rows)
    assert err.value.code == "store.id_twice"
    assert store.dump_checksum(db) == before


def test_evidence_taken_back_and_rows_written_land_together_or_not_at_all(db):
    rows = pd.DataFrame({"external_id": ["ok-1"], "client_external_id": ["51001"],
                         "date": pd.to_datetime(["2024-01-01"]), "kind": ["meeting"],
                         "score": [np.nan]})
    store.import_rows(db, "events", rows)
    before = store.dump_checksum(db)
    bad = rows.assign(external_id="bad-2", kind="dance")
    with pytest.raises(store.StoreError, match="unknown event kind"):
        store.import_rows(db, "events", bad, retract=["ok-1"])
    assert store.dump_checksum(db) == before  # "ok-1" is still there
    counts = store.import_rows(db, "events", rows.iloc[:0], retract=["ok-1", "never-seen"])
    assert (counts.added, counts.updated) == (0, 1)
    assert store.info(db).events == 0


def test_a_large_import_and_its_re_import_keep_every_index_and_read_back_by_client(db, tmp_path):
    """A large file is written with the secondary indexes dropped and built again; its
    re-import (nothing new) keeps them. Either way the store ends with every index of its
    schema, and a client's events read through them are the file's."""
    def indexes(path: Path) -> set[str]:
        conn = sqlite3.connect(path)
        try:
            return {r[0] for r in conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
        finally:
            conn.close()

    fresh = tmp_path / "fresh.db"
    store.create_store(fresh)
    schema = indexes(fresh)
    clients = store.read_clients(db)["external_id"].tolist()
    events = tmp_path / "events.csv"
    _write_events(events, clients, 2 * store.IMPORT_CHUNK + 1)
    for run in ("first", "again"):
        result = importing.import_file(db, events, "events", as_of=AS_OF)
        assert result.counts.added == (2 * store.IMPORT_CHUNK + 1 if run == "first" else 0)
        assert indexes(db) == schema
    file = pd.read_csv(events, sep=";", encoding="cp1252", dtype=str)
    client = file["Client ID"].iloc[0]
    read = store.read_events(db)
    ids = store.read_clients(db).set_index("external_id")["id"]
    assert (read["client_id"] == ids[client]).sum() == (file["Client ID"] == client).sum()


@pytest.mark.parametrize("stale", [False, True])
def test_events_land_on_the_client_they_name_even_if_the_clients_changed_meanwhile(
        db, monkeypatch, stale):
    """The clients named by external id are looked up before the write (in Arrow); if the
    store's clients are no longer those when the write begins, SQLite looks them up."""
    from refdash.data.store import upsert

    clients = store.read_clients(db).dropna(subset=["external_id"]).head(3)
    if stale:  # as if another process had changed a client between the lookup and the write
        looked_up = upsert._client_ids(db)
        wrong = pa.table({"external_id": looked_up.column("external_id"),
                          "id": pc.add(looked_up.column("id"), 1)})
        monkeypatch.setattr(upsert, "_client_ids", lambda path: wrong)
    rows = pd.DataFrame({"external_id": [f"e-{i}" for i in range(3)],
                         "client_external_id": clients["external_id"].tolist(),
                         "date": pd.to_datetime(["2024-01-01"] * 3), "kind": ["meeting"] * 3,
                         "score": [np.nan] * 3})
    assert store.import_rows(db, "events", rows).added == 3
    read = store.read_events(db).set_index("id").sort_index()
    assert read["client_id"].tolist() == clients["id"].tolist()
    # written without SQLite's check of each reference (see import_rows): they hold anyway
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    with pytest.raises(RefdashError) as err:  # a client the store lacks: named, nothing written
        store.import_rows(db, "events", rows.iloc[:1].assign(external_id="e-9",
                                                             client_external_id="no"))
    assert err.value.code == "store.missing_clients"


def test_a_store_refusal_rolls_the_whole_import_back(db):
    before = store.dump_checksum(db)
    rows = pd.DataFrame({"external_id": ["ok-1", "bad-2"], "client_external_id": ["51001"] * 2,
                         "date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
                         "kind": ["meeting", "dance"], "score": [np.nan, np.nan]})
    with pytest.raises(store.StoreError, match="unknown event kind"):
        store.import_rows(db, "events", rows)
    assert store.dump_checksum(db) == before


# --------------------------------------------------------------------------- export, backup

def test_export_holds_everything_and_imports_back_the_same_portfolio(demo_db, tmp_path):
    files = exporting.export_files(demo_db)
    assert list(files) == ["clients.csv", "events.csv", "referrals.csv", "import_mappings.csv",
                           "meta.csv"]
    with zipfile.ZipFile(__import__("io").BytesIO(exporting.export_zip(demo_db))) as z:
        assert sorted(z.namelist()) == sorted(files)
        assert z.read("clients.csv") == files["clients.csv"]
    folder = tmp_path / "export"
    exporting.export_dir(demo_db, folder)
    with pytest.raises(store.StoreError, match="already holds"):
        exporting.export_dir(demo_db, folder)

    fresh = tmp_path / "fresh.db"
    store.create_store(fresh)
    internal = {"id": importing.DROP, "client_id": importing.DROP,
                "referred_by": importing.DROP, "converted_client_id": importing.DROP,
                "extra": importing.DROP}
    for kind in ("clients", "events", "referrals"):
        table = importing.read_table(folder / f"{kind}.csv")
        mapping = {**importing.suggest_mapping(table.headers, kind),
                   **{h: v for h, v in internal.items() if h in table.headers}}
        result = importing.import_file(fresh, folder / f"{kind}.csv", kind, mapping=mapping,
                                       as_of=AS_OF)
        assert result.prepared.rejected_count == 0, importing.describe_problems(
            result.prepared, "en").head()
    a, b = store.info(demo_db), store.info(fresh)
    assert (a.clients, a.events, a.referrals) == (b.clients, b.events, b.referrals)

    def view(path: Path) -> pd.DataFrame:
        c = store.read_clients(path)
        ext = c.set_index("id")["external_id"]
        out = c.assign(referrer=c["referred_by"].map(ext))
        return out[["external_id", "name", "owner", "start_date", "referrer"]].sort_values(
            "external_id").reset_index(drop=True)

    pd.testing.assert_frame_equal(view(demo_db), view(fresh))


def test_backup_is_consistent_while_another_write_is_open(demo_db, tmp_path):
    writer = sqlite3.connect(demo_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO clients (name, owner, start_date) "
                   "VALUES ('Uncommitted', 'X', '2025-01-01')")
    try:
        dest = store.backup(demo_db, tmp_path / "backup.db")
    finally:
        writer.execute("COMMIT")
        writer.close()
    assert not Path(f"{dest}-wal").exists()  # a single self-contained file
    assert store.info(dest).clients == store.info(demo_db).clients - 1
    with pytest.raises(store.StoreError, match="exists already"):
        store.backup(demo_db, dest)
    assert len(exporting.backup_bytes(demo_db)) > 0


def test_restore_brings_back_the_backup_and_refuses_foreign_files(demo_db, tmp_path):
    backup = store.backup(demo_db, tmp_path / "backup.db")
    want = store.dump_checksum(backup)
    store.add_client(demo_db, name="Après la sauvegarde", owner="Anna", start_date="2026-01-01")
    store.checkpoint(demo_db)

    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    changed = store.dump_checksum(demo_db)
    with pytest.raises(store.StoreError, match="not a refdash store"):
        store.restore(foreign, demo_db)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database" * 100)
    with pytest.raises(store.StoreError):
        store.restore(garbage, demo_db)
    assert store.dump_checksum(demo_db) == changed

    info = store.restore(backup, demo_db)
    assert "Après la sauvegarde" not in set(store.read_clients(demo_db)["name"])
    assert info.clients == store.info(backup).clients
    assert store.dump_checksum(demo_db) == want
    store.add_client(demo_db, name="Usable", owner="Anna", start_date="2026-01-01")


def _with_page_size(path: Path, page_size: int) -> Path:
    """``path`` rebuilt with pages of ``page_size`` bytes (as a store of an older refdash)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute(f"PRAGMA page_size = {page_size}")
        conn.execute("VACUUM")
        conn.execute("PRAGMA journal_mode = WAL")
        assert conn.execute("PRAGMA page_size").fetchone()[0] == page_size
    finally:
        conn.close()
    return path


@pytest.mark.parametrize("store_pages, backup_pages", [(4096, store.PAGE_SIZE),
                                                       (store.PAGE_SIZE, 4096)])
def test_a_backup_with_pages_of_another_size_restores_whole(demo_db, tmp_path, monkeypatch,
                                                             store_pages, backup_pages):
    """Stores made before 16 KiB pages keep 4 KiB ones: a backup of either size restores
    into a store of the other (SQLite's backup API alone refuses to), and leaves no file."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    backup = _with_page_size(store.backup(demo_db, tmp_path / "backup.db"), backup_pages)
    want = store.dump_checksum(backup)
    store.add_client(demo_db, name="Après la sauvegarde", owner="Anna", start_date="2026-01-01")
    _with_page_size(demo_db, store_pages)
    info = store.restore(backup, demo_db)
    assert info.clients == store.info(backup).clients
    assert store.dump_checksum(demo_db) == want
    assert list(scratch.iterdir()) == []
    conn = sqlite3.connect(demo_db)
    try:
        assert conn.execute("PRAGMA page_size").fetchone()[0] == store_pages
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    store.add_client(demo_db, name="Usable", owner="Anna", start_date="2026-01-01")


def test_a_backup_restored_into_a_new_file_keeps_its_page_size(demo_db, tmp_path):
    backup = store.backup(demo_db, tmp_path / "backup.db")  # 16 KiB pages
    fresh = tmp_path / "fresh" / "store.db"  # SQLite would make it with 4 KiB pages
    store.restore(backup, fresh)
    assert store.dump_checksum(fresh) == store.dump_checksum(backup)
    conn = sqlite3.connect(fresh)
    try:
        assert conn.execute("PRAGMA page_size").fetchone()[0] == store.PAGE_SIZE
    finally:
        conn.close()


def test_a_new_store_has_16_kib_pages(tmp_path):
    path = tmp_path / "new.db"
    store.create_store(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA page_size").fetchone()[0] == store.PAGE_SIZE == 16384
    finally:
        conn.close()


def test_an_event_with_a_crm_id_is_updated_in_place(db, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("Activity ID,Client ID,Date,Type,Notes\nA-1,51001,2024-05-01,meeting,café\n"
                    "A-2,51002,2024-05-02,delivery,\n", encoding="utf-8")
    assert importing.import_file(db, path, "events", as_of=AS_OF).counts.added == 2
    path.write_text("Activity ID,Client ID,Date,Type,Notes\nA-1,51001,2024-05-01,meeting,"
                    "café crème\nA-2,51002,2024-05-02,delivery,\n", encoding="utf-8")
    counts = importing.import_file(db, path, "events", as_of=AS_OF).counts
    assert (counts.added, counts.updated, counts.unchanged) == (0, 1, 1)
    assert sorted(store.read_events(db)["note"].fillna("")) == ["", "café crème"]
