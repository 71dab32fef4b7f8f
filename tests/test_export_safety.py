"""Issue 10 item 2: a cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
``@``, tab, carriage return) is written as text in every file refdash hands out: the CLI
export, the page downloads and the rejected rows file; the store keeps what was imported."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pandas as pd
import pytest

from refdash.data import exporting, importing, store
from tests.conftest import AS_OF

ATTACKS = ['=HYPERLINK("https://evil.example","Click")', "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def live(cells: list[str]) -> list[str]:
    return [c for c in cells if c[:1] in exporting.FORMULA_STARTS]


def test_spreadsheet_safe_quotes_text_but_not_numbers():
    frame = pd.DataFrame({"=head": ATTACKS, "amount": [-1, -2.5, 3, -4, 5, 6],
                          "mixed": ["a", 1, None, "-x", -3, "ok"]})
    safe = exporting.spreadsheet_safe(frame)
    assert list(safe.columns) == ["'=head", "amount", "mixed"]
    assert safe["'=head"].tolist() == ["'" + a for a in ATTACKS]
    assert safe["amount"].dtype == frame["amount"].dtype       # numbers stay numbers
    assert safe["mixed"].tolist()[:2] == ["a", 1] and safe["mixed"][3] == "'-x"
    assert safe["mixed"][4] == -3
    assert frame["=head"].tolist() == ATTACKS                    # the input is untouched
    out = rows(exporting.csv_bytes(frame))
    assert not live([c for r in out for c in r if not c.lstrip("-").replace(".", "").isdigit()])


@pytest.fixture
def hostile_store(tmp_path):
    db = tmp_path / "s.db"
    store.create_store(db)
    cid = store.add_client(db, name=ATTACKS[0], company="@evil", owner="-Ops", email="+x",
                           start_date="2025-01-02", external_id="=1+1")
    store.add_event(db, client_id=cid, date="2025-02-03", kind="meeting", note="\t=cmd")
    return db


def test_cli_export_writes_no_live_formula_and_the_store_keeps_the_text(hostile_store, tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "refdash", "export", str(out), "--db",
                           str(hostile_store)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    clients = rows((out / "clients.csv").read_bytes())
    events = rows((out / "events.csv").read_bytes())
    assert not live([c for r in clients[1:] + events[1:] for c in r])
    assert "'" + ATTACKS[0] in clients[1] and "'@evil" in clients[1]
    assert "'\t=cmd" in events[1]
    kept = store.read_clients(hostile_store).iloc[0]
    assert (kept["name"], kept["company"], kept["owner"]) == (ATTACKS[0], "@evil", "-Ops")
    zipped = exporting.export_zip(hostile_store)
    assert b"'=HYPERLINK" in zipped or len(zipped) > 0   # deflated: checked via export_files
    assert not live([c for r in rows(exporting.export_files(hostile_store)["clients.csv"])[1:]
                     for c in r])


def test_rejected_rows_file_writes_no_live_formula():
    data = (b"id,name,owner,start_date\n"
            b'=1+1,"=HYPERLINK(""http://x"",""y"")",@ops,not a date\n'
            b"c2,-Bob,Ann,2025-01-01\n")
    table = importing.read_table(data, "=evil.csv")
    mapping = importing.suggest_mapping(table.headers, "clients")
    prepared = importing.prepare(table, "clients", mapping, as_of=AS_OF)
    assert prepared.rejected_count >= 1
    out = rows(importing.rejected_csv(prepared, "en"))
    body = [c for r in out[1:] for c in r]
    assert not live(body), body
    assert "'=1+1" in body and "'@ops" in body


def test_page_download_is_spreadsheet_safe(monkeypatch):
    from refdash.ui import widgets

    seen: dict[str, bytes] = {}
    monkeypatch.setattr(widgets.st, "download_button",
                        lambda label, data, **kw: seen.setdefault("data", data))
    monkeypatch.setattr(widgets, "t", lambda key, **kw: key)
    widgets.download_csv(pd.DataFrame({"name": ATTACKS, "delta": [-1] * 6}), "x.csv")
    out = rows(seen["data"])
    assert [r[0] for r in out[1:]] == ["'" + a for a in ATTACKS]
    assert [r[1] for r in out[1:]] == ["-1"] * 6                 # a number is not quoted
