"""The check step's fast paths (issue 15) against the straightforward algorithms they
replace, over random inputs: the results must be the same, dtypes included."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refdash.data.importing import check, parse
from refdash.data.importing.read import Table

# ----------------------------------------------------------------------- parse_dates

#: Pieces of a date cell's shape: "d" is a digit (drawn anew in every row), anything
#: else is written as it is (separators, time markers, zones, blanks, non-ASCII).
SHAPE_PIECES = st.sampled_from(["d", "d", "d", "d", "/", "-", ".", ":", " ", "T", ",", "\t",
                                "h", "Z", "+", "a", "P", "m", "M", "é", "\u00a0", "x"])
#: Shapes CRM exports really write (then random ones around them).
REAL_SHAPES = ["dd/dd/dddd dd:dd", "dd/dd/dddd", "dddd-dd-dd", "dddd-dd-ddTdd:dd:ddZ",
               "dd.dd.dddd dd:dd:dd", " dd-dd-dd ", "ddddd", "ddddd,dd", "dddddddd",
               "dd/dd/dddd dd:dd PM", "dddd-dd-dd dd:dd:dd+dd:dd", "d/d/dddd", "dd:dd"]


def _reference_dates(cells: pd.Series, day_first: bool | None) -> parse.ParsedDates:
    """parse_dates by its general path: every distinct cell stripped and cut alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parse, "_uniform_days", lambda texts: None)
        return parse.parse_dates(cells, day_first=day_first)


@st.composite
def shaped_cells(draw: st.DrawFn) -> pd.Series:
    """A column whose cells share one shape (mostly), with digits drawn at random: near
    real dates (days 01-31, months 01-12) as often as anything."""
    shape = draw(st.one_of(st.sampled_from(REAL_SHAPES),
                           st.lists(SHAPE_PIECES, min_size=1, max_size=24).map("".join)))
    digits = st.sampled_from("0123456789") if draw(st.booleans()) else st.sampled_from("0123")
    rows = draw(st.lists(st.lists(digits, min_size=shape.count("d"),
                                  max_size=shape.count("d")), min_size=1, max_size=40))
    cells = []
    for row in rows:
        it = iter(row)
        cells.append("".join(next(it) if ch == "d" else ch for ch in shape))
    if draw(st.booleans()):  # one odd cell: another shape, so the general path runs
        cells.insert(draw(st.integers(0, len(cells))),
                     draw(st.sampled_from(["", "soon", "2024-03-15", "1/2/2024 9:30"])))
    return pd.Series(cells, dtype=draw(st.sampled_from(["str", "object"])))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=shaped_cells(), day_first=st.sampled_from([None, True, False]))
def test_uniform_dates_parse_as_the_general_path(cells: pd.Series, day_first: bool | None
                                                 ) -> None:
    try:
        want = _reference_dates(cells, day_first)
    except Exception as exc:  # noqa: BLE001 - the fast path must fail alike
        # (a year before 1678 is past pandas' nanosecond dates: both paths raise)
        with pytest.raises(type(exc)):
            parse.parse_dates(cells, day_first=day_first)
        return
    got = parse.parse_dates(cells, day_first=day_first)
    pd.testing.assert_series_equal(got.values, want.values)
    pd.testing.assert_series_equal(got.bad, want.bad)
    assert got.formats == want.formats


def test_the_fast_path_runs_on_a_crm_export_column() -> None:
    """The shape the bench imports takes the fast path (else the property above tests
    nothing of it), and a column of mixed shapes does not."""
    cells = pd.Series(["15/03/2024 10:30", "01/12/2023 17:05", "15/03/2024 08:00"], dtype="str")
    codes, days, empty = parse._uniform_days(cells) or (None, None, None)
    assert codes is not None and codes.tolist() == [0, 1, 0]
    assert days == ["15/03/2024", "01/12/2023"] and empty is False
    assert parse._uniform_days(pd.Series(["15/03/2024", "2024-03-15"], dtype="str")) is None
    assert parse.parse_dates(cells).values.tolist() == [
        pd.Timestamp("2024-03-15"), pd.Timestamp("2023-12-01"), pd.Timestamp("2024-03-15")]


# ----------------------------------------------------------------------- content ids

def _reference_occurrences(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Earlier rows with the same pair, the plain way."""
    return (pd.DataFrame({"a": first, "b": second}).groupby(["a", "b"], sort=False)
            .cumcount().to_numpy(dtype=np.int64))


#: 64-bit keys, often equal (few distinct values, or equal low bits and different high
#: bits, which land in the same bucket of the sieve).
KEYS = st.one_of(st.integers(0, 3), st.integers(0, 2**64 - 1),
                 st.integers(0, 3).map(lambda k: k << 40))


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(KEYS, KEYS), max_size=60))
def test_occurrences_count_earlier_twins(pairs: list[tuple[int, int]]) -> None:
    first = np.array([a for a, _ in pairs], dtype=np.uint64)
    second = np.array([b for _, b in pairs], dtype=np.uint64)
    got = check.occurrences(first, second)
    assert got.dtype == np.int64
    assert got.tolist() == _reference_occurrences(first, second).tolist()


def _reference_content_ids(kind: str, out: pd.DataFrame) -> list[str]:
    """The content ids computed row by row in Python from the same field hashes."""
    cols = (["client_external_id", "date", "kind", "score", "note"] if kind == "events"
            else ["client_external_id", "date", "prospect_name"])
    prime, mask = 0x100000001B3, 2**64 - 1
    keys = ("refdash-rowid-k1", "refdash-rowid-k2")
    words = [[0] * len(out), [0] * len(out)]
    for c in cols:
        col = out[c] if c in out else pd.Series("", index=out.index)
        for i, value in enumerate(col.tolist()):
            if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
                text = ""
            elif isinstance(value, pd.Timestamp):
                text = value.strftime("%Y-%m-%d")
            else:
                text = str(value)
            for w, key in enumerate(keys):
                hashed = int(pd.util.hash_array(np.array([text], dtype=object), hash_key=key,
                                                categorize=False)[0])
                words[w][i] = ((words[w][i] * prime) & mask) ^ hashed
    seen: dict[tuple[int, int], int] = {}
    ids = []
    for a, b in zip(words[0], words[1], strict=True):
        nth = seen.get((a, b), 0)
        seen[(a, b)] = nth + 1
        ids.append(f"auto:{a}-{b}-{nth}")
    return ids


EVENT_ROWS = st.lists(st.tuples(
    st.sampled_from(["C1", "C2", "Zoë", ""]),
    st.sampled_from(["2024-03-15", "2023-01-02"]),
    st.sampled_from(["meeting", "satisfaction", None]),
    st.sampled_from([7.5, 10.0, None]),
    st.sampled_from(["", "Café", None, "note"]),
), max_size=30)


@settings(max_examples=150, deadline=None)
@given(rows=EVENT_ROWS, coded=st.booleans())
def test_content_ids_as_computed_row_by_row(rows: list[tuple[object, ...]], coded: bool
                                            ) -> None:
    """Vectorised ids (the kinds given as codes or not) against a per-row reference;
    repeated rows numbered in file order."""
    cells = pd.Series([r[0] for r in rows], dtype="str")  # as in the file
    out = pd.DataFrame({
        "client_external_id": cells.where(cells.ne(""), None),  # as required() gives it
        "date": pd.Series(pd.to_datetime([r[1] for r in rows]), dtype="datetime64[ns]"),
        "kind": pd.Series([r[2] for r in rows], dtype="object"),
        "score": pd.Series([r[3] for r in rows], dtype="float64"),
        "note": pd.Series([r[4] for r in rows], dtype="str"),
    })
    factors = None
    if coded and len(out):
        codes, values = pd.factorize(out["kind"], use_na_sentinel=False)
        factors = {"kind": parse.Factors(codes, np.asarray(values, dtype=object))}
        # The clients as known_client keeps them: codes of the cells, "" and not NA.
        codes, values = pd.factorize(cells)
        factors["client_external_id"] = parse.Factors(codes, np.asarray(values, dtype=object))
    got = check._content_ids("events", out, factors)
    assert str(got.dtype) == "str"
    assert got.tolist() == _reference_content_ids("events", out)


# ----------------------------------------------------------------------- empty cells

@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.sampled_from(["", "a", " ", "é", None]), max_size=20),
       dtype=st.sampled_from(["str", "object"]))
def test_blanks_as_na_is_where(cells: list[str | None], dtype: str) -> None:
    values = pd.Series(cells, dtype=dtype, name="col")
    pd.testing.assert_series_equal(check._blanks_as_na(values),
                                   values.where(values.ne(""), None))


# ----------------------------------------------------------------------- known clients

@settings(max_examples=150, deadline=None)
@given(cells=st.lists(st.sampled_from(["C1", "C2", "", "Zoë", "c1"]), min_size=1, max_size=30),
       known=st.lists(st.sampled_from(["C1", "Zoë", "X"]), max_size=3))
def test_known_client_asks_each_distinct_cell(cells: list[str], known: list[str]) -> None:
    """Unknown clients found per distinct cell are those a per-row isin finds."""
    frame = pd.DataFrame({"Client": pd.Series(cells, dtype="str")})
    table = Table(frame=frame, rows=pd.Series(range(2, len(cells) + 2)), file_name="f.csv",
                  file_format="csv")
    r = check._Rows(table, {"Client": "client"}, pd.Index(pd.Series(known, dtype="str")),
                    pd.Timestamp("2026-01-01"), None)
    r.known_client("client", column="client_external_id")
    problems = r.checker.frame()
    want = [i for i, c in enumerate(cells) if c != "" and c not in known]
    assert problems["index"].tolist() == want
    assert set(problems["code"]) <= {"unknown_client"}
    factors = r.factors["client_external_id"]
    assert [factors.values[c] for c in factors.codes] == cells


# ----------------------------------------------------------------------- prepare, whole

def _plain_known_client(self: check._Rows, fld: str, column: str | None = None) -> pd.Series:
    """known_client as it was: every cell looked up, nothing kept for the content ids."""
    values = self.get(fld)
    self.add(values.ne("") & ~parse.text_isin(values, self.known), fld, "unknown_client")
    return values


def _prepared_plainly(table: Table, mapping: dict[str, str]) -> check.Prepared:
    """prepare() with every fast path of issue 15 turned off."""
    def uncoded(*args: object, **kwargs: object) -> tuple[object, object, None]:
        codes, bad = parse.parse_codes(*args, **kwargs)  # type: ignore[arg-type]
        return codes, bad, None

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parse, "_uniform_days", lambda texts: None)
        patch.setattr(check, "parse_codes_coded", uncoded)
        patch.setattr(check._Rows, "known_client", _plain_known_client)
        patch.setattr(check, "_blanks_as_na", lambda v: v.where(v.ne(""), None))
        patch.setattr(check, "occurrences", check._sorted_occurrences)
        return check.prepare(table, "events", mapping, known_clients=["C1", "C2"],
                             as_of="2026-11-26")


EVENT_CELLS = st.lists(st.tuples(
    st.sampled_from(["C1", "C2", "C9", ""]),
    st.one_of(st.sampled_from(["", "bientôt", "31/02/2024 10:00", "15/03/2024"]),
              st.builds("{:02d}/{:02d}/20{:02d} {:02d}:{:02d}".format, st.integers(1, 28),
                        st.integers(1, 12), st.integers(20, 29), st.integers(0, 23),
                        st.integers(0, 59))),
    st.sampled_from(["Réunion", "Satisfaction", "satisfaction", "Livraison", "", "Bof"]),
    st.sampled_from(["", "7,5", "10", "11", "abc"]),
    st.sampled_from(["", "Café", "Point d'étape"]),
), min_size=1, max_size=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=EVENT_CELLS, with_id=st.booleans())
def test_prepare_events_as_without_the_fast_paths(cells: list[tuple[str, ...]],
                                                  with_id: bool) -> None:
    """The rows, problems and rejected rows of an events file, fast paths or not."""
    frame = pd.DataFrame({h: pd.Series([c[i] for c in cells], dtype="str") for i, h in
                          enumerate(["ID du compte", "Date", "Type d'activité",
                                     "Note de satisfaction", "Objet"])})
    if with_id:
        frame["ID"] = pd.Series([f"E{i % 7}" if i % 3 else "" for i in range(len(cells))],
                                dtype="str")
    table = Table(frame=frame, rows=pd.Series(range(2, len(cells) + 2)), file_name="f.csv",
                  file_format="csv")
    mapping = {"ID du compte": "client", "Date": "date", "Type d'activité": "kind",
               "Note de satisfaction": "score", "Objet": "note", "ID": "external_id"}
    mapping = {h: t for h, t in mapping.items() if h in frame.columns}
    got = check.prepare(table, "events", mapping, known_clients=["C1", "C2"],
                        as_of="2026-11-26")
    want = _prepared_plainly(table, mapping)
    pd.testing.assert_frame_equal(got.rows, want.rows)
    pd.testing.assert_frame_equal(got.problems, want.problems)
    pd.testing.assert_frame_equal(got.rejected, want.rejected)
    assert (got.date_formats, got.notes, got.update_columns) == (
        want.date_formats, want.notes, want.update_columns)
