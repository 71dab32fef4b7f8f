"""Reading an XLSX workbook with bounded work: what the zip expands to is measured before
any spreadsheet reader sees it.

An XLSX file is a zip of XML parts, and a few kilobytes can expand to gigabytes (a zip
bomb) or declare a sheet of 17 billion cells. So, in this order:

1. the zip's directory (:func:`check_zip`): every part's declared uncompressed size adds
   up to at most :data:`MAX_UNCOMPRESSED_BYTES`, and no large part is compressed more than
   :data:`MAX_COMPRESSION_RATIO` to one;
2. every XML part is decompressed as a stream (:func:`scan_parts`), counting the bytes it
   really expands to (a directory can lie) and refusing any DTD (``<!DOCTYPE``,
   ``<!ENTITY``: entity expansion, external entities; Excel never writes one), which is
   what defusedxml refuses by default; in worksheets the rows and the farthest cell
   reference are counted on the way, so a sheet over :data:`~.read.MAX_ROWS` rows,
   :data:`~.read.MAX_COLUMNS` columns or :data:`~.read.MAX_CELLS` cells is refused while
   it is being read, with memory bounded by one chunk (in numpy, no Python object per
   cell, when every cell is written ``<c r="A1"...``, as spreadsheets write them; by
   regular expressions otherwise);
3. only then python-calamine (Rust, fast) reads the first non-empty worksheet.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import copy
import datetime
import gc
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from refdash.errors import RefdashError

#: What all the parts of a workbook may expand to, in bytes (a sheet of a million rows of
#: ten short columns is about 300 MB of XML).
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
#: The largest expansion of a part over 1 MiB: spreadsheets compress 5 to 30 to one; a zip
#: bomb about a thousand to one.
MAX_COMPRESSION_RATIO = 200
#: Parts smaller than this are not held to the ratio (a tiny part may compress very well).
_RATIO_FLOOR = 1024 * 1024
#: At most this many parts (a workbook has about ten, plus one per sheet).
MAX_PARTS = 10_000
_CHUNK = 1024 * 1024
_FORBIDDEN = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_ROW = re.compile(rb"<row[\s>/]")
_ROW_NUMBER = re.compile(rb'<row[^>]*?\sr="([0-9]+)"')
_CELL = re.compile(rb"<c[\s>/]")
_CELL_REFERENCE = re.compile(rb'<c\s(?:[^>]*?\s)?r="([A-Z]+)([0-9]+)"')
#: A cell whose reference comes first, as Excel, LibreOffice and openpyxl write them.
_CELL_REFERENCE_FIRST = re.compile(rb'<c r="([A-Z]+)([0-9]+)"')
#: A row or cell tag not followed by a space (``<c>``, ``<row/>``, a line break or a tab):
#: legal XML that spreadsheets do not write for cells, counted by the exact expressions.
_EXOTIC_TAG = re.compile(rb"<(?:row|c)[\t\r\n>/]")


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_zip(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse a workbook whose directory declares too much: too many parts, more than
    :data:`MAX_UNCOMPRESSED_BYTES` in all, or a part compressed beyond the ratio."""
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise RefdashError("import.too_many_parts", file=name, count=len(infos),
                           limit=MAX_PARTS)
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise RefdashError("import.too_expanded", file=name, size=_mb(total),
                           limit=_mb(MAX_UNCOMPRESSED_BYTES))
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > MAX_COMPRESSION_RATIO:
            raise RefdashError("import.zip_bomb", file=name, part=info.filename,
                               ratio=f"{ratio:.0f}", limit=MAX_COMPRESSION_RATIO)


@dataclass
class _SheetCount:
    """What a worksheet's XML holds, counted while it streams by."""

    rows: int = 0           # <row> elements
    last_row: int = 0       # the largest row number referenced
    last_column: int = 0    # the largest column number referenced (A = 1)
    widest: int = 0         # the most cells in one row (for cells without a reference)
    unreferenced: bool = False


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


#: Bytes read past a chunk's last tag by :func:`_count_common` (its reads stay in a tag,
#: but a gather reads a fixed number of bytes on: these keep it inside the buffer).
_PAD = bytes(24)
_LT, _C, _R, _O, _W, _SP, _EQ, _QUOTE = b'<crow ="'
#: What may follow ``<c`` or ``<row`` in a tag of another shape than ``<c `` (see
#: :data:`_EXOTIC_TAG`).
_TAG_ENDS = np.frombuffer(b"\t\r\n>/", dtype=np.uint8)


def _letter(b: np.ndarray) -> np.ndarray:
    return (b >= 65) & (b <= 90)


def _count_common(buf: bytes, end: int, count: _SheetCount) -> bool:
    """Count ``buf[:end]`` (whole tags, ``buf`` padded with :data:`_PAD`) in numpy when it
    has the common shape only: every cell ``<c r="A1"...`` with its reference first (1 to
    3 letters, 1 to 7 digits) and no tag of :data:`_EXOTIC_TAG`; the same figures as
    :func:`_count_sheet`, with no Python object per cell. False, nothing counted, when the
    chunk has any other shape (:func:`_count_sheet` counts it then)."""
    a = np.frombuffer(buf, dtype=np.uint8)
    lt = np.flatnonzero(a[:end] == _LT)
    after = a[lt + 1]
    c = lt[after == _C]
    after_c = a[c + 2]
    r = lt[after == _R]
    r = r[(a[r + 2] == _O) & (a[r + 3] == _W)]
    after_row = a[r + 4]
    if np.isin(after_c, _TAG_ENDS).any() or np.isin(after_row, _TAG_ENDS).any():
        return False
    cells = c[after_c == _SP]
    if not ((a[cells + 3] == _R) & (a[cells + 4] == _EQ) & (a[cells + 5] == _QUOTE)).all():
        return False
    s = cells + 6
    first, second, third = a[s], a[s + 1], a[s + 2]
    two, three = _letter(second), _letter(second) & _letter(third)
    if not _letter(first).all() or (three & _letter(a[s + 3])).any():
        return False  # no letter, or four: the exact count (and its message) decides
    column = first.astype(np.int64) - 64
    column = np.where(two, column * 26 + second - 64, column)
    column = np.where(three, column * 26 + third - 64, column)
    number = _numbers(a, s + 1 + two + three)
    if number is None:
        return False
    count.rows += int(np.count_nonzero(after_row == _SP))
    row = r[after_row == _SP]
    numbers = None
    if len(row) == len(r) and ((a[row + 5] == _R) & (a[row + 6] == _EQ)
                               & (a[row + 7] == _QUOTE)).all():
        numbers = _numbers(a, row + 8)
    if numbers is None:  # a row of another shape: the exact expression reads them all
        found = _ROW_NUMBER.findall(buf, 0, end)
        numbers = np.fromiter(map(int, found), dtype=np.int64, count=len(found))
    if len(numbers):
        count.last_row = max(count.last_row, int(numbers.max()))
    if len(cells):
        count.last_column = max(count.last_column, int(column.max()))
        count.last_row = max(count.last_row, int(number.max()))
    return True


def _numbers(a: np.ndarray, at: np.ndarray) -> np.ndarray | None:
    """The numbers written at each of ``at`` in ``a`` (1 to 7 digits, then a quote), or
    None if any is written otherwise."""
    number = np.zeros(len(at), dtype=np.int64)
    digits = np.zeros(len(at), dtype=np.int64)
    alive = np.ones(len(at), dtype=bool)
    for j in range(8):
        digit = a[at + j].astype(np.int64) - 48
        alive &= (digit >= 0) & (digit <= 9)
        number = np.where(alive, number * 10 + digit, number)
        digits += alive
    if ((digits == 0) | (digits > 7)).any() or not (a[at + digits] == _QUOTE).all():
        return None
    return number


def _count_sheet(chunk: bytes, count: _SheetCount) -> None:
    """Add what ``chunk`` (whole tags only) holds to ``count``.

    The common shape (``<row r=...>``, ``<c r="A1" ...>``) is counted with byte counts and
    one simple expression; any other shape (attributes in another order, cells without a
    reference, line breaks inside tags) with the exact expressions, so that nothing in
    the chunk escapes the count."""
    exotic = _EXOTIC_TAG.search(chunk) is not None
    if exotic:
        rows, cells = len(_ROW.findall(chunk)), len(_CELL.findall(chunk))
    else:
        rows, cells = chunk.count(b"<row "), chunk.count(b"<c ")
    count.rows += rows
    numbers = _ROW_NUMBER.findall(chunk)
    if numbers:
        count.last_row = max(count.last_row, max(map(int, numbers)))
    references = [] if exotic else _CELL_REFERENCE_FIRST.findall(chunk)
    if len(references) < cells:
        references = _CELL_REFERENCE.findall(chunk)
    if references:  # the distinct values only: a few columns per chunk, however many cells
        columns = {column for column, _ in references}
        numbered = {number for _, number in references}
        count.last_column = max(count.last_column, max(map(_column_number, columns)))
        count.last_row = max(count.last_row, max(map(int, numbered)))
    if cells > len(references):
        # Cells placed one after the other: their row's width is how many there are.
        count.unreferenced = True
        count.widest = max(count.widest, max(len(_CELL.findall(piece))
                                             for piece in _ROW.split(chunk)))


def _check_sheet(count: _SheetCount, name: str, limits: dict[str, int]) -> None:
    rows = max(count.rows, count.last_row)
    columns = max(count.last_column, count.widest)
    if rows - 1 > limits["rows"]:
        raise RefdashError("import.too_many_rows", file=name, limit=limits["rows"])
    if columns > limits["columns"]:
        raise RefdashError("import.too_many_columns", file=name, columns=columns,
                           limit=limits["columns"])
    if rows * columns > limits["cells"]:
        raise RefdashError("import.too_many_cells", file=name, limit=limits["cells"])


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> Iterator[bytes]:
    """The decompressed chunks of ``info``, at most ``budget + 1`` bytes in all whatever
    the directory declares (zipfile stops at the size it is told)."""
    bounded = copy.copy(info)
    bounded.file_size = budget + 1
    with zf.open(bounded) as part:
        while chunk := part.read(_CHUNK):
            yield chunk


def _read_ahead(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The items of ``chunks``, the next one made in another thread while the caller works
    on this one: zlib and numpy let go of the GIL, so a large sheet's decompression (75 ms
    for 38 MB) runs beside its count instead of before it. One chunk ahead at most, so
    memory stays bounded by two; the worker's errors are raised here."""
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="xlsx-read") as pool:
        pending = pool.submit(next, chunks, None)
        while (chunk := pending.result()) is not None:
            pending = pool.submit(next, chunks, None)
            yield chunk


def scan_parts(zf: zipfile.ZipFile, name: str, limits: dict[str, int]) -> None:
    """Decompress every XML part as a stream: refuse a DTD, more bytes than the budget or
    than declared, and a worksheet beyond the limits, as soon as it shows."""
    budget = MAX_UNCOMPRESSED_BYTES
    for info in zf.infolist():
        if info.is_dir():
            continue
        is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        count, carry, size = _SheetCount(), b"", 0
        try:
            chunks = _stream(zf, info, budget)
            for chunk in (_read_ahead(chunks) if info.file_size > _CHUNK else chunks):
                size += len(chunk)
                if size > budget:
                    raise RefdashError("import.too_expanded", file=name,
                                       size=f"> {_mb(MAX_UNCOMPRESSED_BYTES)}",
                                       limit=_mb(MAX_UNCOMPRESSED_BYTES))
                buf = carry + chunk + _PAD
                end = len(buf) - len(_PAD)
                cut = buf.rfind(b">", 0, end) + 1  # whole tags only; the rest: the next
                carry = buf[cut:end]
                # Without a "!" (rare in a sheet: memchr finds none in a few ms) no
                # declaration can be there: the expression (25 ms a 38 MB sheet) is skipped.
                if buf.find(b"!", 0, cut) >= 0 and _FORBIDDEN.search(buf, 0, cut):
                    raise RefdashError("import.unsafe_xlsx", file=name, part=info.filename)
                if is_sheet:
                    if not _count_common(buf, cut, count):
                        _count_sheet(buf[:cut], count)
                    _check_sheet(count, name, limits)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise RefdashError("import.bad_xlsx", file=name) from exc
        if size != info.file_size:  # the directory lied about this part
            raise RefdashError("import.bad_xlsx", file=name)
        budget -= size


def read_cells(data: bytes, name: str, limits: dict[str, int]
               ) -> tuple[str, Sequence[Sequence[object]], int]:
    """(sheet name, rows of cell values from the header on, the header's row number) of
    the first worksheet with a filled cell, once the zip and its parts passed the checks."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RefdashError("import.bad_xlsx", file=name) from exc
    with zf:
        check_zip(zf, name)
        scan_parts(zf, name, limits)
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine's own error kinds for broken workbooks
        raise RefdashError("import.bad_xlsx", file=name) from exc
    with workbook:
        for index, meta in enumerate(workbook.sheets_metadata):
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            try:
                rows = workbook.get_sheet_by_index(index).to_python(skip_empty_area=False)
            except Exception as exc:
                raise RefdashError("import.bad_xlsx", file=name) from exc
            first = next((i for i, row in enumerate(rows)
                          if any(v != "" and str(v).strip() for v in row)), None)
            if first is not None:
                return meta.name, rows[first:], first + 1
    raise RefdashError("import.empty", file=name)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off for the block (on again after, if it was on): a sheet
    read makes a list and a value per cell, none of them in a cycle, and each 700 new
    objects the collector would walk them, all older ones too every so often: 100-150 ms
    of 100,000 rows' 1.1-1.25 s read, more in a server holding a portfolio."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def cell_text(value: object) -> str:
    """A cell value as text: dates in ISO, whole numbers without ``.0``, yes/no as
    ``true``/``false``."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def _texts(values: np.ndarray) -> list[str]:
    """:func:`cell_text` of each value, each distinct value once (a date column repeats its
    days). Keyed on the type too: ``True``, ``1`` and ``1.0`` are one key to a dict, and
    three texts."""
    keys = [(type(v), v) for v in values]
    try:
        texts = {key: cell_text(key[1]) for key in set(keys)}
    except TypeError:  # an unhashable value (none comes from python-calamine)
        return [cell_text(v) for v in values]
    # Every key finds itself (a tuple compares its items by identity first: NaN too).
    return [texts[key] for key in keys]


#: The types python-calamine gives a cell, for which two equal values of one type always
#: have the same text (``0.0`` and ``-0.0``: ``0``), so that a column of one of them is
#: converted a distinct value at a time, keyed on the value alone.
_PLAIN_TYPES = frozenset({float, int, bool, datetime.datetime, datetime.date, datetime.time,
                          datetime.timedelta})


def _column_texts(cells: np.ndarray) -> np.ndarray:
    """:func:`cell_text` of each of a column's ``cells`` (an object array): text as it is;
    a column of one other type (a date, a number column) by its distinct values, with no
    loop in Python over its cells; a mixed one by :func:`_texts` on the cells not text."""
    if pd.api.types.infer_dtype(cells, skipna=False) == "string":  # in C: text only
        return cells
    types = set(map(type, cells))
    if len(types) == 1 and types <= _PLAIN_TYPES:
        texts = {value: cell_text(value) for value in set(cells)}
        # NaN finds itself too: a dict compares by identity first.
        return np.fromiter(map(texts.__getitem__, cells), dtype=object, count=len(cells))
    other = np.fromiter((type(v) is not str for v in cells), dtype=bool, count=len(cells))
    cells = cells.copy()
    cells[other] = _texts(cells[other])
    return cells


def text_frame(rows: Sequence[Sequence[object]], width: int) -> pd.DataFrame:
    """The cells of ``rows`` as text (:func:`cell_text`), columns ``0 .. width - 1``.

    A column at a time: a column of text stays as it is, a column of one other type (dates,
    numbers) is converted a distinct value at a time; the missing cells of a short row
    are empty."""
    if set(map(len, rows)) - {width}:
        rows = [list(row) + [None] * (width - len(row)) for row in rows]
    frame = pd.DataFrame(rows, columns=range(width), dtype=object)
    columns = {column: _column_texts(frame[column].to_numpy()) for column in frame.columns}
    return pd.DataFrame(columns, index=range(len(frame)), dtype=str)
