"""The command line: import with a report and honest exit codes, dry runs that write
nothing, saved mappings, export, backup and restore."""

from __future__ import annotations

from pathlib import Path

import pytest

from refdash.__main__ import main
from refdash.data import store
from tests.conftest import AS_OF
from tests.test_import import FIXTURES, italian_workbook


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "store.db"
    store.create_store(path)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--lang", "en"] if argv[0] != "info" else list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_reports_and_exits_zero_when_every_row_is_valid(db, capsys):
    code, out, _ = run(capsys, "import", str(FIXTURES / "hubspot_contacts.csv"), "--kind",
                       "clients", "--db", str(db), "--as-of", AS_OF)
    assert code == 0
    assert "Record ID       -> external_id (Id in your CRM)" in out
    assert "Lifecycle Stage -> kept as extra attribute" in out
    assert "6 rows: 6 valid, 0 rejected" in out
    assert "hubspot_contacts.csv: 6 added, 0 updated, 0 already up to date." in out
    assert store.info(db).clients == 6
    # Again: nothing new.
    code, out, _ = run(capsys, "import", str(FIXTURES / "hubspot_contacts.csv"), "--kind",
                       "clients", "--db", str(db), "--as-of", AS_OF)
    assert code == 0 and "0 added, 0 updated, 6 already up to date" in out


def test_dry_run_writes_nothing(db, capsys, tmp_path):
    before = store.dump_checksum(db)
    code, out, _ = run(capsys, "import", str(FIXTURES / "salesforce_comptes_fr.csv"), "--kind",
                       "clients", "--db", str(db), "--dry-run", "--save-mapping", "sf")
    assert code == 0 and "dry run: nothing was written" in out
    assert store.dump_checksum(db) == before
    assert store.list_mappings(db) == []


def test_rejected_rows_mean_exit_one_nothing_written_and_a_rejects_file(db, capsys, tmp_path):
    run(capsys, "import", str(FIXTURES / "hubspot_contacts.csv"), "--kind", "clients",
        "--db", str(db), "--as-of", AS_OF)
    events = tmp_path / "events.csv"
    events.write_text("Client ID,Date,Type,Score\n51001,2024-05-01,meeting,\n"
                      "51001,2024-05-02,satisfaction,12\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    before = store.dump_checksum(db)
    code, out, _ = run(capsys, "import", str(events), "--kind", "events", "--db", str(db),
                       "--as-of", AS_OF, "--rejects", str(rejects))
    assert code == 1
    assert ("events.csv, row 3, column “Score”, value “12”: score outside 0–10") in out
    assert "nothing was written (1 rows rejected; --skip-invalid imports the valid rows)" in out
    assert store.dump_checksum(db) == before
    assert "score outside 0–10" in rejects.read_text(encoding="utf-8-sig")
    # --skip-invalid writes the valid row, and still says (exit 1) that one was rejected.
    code, out, _ = run(capsys, "import", str(events), "--kind", "events", "--db", str(db),
                       "--as-of", AS_OF, "--rejects", str(rejects), "--skip-invalid")
    assert code == 1 and "1 added" in out and "1 rejected rows were left out" in out
    assert store.info(db).events == 1


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b"\x00\x01\x02\x03binary" * 100, "binary data"),
    (b'id,name\n1,"Zo\xc3\xa9\n', "never closed"),
])
def test_a_bad_file_exits_two_with_one_clear_line(db, capsys, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    before = store.dump_checksum(db)
    code, out, err = run(capsys, "import", str(path), "--kind", "clients", "--db", str(db))
    assert code == 2 and message in err and "Traceback" not in err
    assert err.count("\n") == 1
    assert store.dump_checksum(db) == before


def test_map_options_and_saved_mappings(db, capsys, tmp_path):
    path = tmp_path / "kunden.csv"
    path.write_text("Nr;Kunde;Betreuer;Seit\nK1;Müller AG;Anna;01.02.2023\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(path), "--kind", "clients", "--db", str(db))
    assert code == 2 and "No column feeds" in err
    code, _, err = run(capsys, "import", str(path), "--kind", "clients", "--db", str(db),
                       "--map", "Nr=color")
    assert code == 2 and "--map takes HEADER=FIELD" in err
    code, out, _ = run(capsys, "import", str(path), "--kind", "clients", "--db", str(db),
                       "--as-of", AS_OF, "--map", "Nr=external_id", "--map", "Kunde=name",
                       "--map", "Betreuer=owner", "--map", "Seit=start_date",
                       "--save-mapping", "Kunden")
    assert code == 0 and "mapping saved as “Kunden”" in out
    path.write_text("Nr;Kunde;Betreuer;Seit\nK2;Schäfer GmbH;Anna;03.03.2023\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "import", str(path), "--kind", "clients", "--db", str(db),
                       "--as-of", AS_OF)
    assert code == 0 and "saved mapping “Kunden”" in out
    assert sorted(store.read_clients(db)["name"]) == ["Müller AG", "Schäfer GmbH"]
    code, _, err = run(capsys, "import", str(path), "--kind", "clients", "--db", str(db),
                       "--mapping", "Nope")
    assert code == 2 and "no saved mapping named “Nope”" in err


def test_report_in_french_for_an_italian_workbook(db, capsys, tmp_path):
    xlsx = italian_workbook(tmp_path / "clienti.xlsx")
    code = main(["import", str(xlsx), "--kind", "clients", "--db", str(db), "--lang", "fr",
                 "--as-of", AS_OF])
    out = capsys.readouterr().out
    assert code == 0
    assert "4 lignes\u00a0: 4 valides, 0 rejetées" in out
    assert "Data inizio" in out and "jour/mois/année" in out and "numéros de série Excel" in out


def test_export_backup_and_restore_commands(demo_db, capsys, tmp_path):
    code, out, _ = run(capsys, "export", str(tmp_path / "out"), "--db", str(demo_db))
    assert code == 0 and "5 files written" in out
    assert (tmp_path / "out" / "events.csv").read_text(encoding="utf-8-sig").startswith("id,")
    code, _, err = run(capsys, "export", str(tmp_path / "out"), "--db", str(demo_db))
    assert code == 2 and "already holds" in err
    code, out, _ = run(capsys, "backup", str(tmp_path / "b.db"), "--db", str(demo_db))
    assert code == 0 and "backup written to" in out
    code, _, err = run(capsys, "backup", str(tmp_path / "b.db"), "--db", str(demo_db))
    assert code == 2 and "exists already" in err
    before = store.info(demo_db)
    store.add_client(demo_db, name="Later", owner="Anna", start_date="2026-01-01")
    code, out, _ = run(capsys, "restore", str(tmp_path / "b.db"), "--db", str(demo_db))
    assert code == 0 and f"{before.clients:,} clients" in out
    assert store.info(demo_db).clients == before.clients
