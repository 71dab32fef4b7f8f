"""The check step's fast paths (issue 15) against the straightforward algorithms they
replace, over random inputs: the results must be the same, dtypes included."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refdash.data.importing import parse

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
