"""The fast path of CSV reading: pyarrow's multithreaded C++ parser, used only when it can
vouch for giving exactly what :mod:`csv` (the reference path of :mod:`.read`) gives.

:func:`read_cells` returns the header and body cells of an ordinary file, or ``None``
whenever anything is unusual; the caller then reads the file with :mod:`csv`, which raises
the precise error with its row number (a ragged row, a broken quote, a line or a cell too
long...). So every limit of :mod:`.read` stays in force and every message stays the same:

- *before* parsing, from the bytes: the number of physical lines bounds the number of
  records (a quoted newline only adds lines), so a file that might exceed ``max_rows`` or
  ``max_cells`` is left to the reference path, which stops at the limit while reading; the
  longest physical line (in UTF-8 bytes, never fewer than characters) must be within
  ``max_line_chars``; a NUL character, a lone ``\\r`` (old Mac line ends) or a blank first
  line also go to the reference path;
- *while* parsing: every row whose number of cells differs from the header's reaches the
  ``invalid_row_handler`` (a ragged row, or a line of spaces whose place in the row
  numbering pyarrow cannot tell when multithreaded): one is enough to hand over;
- *after* parsing: a sentinel line appended to the text tells a quote never closed (it is
  swallowed into the open cell, as in :mod:`.read`), and the longest cell of each column is
  measured (``utf8_length``, vectorised) against ``max_cell_chars``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

#: Appended after the text as a line of its own (a noncharacter, absent from real files):
#: when a quote is never closed the parser swallows it into the open cell.
SENTINEL = "\ufdd0refdash-fast-end\ufdd0"
#: Bytes per block the parser works on (each block parsed by a thread of its own).
BLOCK_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What :mod:`.read` bounds (see its constants)."""

    max_rows: int
    max_columns: int
    max_cells: int
    max_cell_chars: int
    max_line_chars: int


def read_cells(text: str, raw: bytes | None, delimiter: str, quote: str,
               limits: Limits) -> tuple[list[str], pd.DataFrame] | None:
    """(header cells, body as a frame of ``str`` columns named 0..n-1), or ``None`` when
    the file must be read by the reference path. ``raw`` is ``text`` encoded in UTF-8
    when the caller has it (no second encoding of a large file)."""
    if "\x00" in text or text.count("\r") != text.count("\r\n"):
        return None
    header = _first_record(text, delimiter, quote)
    if header is None or not 0 < len(header) <= limits.max_columns:
        return None
    width = len(header)
    data = raw if raw is not None else text.encode("utf-8")
    most = min(limits.max_rows, limits.max_cells // width)
    if data.count(b"\n") > most + 1 or _has_line_over(data, limits.max_line_chars):
        return None  # perhaps over a limit: the reference path stops at it while reading
    end = ("" if data.endswith(b"\n") else "\n") + SENTINEL + "\n"
    parsed = _parse(data + end.encode("utf-8"), width, delimiter, quote)
    if parsed is None:
        return None
    table, sentinel_apart = parsed
    if width == 1:  # the sentinel's line is a row of the table, else the handler's
        sentinel_apart = (table.num_rows > 1
                          and table.column(0)[table.num_rows - 1].as_py() == SENTINEL)
        table = table.slice(0, table.num_rows - 1)
    if not sentinel_apart or table.num_rows < 1:
        return None  # the sentinel swallowed by a quote never closed
    body = table.slice(1)
    if body.num_rows > most:
        return None
    for column in body.columns:
        if len(column) and pc.max(pc.utf8_length(column)).as_py() > limits.max_cell_chars:
            return None
    head = [table.column(i)[0].as_py() for i in range(width)]
    if head != header:
        return None
    str_dtype = pd.StringDtype(na_value=np.nan)
    frame = pd.DataFrame({i: pd.Series(col, dtype=str_dtype) for i, col in
                          enumerate(body.columns)})
    return header, frame


def _first_record(text: str, delimiter: str, quote: str) -> list[str] | None:
    """The header as :mod:`csv` reads it, or ``None`` when the first line is blank (the
    reference path skips leading blank lines) or the header spans lines."""
    first = text[: text.find("\n") + 1 or len(text)]
    if not first.strip() or first.count(quote) % 2:
        return None
    try:
        return next(csv.reader(io.StringIO(first), delimiter=delimiter, quotechar=quote))
    except (csv.Error, StopIteration):
        return None


def _has_line_over(data: bytes, limit: int) -> bool:
    """Whether a physical line (its end included) is over ``limit`` bytes. When each block
    of ``limit // 2`` bytes holds a line end, no two line ends are ``limit`` bytes apart:
    a few searches of the bytes in C, and the exact count only for a file that fails them."""
    block = max(limit // 2, 1)
    full_blocks = range(0, len(data) - block + 1, block)
    if all(data.find(b"\n", start, start + block) >= 0 for start in full_blocks):
        return False
    return _longest_line(data) > limit


def _longest_line(data: bytes) -> int:
    """Bytes of the longest physical line, its end included (vectorised)."""
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0x0A)
    bounds = np.concatenate(([-1], ends, [len(data) - 1]))
    return int(np.diff(bounds).max()) if len(bounds) > 1 else len(data)


def _parse(data: bytes, width: int, delimiter: str, quote: str
           ) -> tuple[pa.Table, bool] | None:
    """Every record as ``width`` string columns (the header as the first row) and whether
    the sentinel came as a line of its own (files of several columns); ``None`` when a
    row has another width, or the parser refuses the bytes."""
    seen: list[bool] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        if row.text.rstrip("\r\n") == SENTINEL and not seen:
            seen.append(True)
            return "skip"
        return "error"  # stops the parser (ArrowInvalid): the reference path reads it

    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, quote_char=quote, double_quote=True,
                newlines_in_values=quote.encode() in data, ignore_empty_lines=False,
                invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), null_values=[],
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    return table, bool(seen)
