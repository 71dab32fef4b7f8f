"""Edge values on import: numbers too large for any integer, headers that differ only by
a space, a bare year in a date column, referral cycles, endless names, bidirectional
controls; and the command line's side effects (dry runs, blank mapping names, read-only
folders). Each gets a clear refusal naming the row, column or value."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refdash.__main__ import main
from refdash.data import importing, store
from refdash.data.importing import check, xlsx
from refdash.errors import RefdashError
from tests.conftest import AS_OF

HEADER = "id,name,owner,start date,sphere size,referred by\n"


def prepared(text: str, kind: str = "clients", **kw: object) -> importing.Prepared:
    table = importing.read_table(text.encode(), f"{kind}.csv")
    mapping = importing.suggest_mapping(table.headers, kind)
    return importing.prepare(table, kind, mapping, as_of=AS_OF, **kw)


def problems(p: importing.Prepared) -> list[tuple[int, str, str]]:
    return list(p.problems[["row", "column", "code"]].itertuples(index=False, name=None))


@pytest.mark.parametrize("size", ["99999999999999999999", "1e300", "1000001"])
def test_a_huge_sphere_size_is_a_row_problem_not_a_type_error(size):
    p = prepared(HEADER + f"A,Ann,Bo,2024-01-02,{size},\nB,Bea,Bo,2024-01-02,40,\n")
    assert problems(p) == [(2, "sphere size", "too_large")]
    assert p.problems["detail"].tolist() == [str(check.MAX_SPHERE_SIZE)]
    assert p.rows["external_id"].tolist() == ["B"]
    described = importing.describe_problems(p, "fr")
    assert described["problem"].tolist() == [f"trop grand (au plus {check.MAX_SPHERE_SIZE})"]


def test_inf_and_nan_are_not_sizes():
    p = prepared(HEADER + "A,Ann,Bo,2024-01-02,inf,\nB,Bea,Bo,2024-01-02,nan,\n")
    assert {c for _r, _c, c in problems(p)} <= {"bad_integer", "too_large"}
    assert p.valid == 0


@pytest.mark.parametrize("second", ["name ", "Name", " NAME"])
def test_headers_differing_by_a_space_or_capitals_are_named_both(second):
    with pytest.raises(RefdashError) as caught:
        importing.read_table(f"id,name,{second}\n1,a,b\n".encode(), "twins.csv")
    err = caught.value
    assert err.code == "import.similar_headers"
    assert (err.params["first"], err.params["second"]) == ("name", second)
    assert f'"{second}"' in err.message("en") and "twins.csv" in err.message("it")


def test_a_bare_year_is_not_an_excel_serial():
    p = prepared(HEADER.replace(",sphere size,referred by", "") + "A,Ann,Bo,2025\n"
                 "B,Bea,Bo,45234\nC,Cy,Bo,999\n")
    assert problems(p) == [(2, "start date", "bad_date"), (4, "start date", "bad_date")]
    assert p.rows["start_date"].tolist() == [pd.Timestamp("2023-11-04")]


@pytest.mark.parametrize("date", ["01/01/0100", "0100-01-01", "31/12/9999 10:30", "01011500"])
def test_a_date_of_a_year_no_calendar_here_holds_is_a_bad_date_not_a_crash(date):
    p = prepared(HEADER.replace(",sphere size,referred by", "") + f"A,Ann,Bo,{date}\n"
                 "B,Bea,Bo,12/04/2024\n")
    assert problems(p) == [(2, "start date", "bad_date")]
    assert p.rows["start_date"].tolist() == [pd.Timestamp("2024-04-12")]


def test_a_referral_cycle_in_the_file_is_refused_with_its_rows():
    p = prepared(HEADER + "A,Ann,Bo,2024-01-02,,B\nB,Bea,Bo,2024-01-02,,A\n"
                 "C,Cy,Bo,2024-01-02,,D\nD,Di,Bo,2024-01-02,,E\nE,Ed,Bo,2024-01-02,,C\n"
                 "F,Fe,Bo,2024-01-02,,A\nG,Gil,Bo,2024-01-02,,\n")
    cycle = p.problems[p.problems["code"].eq("referral_cycle")]
    assert cycle["row"].tolist() == [2, 3, 4, 5, 6]
    assert cycle["detail"].tolist()[:2] == ["A → B → A"] * 2 or \
        cycle["detail"].tolist()[:2] == ["B → A → B"] * 2
    assert set(cycle["detail"].tolist()[2:]) == {
        next(t for t in cycle["detail"] if t.count("→") == 3)}
    # F hangs on the cycle (its referrer is rejected); G is fine.
    assert p.rows["external_id"].tolist() == ["G"]
    assert (7, "referred by", "referrer_rejected") in problems(p)
    text = importing.describe_problems(p, "en")["problem"].iloc[0]
    assert text.startswith("the referrals go round in a circle (")


def test_a_cycle_through_the_store_is_refused(tmp_path):
    db = tmp_path / "s.db"
    store.create_store(db)
    first = importing.import_file(db, (HEADER + "A,Ann,Bo,2024-01-02,,\nB,Bea,Bo,2024-01-02,,A\n"
                                       ).encode(), "clients", file_name="one.csv", as_of=AS_OF)
    assert first.counts is not None and first.counts.added == 2
    again = importing.import_file(db, (HEADER + "A,Ann,Bo,2024-01-02,,B\n").encode(), "clients",
                                  file_name="two.csv", as_of=AS_OF)
    assert problems(again.prepared) == [(2, "referred by", "referral_cycle")]
    assert again.counts is None
    assert store.read_clients(db)["referred_by"].isna().sum() == 1  # unchanged


def test_a_client_referring_themselves_is_still_named_so():
    p = prepared(HEADER + "A,Ann,Bo,2024-01-02,,A\n")
    assert problems(p) == [(2, "referred by", "self_referral")]


def test_a_referral_cannot_convert_into_its_own_referrer():
    p = prepared("client,date,prospect,status,converted client\nA,2024-02-01,Zoe,converted,A\n",
                 kind="referrals", known_clients=["A"])
    assert problems(p) == [(2, "converted client", "converted_is_referrer")]


def test_names_longer_than_the_bound_are_refused():
    long = "x" * (check.MAX_NAME_CHARS + 1)
    p = prepared(HEADER + f"A,{long},Bo,2024-01-02,,\nB,{'y' * check.MAX_NAME_CHARS},Bo,"
                 "2024-01-02,,\n")
    assert problems(p) == [(2, "name", "name_too_long")]
    assert importing.describe_problems(p, "it")["problem"].tolist() == ["più di 200 caratteri"]


def test_bidirectional_controls_are_removed_from_names_and_said():
    p = prepared(HEADER + "A,Ann\u202egnissecorp,B\u2066o\u2069,2024-01-02,,\n")
    assert p.rows["name"].tolist() == ["Anngnissecorp"]
    assert p.rows["owner"].tolist() == ["Bo"]
    assert p.notes == ("bidi_removed",)
    clean = prepared(HEADER + "A,Ann,Bo,2024-01-02,,\n")
    assert clean.notes == ()


# --------------------------------------------------------------------------- command line

@pytest.fixture
def clients_csv(tmp_path) -> Path:
    path = tmp_path / "clients.csv"
    path.write_text(HEADER + "A,Ann,Bo,2024-01-02,40,\n", encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--lang", "en", "--as-of", AS_OF])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_dry_run_does_not_create_a_missing_store(tmp_path, clients_csv, capsys):
    db = tmp_path / "new.db"
    code, out, _ = run(capsys, "import", str(clients_csv), "--kind", "clients", "--db", str(db),
                       "--dry-run")
    assert code == 0 and "1 rows: 1 valid, 0 rejected" in out
    assert not db.exists() and not list(tmp_path.glob("new.db*"))


def test_a_blank_mapping_name_is_refused_before_any_row_is_written(tmp_path, clients_csv,
                                                                   capsys):
    db = tmp_path / "s.db"
    store.create_store(db)
    code, out, err = run(capsys, "import", str(clients_csv), "--kind", "clients", "--db",
                         str(db), "--save-mapping", "  ")
    assert code == 2 and out == ""
    assert "--save-mapping needs a name" in err
    assert store.info(db).clients == 0 and store.list_mappings(db) == []


def test_a_read_only_folder_is_named_as_such(tmp_path, clients_csv, capsys, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    db = folder / "s.db"
    real_access = os.access
    # Tests run as root, whom permissions do not stop: the folder answers as read-only.
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == folder
                        else real_access(p, mode, **kw))
    code, out, err = run(capsys, "import", str(clients_csv), "--kind", "clients", "--db",
                         str(db))
    assert code == 2 and out == ""
    assert "cannot be written (read-only)" in err and "not a SQLite" not in err
    assert not db.exists()


# --------------------------------------------------------------------------- two CSV paths

FAST_OR_NOT = [
    b"id,name\n1,Ann\n2,\"B, c\"\n", b"id,name\r\n1,Ann\r\n", b"id,name\n1,Ann",
    b"id,name\n1,Ann\n\n2,Bob\n", b"id,name\n1,Ann\n   \n2,Bob\n", b"id\n\n1\n\n",
    b'id,name\n1,"Ann\nSmith"\n2,Bob\n', b'id,name\n1,"open\n2,Bob\n', b"id,name\n1,Ann,x\n",
    b'id,name\n1,"a""b"\n2,x"y\n', b"\xef\xbb\xbfid;name\n1;Ann\n", b"\nid,name\n1,Ann\n",
]


def _outcome(data: bytes) -> tuple[object, ...]:
    try:
        t = importing.read_table(data, "f.csv")
    except RefdashError as exc:
        return ("refused", exc.code, str(exc))
    return ("read", t.frame.to_dict("list"), t.rows.tolist(), t.delimiter)


@pytest.mark.parametrize("data", FAST_OR_NOT)
def test_the_pyarrow_path_reads_what_the_csv_module_reads(data, monkeypatch):
    from refdash.data.importing import fastcsv

    fast = _outcome(data)
    monkeypatch.setattr(fastcsv, "read_cells", lambda *args: None)  # csv module only
    assert _outcome(data) == fast


def test_an_ordinary_file_takes_the_pyarrow_path_and_an_odd_one_does_not():
    from refdash.data.importing import fastcsv, read

    def cells(data: bytes) -> object:
        return fastcsv.read_cells(data.decode(), data, ",", '"', read._limits())

    assert cells(FAST_OR_NOT[0]) is not None
    assert cells(b"id,name\n1,Ann,x\n") is None  # ragged: the csv module names the row
    assert cells(b'id,name\n1,"open\n2,Bob\n') is None  # a quote never closed


CELLS = st.one_of(
    st.text(max_size=6), st.none(), st.booleans(), st.integers(-3, 3),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2030, 1, 1)),
    st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2030, 1, 1)),
    st.times())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=3, max_size=3), min_size=1, max_size=30))
def test_an_xlsx_sheet_reads_as_each_cell_written_as_text_one_by_one(rows):
    """The sheet's cells become text a column at a time, each distinct value once (True, 1
    and 1.0 apart; NaN too): the same text as each cell converted on its own."""
    frame = xlsx.text_frame(rows, 3)
    assert frame.to_numpy().tolist() == [[xlsx.cell_text(v) for v in row] for row in rows]
