"""The whole store as CSV files (in a folder or a zip), and backups as a file or bytes."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

from refdash.data import store
from refdash.errors import RefdashError

#: The files of an export, in the order they are written.
EXPORT_FILES: tuple[str, ...] = ("clients", "events", "referrals", "import_mappings", "meta")


#: The media type of a backup file (a SQLite database).
BACKUP_MIME = "application/vnd.sqlite3"

#: What a spreadsheet reads as the start of a formula (or, for tab and carriage return, what
#: hides one): OWASP's CSV-injection list.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = "^[=+\\-@\t\r]"


def _neutral(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` that a spreadsheet shows as typed: every text cell (and header)
    starting with one of :data:`FORMULA_STARTS` gets a leading ``'`` (OWASP's advice), so
    ``=HYPERLINK(...)`` stays text. Numbers stay numbers (a column of negative amounts is not
    touched: only ``str`` cells are); the store and the frame given are left as they are."""
    out = frame.copy(deep=False)
    out.columns = [_neutral(c) for c in frame.columns]
    for i in range(frame.shape[1]):
        col = frame.iloc[:, i]
        if not (col.dtype == object or pd.api.types.is_string_dtype(col.dtype)):
            continue
        try:  # vectorised test first: most columns have no such cell
            hit = col.str.contains(_FORMULA_PATTERN, regex=True, na=False)
        except AttributeError:  # no text at all in this column (only None, numbers)
            continue
        hit = hit.astype(bool) & col.map(lambda v: isinstance(v, str)).astype(bool)
        if hit.any():
            fixed = col.astype(object).copy()
            fixed[hit] = "'" + col[hit].astype(str)
            out.isetitem(i, fixed)
    return out


def csv_bytes(frame: pd.DataFrame, sep: str = ",", decimal: str = ".") -> bytes:
    """``frame`` as a CSV file refdash hands out: spreadsheet-safe (:func:`spreadsheet_safe`),
    UTF-8 with a BOM (Excel opens the accents right, and refdash's import reads it). Lines
    end in CRLF (RFC 4180): the csv writer then quotes a cell holding a lone carriage return,
    which with bare LF endings would split the row in two for every reader. ``sep`` and
    ``decimal``: ``";"`` and ``","`` for a spreadsheet in French or Italian."""
    return spreadsheet_safe(frame).to_csv(index=False, lineterminator="\r\n", sep=sep,
                                          decimal=decimal).encode("utf-8-sig")





def export_files(path: str | os.PathLike[str]) -> dict[str, bytes]:
    """``{"clients.csv": bytes, ...}``: every table, read in one consistent snapshot."""
    tables = store.export_tables(path)
    return {f"{name}.csv": csv_bytes(tables[name]) for name in EXPORT_FILES}


def export_zip(path: str | os.PathLike[str]) -> bytes:
    """The CSV files of :func:`export_files` in one zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in export_files(path).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def export_dir(path: str | os.PathLike[str], folder: str | os.PathLike[str],
               overwrite: bool = False) -> list[Path]:
    """Write the CSV files into ``folder`` (created if needed) and return their paths.

    Existing files of the same names are refused unless ``overwrite``; each file is
    written beside its final name and renamed into place, so none is ever half-written.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise RefdashError("store.export_file", path=str(folder))
    files = export_files(path)
    targets = [folder / name for name in files]
    clash = [t.name for t in targets if t.exists()]
    if clash and not overwrite:
        raise RefdashError("store.export_clash", path=str(folder), files=", ".join(clash))
    folder.mkdir(parents=True, exist_ok=True)
    # Every file is written beside its name first and renamed only once all are written:
    # a full disk leaves the previous export whole (never half old, half new), and no part.
    parts = [t.with_name(f".{t.name}.part") for t in targets]
    try:
        for part, data in zip(parts, files.values(), strict=True):
            write_file(part, data)
    except OSError as exc:
        for part in parts:
            part.unlink(missing_ok=True)
        raise store.write_failed(folder, exc) from exc
    for part, target in zip(parts, targets, strict=True):
        os.replace(part, target)
    return targets


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` and flush it to the disk (so a full disk is found here)."""
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def backup_bytes(path: str | os.PathLike[str]) -> bytes:
    """A consistent backup of the store (SQLite's backup API) as the bytes of a file."""
    with tempfile.TemporaryDirectory(prefix="refdash-backup-") as tmp:
        dest = store.backup(path, Path(tmp) / "backup.db")
        return dest.read_bytes()
