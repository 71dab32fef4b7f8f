"""The events and clients tables' CHECK constraints, evaluated on a whole staged import in
Arrow.

SQLite evaluates a table's CHECK constraints row by row on every insert and update; for an
import of a million events that is about two seconds of the write's four (``date(date) IS
date`` parses every date). When the staged rows pass the very same constraints here, in C,
over whole columns (a few tens of milliseconds), the write may tell SQLite not to evaluate
them again (``PRAGMA ignore_check_constraints``): the store holds only rows its schema
accepts either way. When anything here is unsure, SQLite checks as before, so refusals keep
their codes and wording (:mod:`.explain`).

The constraints mirrored (``schema.CHECK_NAMES["events"]``):

- ``events_date``: ``date(date) IS date``, a day written ``YYYY-MM-DD``. SQLite takes
  any day from 1 to 31 as written (``2024-02-30``); here only days a calendar has pass
  (the importer never writes others), so such a row is left to SQLite;
- ``events_kind``: ``kind IN (...)``, one of :data:`~.schema.EVENT_KINDS`;
- ``events_score``: no score, or one from 0 to 10;
- ``events_score_kind``: a score exactly when the kind is ``satisfaction``.

And the clients' (``schema.CHECK_NAMES["clients"]``), each on one column, so that any
columns an update writes can be checked alone (about a third of a clients import's write:
100,000 new clients inserted in 0.15-0.19 s instead of 0.23-0.24 s):

- ``clients_name``, ``clients_owner``: ``length(trim(x)) > 0``: SQLite's ``trim`` takes
  off spaces only, and its ``length`` counts the characters before a first NUL, so a name
  passes when, after its leading spaces, comes a character that is neither;
- ``clients_start_date``: ``date(start_date) IS start_date``, as ``events_date``;
- ``clients_sphere_size``: ``sphere_size > 0`` (a missing one takes the default, which is).

``tests/test_prechecked.py`` holds this module to SQLite's own verdict on random rows.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from refdash.data.store.schema import EVENT_KINDS

#: Columns an upsert must write from the file for its rows to be checked here alone: an
#: update that kept a stored kind beside a new score would pair values this module never saw.
CHECKED_COLUMNS: frozenset[str] = frozenset({"date", "kind", "score"})
#: A four-digit year, a month and a day: the only text ``date(x) IS x`` lets through.
_ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
#: Text that ``length(trim(x)) > 0`` lets through: after the leading spaces, a character
#: that is neither a space nor NUL.
_NOT_BLANK = "^ *[^ \\x00]"


def events_pass(records: pa.Table) -> bool:
    """Whether every staged event row (columns ``date``, ``kind``, ``score``) satisfies the
    events table's CHECK constraints. NULLs pass as SQL's do (a CHECK that is NULL passes;
    NOT NULL is SQLite's own, never skipped)."""
    date, kind, score = (records.column(c) for c in ("date", "kind", "score"))
    if not (_is_string(date) and _is_string(kind)):
        return False
    if not (pa.types.is_floating(score.type) or pa.types.is_integer(score.type)
            or pa.types.is_null(score.type)):
        return False
    return (_valid_days(date) and _all(pc.is_in(kind, pa.array(EVENT_KINDS)), kind)
            and _scores_fit(kind, score))


def _all(mask: pa.ChunkedArray | pa.Array, values: pa.ChunkedArray | pa.Array) -> bool:
    """Every non-null row of ``values`` has ``mask`` true (null rows pass, as in SQL)."""
    failed = pc.and_kleene(pc.invert(mask), pc.is_valid(values))
    return not pc.any(pc.fill_null(failed, False)).as_py()


def _valid_days(date: pa.ChunkedArray | pa.Array) -> bool:
    """``date(d) IS d`` for every non-null ``d``, and a day that exists: ISO shape, and a
    round trip through a timestamp that gives the text back."""
    # An import spans a few thousand days at most: each distinct text is checked once.
    date = pc.unique(date).drop_null()
    if not _all(pc.match_substring_regex(date, _ISO_DAY), date):
        return False
    parsed = pc.strptime(date, format="%Y-%m-%d", unit="s", error_is_null=True)
    back = pc.strftime(parsed, format="%Y-%m-%d")
    return _all(pc.fill_null(pc.equal(back, date), False), date)


def _scores_fit(kind: pa.ChunkedArray, score: pa.ChunkedArray) -> bool:
    """``score`` NULL or in [0, 10]; ``(kind = 'satisfaction') = (score IS NOT NULL)``."""
    if pa.types.is_null(score.type):
        return _all(pc.not_equal(kind, "satisfaction"), kind)
    values = pc.cast(score, pa.float64())
    # NaN is no score to SQLite (it stores NULL), which the pair check below then sees.
    present = pc.and_(pc.is_valid(values), pc.invert(pc.fill_null(pc.is_nan(values), True)))
    in_range = pc.and_(pc.greater_equal(values, 0.0), pc.less_equal(values, 10.0))
    if not _all(pc.or_(pc.invert(present), pc.fill_null(in_range, False)), present):
        return False
    satisfaction = pc.equal(kind, "satisfaction")
    return _all(pc.equal(satisfaction, present), kind)


def clients_pass(records: pa.Table) -> bool:
    """Whether every staged client row (columns ``name``, ``owner``, ``start_date``,
    ``sphere_size``) satisfies the clients table's CHECK constraints; NULLs pass as in SQL
    (NOT NULL is SQLite's own, never skipped)."""
    texts = [records.column(c) for c in ("name", "owner", "start_date")]
    size = records.column("sphere_size")
    if not all(_is_text(column) for column in texts):
        return False
    if not (pa.types.is_integer(size.type) or pa.types.is_floating(size.type)
            or pa.types.is_null(size.type)):
        return False  # text, say: SQLite's comparison of it with 0 is its own to make
    name, owner, start_date = texts
    return (all(_all(pc.match_substring_regex(c, _NOT_BLANK), c) for c in (name, owner))
            and (pa.types.is_null(start_date.type) or _valid_days(start_date))
            and (pa.types.is_null(size.type) or _all(pc.greater(size, 0), size)))


def _is_string(column: pa.ChunkedArray) -> bool:
    return pa.types.is_string(column.type) or pa.types.is_large_string(column.type)


def _is_text(column: pa.ChunkedArray) -> bool:
    """Text, or a column left unmapped (all NULL)."""
    return _is_string(column) or pa.types.is_null(column.type)
