"""Reading a CSV or XLSX file into a :class:`Table` of text cells.

The encoding comes from charset-normalizer (UTF-8 with or without BOM, UTF-16, cp1252 as a
French or Italian Excel writes it), the CSV dialect from :class:`csv.Sniffer`, the cells from
Python's :mod:`csv` module (every row's number of cells is checked against the header's),
XLSX sheets from openpyxl. Garbage (empty, binary, too large, too wide, a broken quote, a
ragged row) is refused with a :class:`RefdashError` ``import.<reason>``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from refdash.data.store.schema import Path_
from refdash.errors import RefdashError

#: Larger files are refused (split them, or export fewer columns).
MAX_FILE_BYTES = 128 * 1024 * 1024
#: Wider files are refused: a CRM export with every property is not a client list.
MAX_COLUMNS = 200
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
    return _read_csv(text, name, encoding)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def decode(data: bytes, file_name: str = "upload") -> tuple[str, str]:
    """The text of ``data`` and the encoding it was written in.

    A byte order mark decides; else strict UTF-8 (the modern default); else what
    charset-normalizer finds, preferring cp1252 among equally plausible single-byte
    encodings. Binary data raises :class:`RefdashError`.
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

    matches = list(from_bytes(_detection_sample(data)))
    if not matches:
        raise RefdashError("import.binary", file=file_name)
    best = min(m.chaos for m in matches)
    plausible = [m.encoding for m in matches if m.chaos <= best + 0.02]
    order = [e for e in PREFERRED_ENCODINGS if e in plausible] + plausible + [
        m.encoding for m in matches]
    for encoding in dict.fromkeys(order):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _control_share(text) > 0.01:
            raise RefdashError("import.binary", file=file_name)
        return text, encoding
    raise RefdashError("import.bad_encoding", file=file_name, encoding=order[0])


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
# A cell may be as large as a file refdash reads (the default limit is 128 KiB).
csv.field_size_limit(MAX_FILE_BYTES)


def _read_csv(text: str, name: str, encoding: str) -> Table:
    """The cells of a CSV text, read by :mod:`csv`; every row must have as many cells as
    the header (a blank line aside), else the file is refused with that row's number."""
    delimiter, quote = sniff_delimiter(text)
    end = "" if text.endswith(("\n", "\r")) else "\n"
    reader = csv.reader(io.StringIO(f"{text}{end}{_SENTINEL}\n", newline=""),
                        delimiter=delimiter, quotechar=quote)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise RefdashError("import.unreadable_csv", file=name, detail=str(exc)) from exc
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
    numbers without a spurious ``.0``)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise RefdashError("import.bad_xlsx", file=name) from exc
    except Exception as exc:  # openpyxl raises its own kinds for broken workbooks
        raise RefdashError("import.bad_xlsx", file=name) from exc
    try:
        for sheet in workbook.worksheets:
            values = [row for row in sheet.iter_rows(values_only=True)
                      if any(v is not None and str(v).strip() != "" for v in row)]
            if values:
                break
        else:
            raise RefdashError("import.empty", file=name)
    finally:
        workbook.close()
    width = max(len(r) for r in values)
    if width > MAX_COLUMNS:
        raise RefdashError("import.too_many_columns", file=name, columns=width, limit=MAX_COLUMNS)
    header = [_cell_text(v) for v in values[0]] + [""] * (width - len(values[0]))
    header = [h or f"column {i + 1}" for i, h in enumerate(header)]
    body = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in values[1:]],
                        columns=range(width), dtype=object)
    frame = body.map(_cell_text) if len(body) else body
    frame.columns = _unique(header)
    return _finish(frame.astype(str), name, "xlsx", sheet=sheet.title)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value).strip()


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


def _finish(frame: pd.DataFrame, name: str, file_format: str, **how: str | None) -> Table:
    if frame.shape[1] > MAX_COLUMNS:
        raise RefdashError("import.too_many_columns", file=name, columns=frame.shape[1],
                            limit=MAX_COLUMNS)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda s: s.str.strip()) if len(frame) else frame
    rows = pd.Series(np.arange(len(frame), dtype="int64") + 2, index=frame.index)
    filled = frame.ne("").any(axis=1) if len(frame) else pd.Series(dtype=bool)
    frame, rows = frame[filled], rows[filled]
    if frame.empty:
        raise RefdashError("import.no_rows", file=name)
    return Table(frame=frame.reset_index(drop=True), rows=rows.reset_index(drop=True),
                 file_name=name, file_format=file_format, **how)


