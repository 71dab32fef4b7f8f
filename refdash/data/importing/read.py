"""Reading a CSV or XLSX file into a :class:`Table` of text cells.

The encoding comes from charset-normalizer (UTF-8 with or without BOM, UTF-16, cp1252 as a
French or Italian Excel writes it), the CSV dialect from :class:`csv.Sniffer`, the cells from
Python's :mod:`csv` module (every row's number of cells is checked against the header's),
XLSX sheets from python-calamine once :mod:`.xlsx` measured what the zip expands to.
Garbage (empty, binary, too large, too wide, a broken quote, a ragged row) is refused with
a :class:`RefdashError` ``import.<reason>``.

The work is bounded by what a file expands to, checked while it is read: at most
:data:`MAX_ROWS` rows, :data:`MAX_COLUMNS` columns, :data:`MAX_CELLS` cells,
:data:`MAX_CELL_CHARS` characters a cell and :data:`MAX_LINE_CHARS` a CSV line (XLSX: see
:mod:`.xlsx` for the uncompressed bytes and the compression ratio).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from refdash.data.importing import fastcsv, xlsx
from refdash.data.store.schema import Path_
from refdash.errors import RefdashError

if TYPE_CHECKING:
    from charset_normalizer.models import CharsetMatch

#: Larger files are refused (split them, or export fewer columns).
MAX_FILE_BYTES = 128 * 1024 * 1024
#: Wider files are refused: a CRM export with every property is not a client list.
MAX_COLUMNS = 200
#: Rows under the header, at most: an Excel sheet's own limit (1,048,576 rows) less its
#: header. Counted while reading, so a longer file stops there.
MAX_ROWS = 1_048_575
#: Cells (rows x columns of the header) at most: a million rows of twenty columns. Bounds
#: the memory of the table (about 60 bytes a cell at worst).
MAX_CELLS = 20_000_000
#: Characters of one cell at most: Excel's own limit.
MAX_CELL_CHARS = 32_767
#: Characters of one line of a CSV file at most (every column at its largest, quoted):
#: a line of a million commas is not read into a million cells.
MAX_LINE_CHARS = MAX_COLUMNS * (MAX_CELL_CHARS + 3)
#: Candidate CSV delimiters, most common first.
DELIMITERS = ",;\t|"
#: Encodings preferred among those charset-normalizer finds equally plausible: Western
#: European Excel writes cp1252, so a French file should not come out as Czech cp1250.
PREFERRED_ENCODINGS = ("utf_8", "cp1252", "iso8859_15", "latin_1")

# --------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class Table:
    """The cells of a file as text (``""`` where empty), with how they were read.

    ``rows`` holds the file row number of each record (the header is row 1).
    """

    frame: pd.DataFrame
    rows: pd.Series
    file_name: str
    file_format: str            # "csv" or "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    @property
    def headers(self) -> list[str]:
        return [str(c) for c in self.frame.columns]


def read_table(source: bytes | Path_, file_name: str | None = None,
               max_bytes: int = MAX_FILE_BYTES) -> Table:
    """Read a CSV or XLSX file (its bytes, or a path) into a :class:`Table` of text cells.

    Raises :class:`RefdashError` for anything that is not a readable, non-empty table.
    """
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        name = file_name or "upload"
        size = len(data)
    else:
        path = Path(source)
        name = file_name or path.name
        if not path.is_file():
            raise RefdashError("import.not_found", file=name)
        size = path.stat().st_size  # checked before reading a byte of a huge file
        data = b""
    if size > max_bytes:
        raise RefdashError("import.too_large", file=name, size=_mb(size), limit=_mb(max_bytes))
    if not isinstance(source, bytes | bytearray):
        data = Path(source).read_bytes()
    if not data.strip():
        raise RefdashError("import.empty", file=name)
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RefdashError("import.old_excel", file=name)
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise RefdashError("import.bad_xlsx", file=name)
    text, encoding = decode(data, name)
    # The bytes are already the text's UTF-8 when it was read as such (no second copy).
    raw = data if encoding == "utf_8" else data[3:] if encoding == "utf_8_sig" else None
    return _read_csv(text, name, encoding, raw)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def decode(data: bytes, file_name: str = "upload") -> tuple[str, str]:
    """The text of ``data`` and the encoding it was written in.

    A byte order mark decides; else strict UTF-8 (the modern default); else the best of
    what charset-normalizer finds, by :func:`_encoding_order` (a text that makes words,
    cp1252 among equally plausible single-byte encodings). Binary data raises
    :class:`RefdashError`.
    """
    for bom, enc in ((b"\xef\xbb\xbf", "utf_8_sig"), (b"\xff\xfe", "utf_16"),
                     (b"\xfe\xff", "utf_16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise RefdashError("import.bad_encoding", file=file_name, encoding=enc) from exc
    if b"\x00" in data[:65536]:
        raise RefdashError("import.binary", file=file_name)
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    sample = _detection_sample(data)
    matches = list(from_bytes(sample))
    if not matches:
        raise RefdashError("import.binary", file=file_name)
    order = _encoding_order(matches, sample)
    for encoding in order:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _control_share(text) > 0.01:
            raise RefdashError("import.binary", file=file_name)
        return text, encoding
    raise RefdashError("import.bad_encoding", file=file_name, encoding=order[0])


#: Encodings no export tool writes any more: Mac OS Classic, DOS code pages, HP Roman-8.
#: charset-normalizer may rate them as plausible as Windows' own for a short Western text.
_LEGACY_ENCODING = re.compile(r"^(mac_|hp_|cp\d{3}$|cp1125$)")
#: Marks that may stand between two letters of a word (l’offre, col·legi, a soft hyphen).
_IN_WORD_MARKS = frozenset("\u2019\u2018\u02bc\u00b4\u00b7\u00ad")
#: Non-ASCII characters of a sample examined per candidate encoding at most (time bound).
_SHAPE_CHARS = 20_000


def _encoding_order(matches: Sequence[CharsetMatch], sample: bytes) -> list[str]:
    """The encodings to try, best first, among charset-normalizer's ``matches``.

    charset-normalizer's measure of chaos alone reads a French ``n°`` as Celtic ``nḞ``
    (iso8859_14) or Mac ``nį``: every single-byte Latin encoding decodes such a file, and
    the rare symbols (° € ’ « œ) are where they differ. So the candidates are ranked by
    1. how many characters their text puts where no word has them (see
       :func:`_misplaced`): the right encoding makes words, a wrong one a capital inside a
       word, a symbol between two letters or a control character;
    2. legacy encodings (:data:`_LEGACY_ENCODING`) after current ones;
    3. among the remaining ones about as plausible as the best (chaos within 0.02), a
       :data:`PREFERRED_ENCODINGS` one first (Western European Excel writes cp1252), then
       charset-normalizer's order.
    A genuine Polish cp1250 or Lithuanian cp1257 file keeps its encoding: read as cp1252,
    its letters become symbols inside words (``W¹sik``) or its chaos is clearly higher.
    """
    ranked: list[tuple[int, bool, float, str]] = []
    for m in matches:
        encoding, chaos = m.encoding, float(m.chaos)
        try:
            text = sample.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        ranked.append((_misplaced(text), bool(_LEGACY_ENCODING.match(encoding)), chaos,
                       encoding))
    everyone = [m.encoding for m in matches]
    if not ranked:
        return everyone
    first = min((misplaced, legacy) for misplaced, legacy, _c, _e in ranked)
    group = [(chaos, enc) for misplaced, legacy, chaos, enc in ranked
             if (misplaced, legacy) == first]
    best = min(chaos for chaos, _enc in group)
    plausible = [enc for chaos, enc in group if chaos <= best + 0.02]
    preferred = [e for e in PREFERRED_ENCODINGS if e in plausible]
    return list(dict.fromkeys(preferred + plausible + [e for *_r, e in sorted(ranked)]
                              + everyone))


def _misplaced(text: str) -> int:
    """How many non-ASCII characters of ``text`` sit where no word puts them: a control
    character, a capital right after a small letter (``nḞ``), a letter of another script
    than Latin beside a Latin one, or a character that is no letter between two letters
    (``W¹sik``; an apostrophe ``l’offre`` is fine).
    The first :data:`_SHAPE_CHARS` non-ASCII characters only (a bounded look)."""
    count = 0
    for seen, match in enumerate(re.finditer(r"[^\x00-\x7f]", text)):
        if seen >= _SHAPE_CHARS:
            break
        i = match.start()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        count += _out_of_word(match.group(), before, after)
    return count


def _out_of_word(ch: str, before: str, after: str) -> bool:
    """Whether ``ch`` between ``before`` and ``after`` is where no word has it."""
    if unicodedata.category(ch) == "Cc" or ch.isupper() and before.islower():
        return True
    if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
        # A word is written in one script: no Arabic letter right after an "n".
        return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())
    return (unicodedata.category(ch) not in ("Lu", "Ll", "Lt") and ch not in _IN_WORD_MARKS
            and before.isalpha() and after.isalpha())


def _detection_sample(data: bytes, size: int = 256 * 1024, lines: int = 400) -> bytes:
    """What charset-normalizer reads of a large file: its beginning and whole lines around
    non-ASCII bytes spread over the file (where encodings differ). Decoding the whole file
    afterwards checks the choice."""
    if len(data) <= size:
        return data
    high = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) >= 0x80)
    pieces = [data[: size // 4].rsplit(b"\n", 1)[0] + b"\n"]
    if len(high):
        picks = high[np.unique(np.linspace(0, len(high) - 1, min(len(high), lines)).astype(int))]
        for pos in picks:  # a few hundred samples, not the rows of the file
            start = data.rfind(b"\n", max(0, pos - 1024), pos) + 1
            end = data.find(b"\n", pos, pos + 1024)
            pieces.append(data[start: end + 1 if end >= 0 else pos + 1])
    return b"".join(pieces)


def _control_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t")
    return controls / len(sample)


def sniff_delimiter(text: str) -> tuple[str, str]:
    """(delimiter, quote character) of a CSV text, by :class:`csv.Sniffer` on its first
    lines; when the sniffer cannot tell, the candidate that splits the header most."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    header = sample.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
        delimiter, quote = dialect.delimiter, dialect.quotechar or '"'
        # The sniffer may pick a character the header does not even contain.
        if delimiter in header or not any(d in header for d in DELIMITERS):
            return delimiter, quote
    except csv.Error:
        pass
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return (best if counts[best] else ","), '"'

#: Appended after the text as a last line of its own: when a quote is never closed, the
#: reader swallows it into the open cell, which tells the broken quote from any other
#: file without reading an error message (a noncharacter, absent from real files).
_SENTINEL = "\ufdd0refdash-end\ufdd0"
# A cell may be as large as Excel allows (and the sentinel swallowed by an open quote).
csv.field_size_limit(MAX_CELL_CHARS + len(_SENTINEL) + 2)


class _LongLine(Exception):
    """A physical line over :data:`MAX_LINE_CHARS` (raised through the csv reader)."""


#: One physical line and its end (``\r\n``, ``\r`` or ``\n``, as ``newline=""`` reads).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _bounded_lines(text: str) -> Iterator[str]:
    """The lines of ``text``, then the sentinel's; a line over :data:`MAX_LINE_CHARS`
    raises before it is copied. (Slices of the text: no second copy of the file, as an
    ``io.StringIO`` makes, four bytes a character.)"""
    pos, size, limit = 0, len(text), MAX_LINE_CHARS
    lone_cr = text.count("\r") != text.count("\r\n")  # old Mac line ends: the regex
    while pos < size:
        # The common case by str.find, twice as fast as the regex (which always matches).
        end = (_LINE.match(text, pos).end() if lone_cr  # type: ignore[union-attr]
               else text.find("\n", pos) + 1 or size)
        if end - pos > limit:
            raise _LongLine
        yield text[pos:end]
        pos = end
    yield f"{_SENTINEL}\n"


def _limits() -> fastcsv.Limits:
    """What the fast path must keep to: this module's limits as they are now."""
    return fastcsv.Limits(max_rows=MAX_ROWS, max_columns=MAX_COLUMNS, max_cells=MAX_CELLS,
                          max_cell_chars=MAX_CELL_CHARS, max_line_chars=MAX_LINE_CHARS)


def _read_csv(text: str, name: str, encoding: str, raw: bytes | None = None) -> Table:
    """The cells of a CSV text; every row must have as many cells as the header (a blank
    line aside), else the file is refused with that row's number.

    pyarrow's parser reads an ordinary file (:mod:`.fastcsv`, several times faster);
    anything it cannot vouch for is read by :mod:`csv` here, which says what is wrong."""
    delimiter, quote = sniff_delimiter(text)
    fast = fastcsv.read_cells(text, raw, delimiter, quote, _limits())
    if fast is not None:
        cells, frame = fast
        frame.columns = _header_names(cells)
        return _finish(frame, name, "csv", encoding=encoding, delimiter=delimiter)
    reader = csv.reader(_bounded_lines(text), delimiter=delimiter, quotechar=quote)
    records = _bounded_records(reader, name)
    if records and records[-1] == [_SENTINEL]:
        records.pop()
    elif records and records[-1] and _SENTINEL in records[-1][-1]:
        # Row numbers count records, the header being row 1, as a spreadsheet shows them.
        raise RefdashError("import.broken_quote", file=name, row=len(records))
    while records and not any(cell.strip() for cell in records[0]):
        records.pop(0)
    if not records:
        raise RefdashError("import.empty", file=name)
    header, body = _header_names(records[0]), records[1:]
    _check_widths(body, len(header), name)
    return _finish(pd.DataFrame(body, columns=header, dtype=str), name, "csv",
                   encoding=encoding, delimiter=delimiter)


def _bounded_records(reader: Iterator[list[str]], name: str) -> list[list[str]]:
    """The records of ``reader``, stopping at the first one beyond a limit: a header over
    :data:`MAX_COLUMNS` cells, a row with more cells than the header, more rows than
    :data:`MAX_ROWS` (or :data:`MAX_CELLS` cells), a line or a cell too long."""
    records: list[list[str]] = []
    header_at, width, most = -1, 0, MAX_ROWS + 1  # + 1: the sentinel's record
    try:
        for record in reader:
            records.append(record)
            if header_at < 0:
                if any(cell.strip() for cell in record):
                    header_at, width = len(records) - 1, len(record)
                    if width > MAX_COLUMNS:
                        raise RefdashError("import.too_many_columns", file=name,
                                           columns=width, limit=MAX_COLUMNS)
                    most = min(MAX_ROWS, MAX_CELLS // width) + 1
                continue
            if (len(record) != width and any(cell.strip() for cell in record)
                    and _SENTINEL not in record[-1]):
                # Checked here (not after reading): a row of a million cells stops now.
                raise RefdashError("import.ragged_row", file=name, row=len(records) - header_at,
                                   expected=width, found=len(record))
            if len(records) - header_at - 1 > most:
                _too_long(name, width)
    except _LongLine as exc:
        next_row = len(records) + 1 - max(header_at, 0)  # the record being read
        raise RefdashError("import.line_too_long", file=name, row=next_row,
                           limit=MAX_LINE_CHARS) from exc
    except csv.Error as exc:
        next_row = len(records) + 1 - max(header_at, 0)
        # The only csv error a read of text can raise besides this one is a NUL byte,
        # refused earlier as binary; the message is the only way to tell them apart.
        if "field larger" in str(exc):
            raise RefdashError("import.cell_too_large", file=name,
                               row=next_row,
                               limit=MAX_CELL_CHARS) from exc
        raise RefdashError("import.unreadable_csv", file=name, detail=str(exc)) from exc
    if header_at >= 0 and len(records) - header_at - 2 > most - 1:  # less the sentinel's
        _too_long(name, width)
    return records


def _too_long(name: str, width: int) -> None:
    if MAX_CELLS // width >= MAX_ROWS:
        raise RefdashError("import.too_many_rows", file=name, limit=MAX_ROWS)
    raise RefdashError("import.too_many_cells", file=name, limit=MAX_CELLS)


def _header_names(cells: list[str]) -> list[str]:
    """Header cells as column names the way pandas names them: an empty one
    ``Unnamed: i``, a repeated one ``name.1``, ``name.2``..."""
    names = [c if c.strip() else f"Unnamed: {i}" for i, c in enumerate(cells)]
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            out.append(f"{n}.{seen[n]}")
        else:
            seen[n] = 0
            out.append(n)
    return out


def _check_widths(body: list[list[str]], width: int, name: str) -> None:
    """Refuse the first row whose number of cells differs from the header's; a blank
    line (no cell, or only spaces) becomes an empty row, dropped later but still counted."""
    lengths = np.fromiter(map(len, body), dtype=np.int64, count=len(body))
    for i in np.flatnonzero(lengths != width):  # the few odd rows only, not every row
        if not any(cell.strip() for cell in body[i]):
            body[i] = [""] * width
            continue
        raise RefdashError("import.ragged_row", file=name, row=int(i) + 2, expected=width,
                           found=int(lengths[i]))


def _read_xlsx(data: bytes, name: str) -> Table:
    """The first non-empty sheet of a workbook, each cell as text (dates as ISO text,
    numbers without a spurious ``.0``), row numbers as the spreadsheet shows them."""
    limits = {"rows": MAX_ROWS, "columns": MAX_COLUMNS, "cells": MAX_CELLS}
    with xlsx.gc_paused():
        sheet, values, header_row = xlsx.read_cells(data, name, limits)
        width = max(map(len, values))
        if width > MAX_COLUMNS:
            raise RefdashError("import.too_many_columns", file=name, columns=width,
                               limit=MAX_COLUMNS)
        header = [xlsx.cell_text(v).strip() for v in values[0]] + [""] * (width - len(values[0]))
        header = [h or f"column {i + 1}" for i, h in enumerate(header)]
        frame = xlsx.text_frame(values[1:], width)
        del values  # its lists go now, with the collector still off
    frame.columns = _unique(header)
    return _finish(frame, name, "xlsx", first_row=header_row + 1, sheet=sheet)


def _unique(names: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            out.append(f"{n} ({seen[n]})")
        else:
            seen[n] = 1
            out.append(n)
    return out


def _finish(frame: pd.DataFrame, name: str, file_format: str, first_row: int = 2,
            **how: str | None) -> Table:
    """The table of ``frame`` (cells stripped, blank rows dropped); ``first_row`` is the
    file row number of its first record."""
    if frame.shape[1] > MAX_COLUMNS:
        raise RefdashError("import.too_many_columns", file=name, columns=frame.shape[1],
                            limit=MAX_COLUMNS)
    _check_similar_headers([str(c) for c in frame.columns], name)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda s: s.str.strip()) if len(frame) else frame
    rows = pd.Series(np.arange(len(frame), dtype="int64") + first_row, index=frame.index)
    _check_cell_sizes(frame, rows, name)
    filled = frame.ne("").any(axis=1) if len(frame) else pd.Series(dtype=bool)
    frame, rows = frame[filled], rows[filled]
    if frame.empty:
        raise RefdashError("import.no_rows", file=name)
    return Table(frame=frame.reset_index(drop=True), rows=rows.reset_index(drop=True),
                 file_name=name, file_format=file_format, **how)


def _check_similar_headers(headers: list[str], name: str) -> None:
    """Refuse two headers that differ only by spaces or capitals (``Email`` and
    ``email ``): which one feeds a field would be a guess, and stripped they collide."""
    seen: dict[str, str] = {}
    for header in headers:
        key = " ".join(header.split()).casefold()
        if key in seen:
            raise RefdashError("import.similar_headers", file=name, first=seen[key],
                               second=header)
        seen[key] = header


def _check_cell_sizes(frame: pd.DataFrame, rows: pd.Series, name: str) -> None:
    """Refuse the first cell over :data:`MAX_CELL_CHARS` (column by column, vectorised)."""
    for column in frame.columns:
        lengths = frame[column].str.len()
        if len(lengths) and lengths.max() > MAX_CELL_CHARS:
            at = int(np.argmax(lengths.to_numpy() > MAX_CELL_CHARS))
            raise RefdashError("import.cell_too_large", file=name, row=int(rows.iloc[at]),
                               limit=MAX_CELL_CHARS)
