"""Reading CRM exports and spreadsheets into checked rows for the store.

Three steps, each usable alone (the Data page shows what each one found; the command line
runs them in a row):

1. :func:`read_table` turns the bytes of a CSV or XLSX file into a table of text cells. The
   encoding comes from charset-normalizer (UTF-8 with or without BOM, UTF-16, cp1252 as a
   French or Italian Excel writes it), the CSV dialect from :class:`csv.Sniffer`, XLSX
   sheets from openpyxl. Garbage (empty, binary, too large, too wide, a broken quote) is
   refused with an :class:`ImportFailure` that says what is wrong.
2. :func:`suggest_mapping` proposes which column of the file feeds which field of refdash
   (headers of HubSpot, Salesforce, Pipedrive, Zoho and French and Italian spreadsheets).
   Unmapped columns are kept with the row as extra attributes unless the user drops them.
3. :func:`prepare` parses dates, numbers, kinds and statuses and checks every row against
   the rules and the store, vectorised over the whole column (no loop over rows). It
   returns the valid rows in the store's import shape and every problem by row and column.

:func:`commit` then writes the valid rows through :func:`refdash.data.store.import_rows` (one
transaction, upsert on the external id). Row numbers count the header as row 1, as a
spreadsheet does.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from refdash import i18n


from refdash.data import store
KINDS: tuple[str, ...] = store.IMPORT_KINDS
#: Mapping target of a column kept with the row as an extra attribute.
KEEP = "__keep__"
#: Mapping target of a column the user chose to leave out.
DROP = "__drop__"
#: Larger files are refused (split them, or export fewer columns).
MAX_FILE_BYTES = 128 * 1024 * 1024
#: Wider files are refused: a CRM export with every property is not a client list.
MAX_COLUMNS = 200
#: Candidate CSV delimiters, most common first.
DELIMITERS = ",;\t|"
#: Encodings preferred among those charset-normalizer finds equally plausible: Western
#: European Excel writes cp1252, so a French file should not come out as Czech cp1250.
PREFERRED_ENCODINGS = ("utf_8", "cp1252", "iso8859_15", "latin_1")

ProgressFn = Callable[[float, str], None]


# --------------------------------------------------------------------------- failures

class ImportFailure(Exception):
    """A file or mapping refdash cannot import; ``message(lang)`` says why, in words.

    ``code`` names the translation ``data.error.<code>``; ``params`` fill its placeholders.
    """

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The explanation in ``lang`` (field names given by their label)."""
        params = dict(self.params)
        if "field" in params:
            params["field"] = ", ".join(
                i18n.translate(f"data.field.{f.strip()}", lang)
                for f in str(params["field"]).split(","))
        return i18n.translate(f"data.error.{self.code}", lang, **params)


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


def read_table(source: bytes | str | os.PathLike[str], file_name: str | None = None,
               max_bytes: int = MAX_FILE_BYTES) -> Table:
    """Read a CSV or XLSX file (its bytes, or a path) into a :class:`Table` of text cells.

    Raises :class:`ImportFailure` for anything that is not a readable, non-empty table.
    """
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        name = file_name or "upload"
        size = len(data)
    else:
        path = Path(source)
        name = file_name or path.name
        if not path.is_file():
            raise ImportFailure("not_found", file=name)
        size = path.stat().st_size  # checked before reading a byte of a huge file
        data = b""
    if size > max_bytes:
        raise ImportFailure("too_large", file=name, size=_mb(size), limit=_mb(max_bytes))
    if not isinstance(source, bytes | bytearray):
        data = Path(source).read_bytes()
    if not data.strip():
        raise ImportFailure("empty", file=name)
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailure("old_excel", file=name)
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFailure("bad_xlsx", file=name)
    text, encoding = decode(data, name)
    return _read_csv(text, name, encoding)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def decode(data: bytes, file_name: str = "upload") -> tuple[str, str]:
    """The text of ``data`` and the encoding it was written in.

    A byte order mark decides; else strict UTF-8 (the modern default); else what
    charset-normalizer finds, preferring cp1252 among equally plausible single-byte
    encodings. Binary data raises :class:`ImportFailure`.
    """
    for bom, enc in ((b"\xef\xbb\xbf", "utf_8_sig"), (b"\xff\xfe", "utf_16"),
                     (b"\xfe\xff", "utf_16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ImportFailure("bad_encoding", file=file_name, encoding=enc) from exc
    if b"\x00" in data[:65536]:
        raise ImportFailure("binary", file=file_name)
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(_detection_sample(data)))
    if not matches:
        raise ImportFailure("binary", file=file_name)
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
            raise ImportFailure("binary", file=file_name)
        return text, encoding
    raise ImportFailure("bad_encoding", file=file_name, encoding=order[0])


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


_PARSER_EOF = re.compile(r"EOF inside string starting at row (\d+)")
_PARSER_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_csv(text: str, name: str, encoding: str) -> Table:
    delimiter, quote = sniff_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, quotechar=quote, dtype=str,
            keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c",
        )
    except pd.errors.EmptyDataError as exc:
        raise ImportFailure("empty", file=name) from exc
    except pd.errors.ParserError as exc:
        msg = str(exc)
        if m := _PARSER_EOF.search(msg):
            raise ImportFailure("broken_quote", file=name, row=int(m.group(1)) + 1) from exc
        if m := _PARSER_FIELDS.search(msg):
            raise ImportFailure("ragged_row", file=name, row=int(m.group(2)),
                                expected=int(m.group(1)), found=int(m.group(3))) from exc
        raise ImportFailure("unreadable_csv", file=name, detail=msg.split(". ")[-1]) from exc
    return _finish(frame, name, "csv", encoding=encoding, delimiter=delimiter)


def _read_xlsx(data: bytes, name: str) -> Table:
    """The first non-empty sheet of a workbook, each cell as text (dates as ISO text,
    numbers without a spurious ``.0``)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportFailure("bad_xlsx", file=name) from exc
    except Exception as exc:  # openpyxl raises its own kinds for broken workbooks
        raise ImportFailure("bad_xlsx", file=name) from exc
    try:
        for sheet in workbook.worksheets:
            values = [row for row in sheet.iter_rows(values_only=True)
                      if any(v is not None and str(v).strip() != "" for v in row)]
            if values:
                break
        else:
            raise ImportFailure("empty", file=name)
    finally:
        workbook.close()
    width = max(len(r) for r in values)
    if width > MAX_COLUMNS:
        raise ImportFailure("too_many_columns", file=name, columns=width, limit=MAX_COLUMNS)
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
        raise ImportFailure("too_many_columns", file=name, columns=frame.shape[1],
                            limit=MAX_COLUMNS)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda s: s.str.strip()) if len(frame) else frame
    rows = pd.Series(np.arange(len(frame), dtype="int64") + 2, index=frame.index)
    filled = frame.ne("").any(axis=1) if len(frame) else pd.Series(dtype=bool)
    frame, rows = frame[filled], rows[filled]
    if frame.empty:
        raise ImportFailure("no_rows", file=name)
    return Table(frame=frame.reset_index(drop=True), rows=rows.reset_index(drop=True),
                 file_name=name, file_format=file_format, **how)


# --------------------------------------------------------------------------- fields, mapping

@dataclass(frozen=True)
class Field:
    """A field of refdash an import column can feed."""

    name: str
    required: bool = False


FIELDS: dict[str, tuple[Field, ...]] = {
    "clients": (
        Field("external_id", required=True), Field("name"), Field("first_name"),
        Field("last_name"), Field("company"), Field("email"), Field("owner"),
        Field("start_date", required=True), Field("sphere_size"), Field("referred_by"),
    ),
    "events": (
        Field("external_id"), Field("client", required=True), Field("date", required=True),
        Field("kind", required=True), Field("score"), Field("note"),
    ),
    "referrals": (
        Field("external_id"), Field("client", required=True), Field("date", required=True),
        Field("prospect_name", required=True), Field("solicited"), Field("status"),
        Field("converted_client"),
    ),
}

#: Headers (normalised: lower case, no accents, words split on anything else) that CRMs and
#: spreadsheets use for each field, best match first.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "clients": {
        "external_id": (
            "external id", "record id", "contact id", "account id", "company id",
            "organization id", "person id", "customer id", "client id", "crm id",
            "id du compte", "id du contact", "identifiant", "identifiant client", "id client",
            "numero client", "codice cliente", "id cliente", "codice", "record id contact",
            "id",
        ),
        "name": (
            "name", "full name", "contact name", "contact", "person name", "client name",
            "customer name", "nom complet", "nom du contact", "nom du client",
            "nominativo", "nome e cognome", "nome completo", "nome cliente",
        ),
        "first_name": ("first name", "firstname", "given name", "person first name", "prenom",
                       "nome di battesimo"),
        "last_name": ("last name", "lastname", "surname", "family name", "person last name",
                      "nom de famille", "cognome"),
        "company": (
            "company", "company name", "account name", "organization name", "organization",
            "organisation", "account", "nom du compte", "entreprise", "societe",
            "nom de l entreprise", "raison sociale", "ragione sociale", "azienda", "societa",
        ),
        "email": ("email", "e mail", "email address", "e mail address", "person email",
                  "adresse e mail", "adresse email", "courriel", "mail", "indirizzo email",
                  "indirizzo e mail", "posta elettronica"),
        "owner": (
            "owner", "contact owner", "company owner", "account owner", "record owner",
            "organization owner", "person owner", "sales lead", "salesperson", "sales rep",
            "proprietaire du compte", "proprietaire du contact", "proprietaire", "commercial",
            "responsable", "commerciale", "proprietario", "proprietario account",
            "venditore", "agente",
        ),
        "start_date": (
            "start date", "client since", "customer since", "became a customer date",
            "create date", "created date", "created time", "created", "date created",
            "organization organization created", "person person created", "date de debut",
            "date debut", "client depuis", "date de creation", "date d entree",
            "data inizio", "cliente dal", "data di creazione", "data creazione", "since",
            "start",
        ),
        "sphere_size": ("sphere size", "sphere", "network size", "taille du reseau",
                        "dimensione rete", "sfera"),
        "referred_by": (
            "referred by external id", "referred by", "referred by id", "referrer id",
            "referrer", "recommande par", "parrain", "id du parrain", "segnalato da",
            "presentato da",
        ),
    },
    "events": {
        "external_id": ("external id", "event id", "activity id", "engagement id",
                        "record id", "id activite", "id attivita", "id"),
        "client": (
            "client external id", "client id", "contact id", "account id", "company id",
            "organization id", "customer id", "associated contact id", "id du compte",
            "id client", "codice cliente", "id cliente", "client", "cliente",
        ),
        "date": ("date", "event date", "activity date", "date de l activite", "data",
                 "data attivita", "create date", "created date"),
        "kind": ("kind", "type", "event type", "activity type", "type d activite",
                 "evenement", "tipo", "tipo attivita", "evento"),
        "score": ("score", "satisfaction score", "satisfaction", "rating", "csat", "nps",
                  "note de satisfaction", "punteggio", "voto"),
        "note": ("note", "notes", "comment", "comments", "description", "subject",
                 "commentaire", "objet", "nota", "commento", "descrizione", "oggetto"),
    },
    "referrals": {
        "external_id": ("external id", "referral id", "record id", "id recommandation",
                        "id segnalazione", "id"),
        "client": (
            "client external id", "referrer id", "referrer", "referred by", "client id",
            "contact id", "account id", "id du parrain", "parrain", "id client",
            "codice cliente", "segnalato da", "client", "cliente",
        ),
        "date": ("date", "referral date", "created date", "create date",
                 "date de recommandation", "data", "data segnalazione"),
        "prospect_name": ("prospect name", "prospect", "lead name", "lead", "referred name",
                          "nom du prospect", "prospect nom", "nome prospect", "potenziale cliente",
                          "contatto", "name", "nom", "nome"),
        "solicited": ("solicited", "asked", "after ask", "sollicite", "sur demande",
                      "sollecitato", "su richiesta", "richiesto"),
        "status": ("status", "outcome", "stage", "statut", "etat", "resultat", "stato",
                   "esito"),
        "converted_client": (
            "converted client external id", "converted client id", "converted client",
            "converted to", "new client id", "client converti", "cliente convertito",
        ),
    },
}


def normalise_header(header: str) -> str:
    """``"Propriétaire du compte"`` -> ``"proprietaire du compte"``: lower case, accents
    removed, every run of other characters a single space."""
    text = unicodedata.normalize("NFKD", str(header))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _normalise_values(series: pd.Series) -> pd.Series:
    """The same normalisation for cell values, vectorised (``"Réunion"`` -> ``"reunion"``)."""
    folded = series.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    return folded.str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()


def suggest_mapping(headers: Sequence[str], kind: str) -> dict[str, str]:
    """A mapping ``{header: field}`` for every header, from the synonyms of common CRM
    exports; headers that match no field are kept as extra attributes (:data:`KEEP`).

    Each field takes at most one column, the best-matching one. A French "Nom" beside a
    "Prénom" is the last name; an Italian "Nome" beside a "Cognome" the first name.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    norm = {h: normalise_header(h) for h in headers}
    values = set(norm.values())
    candidates: list[tuple[int, int, str, str]] = []
    for f_order, (fld, words) in enumerate(SYNONYMS[kind].items()):
        extra_words: tuple[str, ...] = ()
        if kind == "clients" and fld == "last_name" and "prenom" in values:
            extra_words = ("nom",)
        if kind == "clients" and fld == "first_name" and "cognome" in values:
            extra_words = ("nome",)
        if kind == "clients" and fld == "name" and not values & {"prenom", "cognome"}:
            extra_words = ("nom", "nome")
        all_words = words + extra_words
        for position, h in enumerate(headers):
            if norm[h] in all_words:
                candidates.append((all_words.index(norm[h]), f_order, h, fld))
                del position
    mapping = {h: KEEP for h in headers}
    taken: set[str] = set()
    for _rank, _order, h, fld in sorted(candidates):
        if fld not in taken and mapping[h] == KEEP:
            mapping[h] = fld
            taken.add(fld)
    return mapping


def check_mapping(mapping: dict[str, str], kind: str, default_owner: str | None = None) -> None:
    """Raise :class:`ImportFailure` when a required field has no column, or when two
    columns feed the same field."""
    targets = [t for t in mapping.values() if t not in (KEEP, DROP)]
    known = {f.name for f in FIELDS[kind]}
    unknown = sorted(set(targets) - known)
    if unknown:
        raise ImportFailure("unknown_field", field=", ".join(unknown))
    twice = sorted({t for t in targets if targets.count(t) > 1})
    if twice:
        raise ImportFailure("field_twice", field=", ".join(twice))
    present = set(targets)
    missing = [f.name for f in FIELDS[kind] if f.required and f.name not in present]
    if kind == "clients":
        if not present & {"name", "first_name", "last_name", "company"}:
            missing.append("name")
        if "owner" not in present and not (default_owner or "").strip():
            missing.append("owner")
    if missing:
        raise ImportFailure("missing_field", field=", ".join(missing))


def matching_mapping(saved: Sequence[store.SavedMapping], headers: Sequence[str],
                     kind: str) -> store.SavedMapping | None:
    """The most recent saved mapping of ``kind`` made for a file with the same headers
    (in any order), or None."""
    wanted = sorted(headers)
    for m in saved:
        if m.kind == kind and sorted(m.headers) == wanted:
            return m
    return None


def complete_mapping(mapping: dict[str, str], headers: Sequence[str]) -> dict[str, str]:
    """``mapping`` restricted to ``headers``, every header present (unmapped -> KEEP)."""
    return {h: mapping.get(h, KEEP) for h in headers}


# --------------------------------------------------------------------------- parsing cells

_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_DMY = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})$")
_COMPACT = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})$")
_SERIAL = re.compile(r"^\d{3,5}(?:[.,]\d+)?$")
#: A time of day after a date (dropped: refdash keeps days), with an optional zone.
#: (Written without ``\d`` and ``\s`` so pandas can run it in pyarrow's engine.)
_TIME_TAIL = (r"(?:,?[ \t]+|T)[0-9]{1,2}[:h.][0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
              r"(?:[ \t]*[AaPp][Mm])?(?:[ \t]*Z|[ \t]*[+-][0-9]{2}:?[0-9]{2})?$")
#: Excel's day zero (its serial 60 is the 29 February 1900 that never was).
EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def _per_unique(cells: pd.Series, parse: Callable[[pd.Series], tuple[pd.Series, ...]]
                ) -> tuple[pd.Series, ...]:
    """Apply ``parse`` to the distinct values of ``cells`` only, then spread the results back
    to every row (a column of a million cells often holds a few thousand values)."""
    codes, uniques = pd.factorize(cells)
    results = parse(pd.Series(uniques, dtype="str"))
    return tuple(pd.Series(r.to_numpy()[codes], index=cells.index, dtype=r.dtype)
                 if len(r) else pd.Series(index=cells.index, dtype=r.dtype)
                 for r in results)


@dataclass(frozen=True)
class ParsedDates:
    """Dates parsed from a column: values (NaT where empty or bad), the bad cells, and the
    format found (``iso``, ``dmy``, ``mdy``, ``excel``, or a mix joined by ``+``)."""

    values: pd.Series
    bad: pd.Series
    formats: str


def parse_dates(cells: pd.Series, day_first: bool | None = None) -> ParsedDates:
    """Parse a column of date cells, vectorised.

    Accepts ISO (``2024-03-15``, with or without a time), ``dd/mm/yyyy`` and ``dd.mm.yyyy``
    (with or without a time), ``yyyymmdd``, and Excel serial numbers. Whether ``03/04/2024``
    is the 3rd of April or the 4th of March is decided for the whole column: month first only
    when a cell proves it (a second number above 12) and none proves the opposite; else day
    first, as in France and Italy. ``day_first`` forces the choice.
    """
    s = cells.astype("str").str.strip()
    days = s.str.replace(_TIME_TAIL, "", regex=True)  # vectorised (pyarrow's regex engine)
    formats: list[str] = []

    def parse(u: pd.Series) -> tuple[pd.Series]:
        values, found = _parse_date_texts(u, day_first)
        formats.extend(found)
        return (values,)

    (values,) = _per_unique(days, parse)
    bad = s.ne("") & values.isna()
    return ParsedDates(values=values, bad=bad, formats="+".join(dict.fromkeys(formats)))


def _parse_date_texts(s: pd.Series, day_first: bool | None) -> tuple[pd.Series, list[str]]:
    """Dates of distinct date texts (no time of day left) and the formats met."""
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    formats = []
    iso = s.str.extract(_ISO)
    is_iso = iso["y"].notna()
    if is_iso.any():
        out[is_iso] = _assemble(iso.loc[is_iso, "y"], iso.loc[is_iso, "m"], iso.loc[is_iso, "d"])
        formats.append("iso")
    dmy = s.str.extract(_DMY)
    is_dmy = dmy["a"].notna() & ~is_iso
    if is_dmy.any():
        a = pd.to_numeric(dmy.loc[is_dmy, "a"])
        b = pd.to_numeric(dmy.loc[is_dmy, "b"])
        if day_first is None:
            day_first = not (bool((b > 12).any()) and not bool((a > 12).any()))
        day, month = (a, b) if day_first else (b, a)
        year = pd.to_numeric(dmy.loc[is_dmy, "y"])
        year = year.where(year >= 100, year + np.where(year < 70, 2000, 1900))
        out[is_dmy] = _assemble(year, month, day)
        formats.append("dmy" if day_first else "mdy")
    compact = s.str.extract(_COMPACT)
    is_compact = compact["y"].notna() & ~is_iso & ~is_dmy
    if is_compact.any():
        out[is_compact] = _assemble(compact.loc[is_compact, "y"], compact.loc[is_compact, "m"],
                                    compact.loc[is_compact, "d"])
        formats.append("iso")
    is_serial = s.str.match(_SERIAL) & ~is_iso & ~is_dmy & ~is_compact
    if is_serial.any():
        days = pd.to_numeric(s[is_serial].str.replace(",", ".", regex=False))
        plausible = days.between(1, 73050)  # up to the end of 2099
        out[is_serial] = (EXCEL_EPOCH + pd.to_timedelta(days.where(plausible).floordiv(1),
                                                        unit="D")).astype("datetime64[ns]")
        formats.append("excel")
    return out, formats


def _assemble(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    parts = pd.DataFrame({"year": pd.to_numeric(year), "month": pd.to_numeric(month),
                          "day": pd.to_numeric(day)})
    return pd.to_datetime(parts, errors="coerce").astype("datetime64[ns]")


def parse_numbers(cells: pd.Series, integer: bool = False) -> tuple[pd.Series, pd.Series]:
    """(values, bad) for a column of numbers written in any of our locales: ``7,5`` and
    ``7.5``, ``1 250,50``, ``1.250,50``, ``1,250.50``, ``1'250``. With ``integer``, ``1.250``
    reads as a thousand two hundred and fifty (grouping), and fractions are bad."""
    return _per_unique(cells.astype("str"), lambda u: _parse_number_texts(u, integer))


def _parse_number_texts(cells: pd.Series, integer: bool) -> tuple[pd.Series, pd.Series]:
    s = cells.str.strip()
    empty = s.eq("")
    s = s.str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    last_comma, last_dot = s.str.rfind(","), s.str.rfind(".")
    comma_decimal = last_comma > last_dot
    if integer:
        grouped = s.str.match(r"^[+-]?\d{1,3}(?:[.,]\d{3})+$")
        s = s.where(~grouped, s.str.replace(r"[.,]", "", regex=True))
    s = s.where(~comma_decimal,
                s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    s = s.where(comma_decimal, s.str.replace(",", "", regex=False))
    values = pd.to_numeric(s.where(~empty, None), errors="coerce")
    bad = ~empty & values.isna()
    if integer:
        fractional = values.notna() & (values != values.round())
        bad |= fractional
        values = values.where(~fractional)
    return values.astype("float64"), bad


_TRUE = {"yes", "y", "true", "1", "x", "oui", "o", "vrai", "si", "vero", "asked", "solicited"}
_FALSE = {"no", "n", "false", "0", "non", "faux", "falso", ""}


def parse_booleans(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(values, bad): yes/no in English, French and Italian (``oui``, ``sì``, ``x``…);
    an empty cell is no."""
    def parse(u: pd.Series) -> tuple[pd.Series, pd.Series]:
        norm = _normalise_values(u)
        values = norm.isin(_TRUE)
        return values, ~values & ~norm.isin(_FALSE)

    return _per_unique(cells.astype("str"), parse)


#: Words CRMs and people use for each event kind (normalised), on top of the kind itself
#: and its name on the Data page in every language.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "meeting": ("meeting", "rendez vous", "rdv", "reunion", "riunione", "incontro",
                "appuntamento", "call", "appel", "chiamata", "visit", "visite", "visita"),
    "delivery": ("delivery", "delivered", "livraison", "livre", "consegna", "consegnato"),
    "promise_kept": ("promise kept", "kept", "promesse tenue", "promessa mantenuta"),
    "promise_broken": ("promise broken", "broken", "broken promise", "promesse non tenue",
                       "promesse rompue", "promessa non mantenuta", "promessa mancata"),
    "satisfaction": ("satisfaction", "survey", "enquete", "csat", "nps", "soddisfazione",
                     "sondaggio"),
    "complaint": ("complaint", "reclamation", "plainte", "reclamo", "lamentela"),
    "referral_ask": ("referral ask", "ask", "asked for referral", "demande de recommandation",
                     "demande", "richiesta di referral", "richiesta referral", "richiesta"),
    "referral_declined": ("referral declined", "declined", "recommandation refusee", "refus",
                          "referral rifiutato", "rifiutato"),
    "lost": ("lost", "churn", "churned", "client lost", "perdu", "client perdu", "perso",
             "cliente perso"),
}
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "open": ("open", "new", "pending", "in progress", "ouvert", "ouverte", "en cours",
             "nouveau", "aperto", "aperta", "in corso", "nuovo"),
    "converted": ("converted", "won", "closed won", "client", "customer", "converti",
                  "convertie", "gagne", "gagnee", "convertito", "vinto", "acquisito"),
    "lost": ("lost", "closed lost", "perdu", "perdue", "perso", "persa"),
}


def _lookup(words: dict[str, tuple[str, ...]], label_prefix: str | None) -> dict[str, str]:
    table: dict[str, str] = {}
    for code, synonyms in words.items():
        names = {normalise_header(code), *synonyms}
        if label_prefix:
            for lang in i18n.LANGUAGES:
                names.add(normalise_header(i18n.translate(f"{label_prefix}.{code}", lang)))
        for n in names:
            table.setdefault(n, code)
    return table


def parse_codes(cells: pd.Series, words: dict[str, tuple[str, ...]],
                label_prefix: str | None = None) -> tuple[pd.Series, pd.Series]:
    """(codes, bad) for cells naming an event kind or a status in any of our languages."""
    table = _lookup(words, label_prefix)

    def parse(u: pd.Series) -> tuple[pd.Series, pd.Series]:
        norm = _normalise_values(u)
        codes = norm.map(table).astype("object")
        return codes.where(codes.notna(), None), norm.ne("") & codes.isna()

    return _per_unique(cells.astype("str"), parse)


# --------------------------------------------------------------------------- checking

PROBLEM_COLUMNS = ("row", "column", "value", "code", "detail")


@dataclass(frozen=True)
class Prepared:
    """The outcome of :func:`prepare`: valid rows in the store's import shape, and every
    problem found (one line per cell, with the file row and the file column)."""

    kind: str
    file_name: str
    rows: pd.DataFrame
    update_columns: tuple[str, ...]
    problems: pd.DataFrame
    rejected: pd.DataFrame
    total: int
    date_formats: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def valid(self) -> int:
        return len(self.rows)

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)


class _Checker:
    """Collects problem masks column by column, then builds the problems frame once."""

    def __init__(self, table: Table, columns_of: dict[str, str]) -> None:
        self.table = table
        self.columns_of = columns_of  # field -> file column
        self.parts: list[pd.DataFrame] = []

    def add(self, mask: pd.Series, fld: str, code: str, detail: str = "",
            column: str | None = None) -> None:
        """Record problem ``code`` for the rows of ``mask`` in the column of ``fld``."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        col = column or self.columns_of.get(fld, fld)
        values = (self.table.frame.loc[mask, col] if col in self.table.frame.columns
                  else pd.Series("", index=mask[mask].index))
        self.parts.append(pd.DataFrame({
            "index": mask[mask].index, "row": self.table.rows[mask].to_numpy(), "column": col,
            "value": values.astype("str").to_numpy(), "code": code, "detail": detail,
        }))

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame({"index": pd.Series(dtype="int64"),
                                 **{c: pd.Series(dtype="int64" if c == "row" else "str")
                                    for c in PROBLEM_COLUMNS}})
        out = pd.concat(self.parts, ignore_index=True)
        return out.sort_values(["row", "column"], kind="stable").reset_index(drop=True)


def prepare(
    table: Table,
    kind: str,
    mapping: dict[str, str],
    known_clients: pd.Series | Sequence[str] = (),
    as_of: object = None,
    default_owner: str | None = None,
    day_first: bool | None = None,
) -> Prepared:
    """Parse and check every row of ``table`` as ``kind`` under ``mapping``.

    ``known_clients`` are the external ids of the store's clients (for references);
    ``as_of`` is today (dates after it are refused); ``default_owner`` fills an empty or
    unmapped owner. Raises :class:`ImportFailure` when the mapping itself is unusable;
    problems of single rows are listed in the result, never raised.
    """
    mapping = complete_mapping(mapping, table.headers)
    check_mapping(mapping, kind, default_owner)
    today = pd.Timestamp(as_of if as_of is not None else pd.Timestamp.today()).normalize()
    columns_of = {t: h for h, t in mapping.items() if t not in (KEEP, DROP)}
    frame = table.frame
    empty_text = pd.Series("", index=frame.index, dtype="str")
    cell = {f: frame[h] if h in frame.columns else empty_text for f, h in columns_of.items()}
    get = lambda f: cell.get(f, empty_text)  # noqa: E731
    checker = _Checker(table, columns_of)
    known = pd.Index(pd.Series(list(known_clients), dtype="str"))
    out = pd.DataFrame(index=frame.index)
    formats: dict[str, str] = {}
    notes: list[str] = []

    def required(fld: str) -> pd.Series:
        values = get(fld)
        checker.add(values.eq(""), fld, "missing")
        return values.where(values.ne(""), None)

    def dated(fld: str) -> pd.Series:
        parsed = parse_dates(get(fld), day_first=day_first)
        checker.add(get(fld).eq(""), fld, "missing")
        checker.add(parsed.bad, fld, "bad_date")
        checker.add(parsed.values > today, fld, "future_date", detail=today.date().isoformat())
        formats[columns_of[fld]] = parsed.formats
        return parsed.values

    def optional(fld: str) -> pd.Series:
        values = get(fld)
        return values.where(values.ne(""), None)

    if kind == "clients":
        out["external_id"] = required("external_id")
        checker.add(_duplicated(get("external_id")), "external_id", "duplicate_id")
        first, last = get("first_name"), get("last_name")
        person = (first + " " + last).str.strip()
        name = get("name").where(get("name").ne(""), person)
        name = name.where(name.ne(""), get("company"))
        name_col = next((columns_of[f] for f in ("name", "last_name", "first_name", "company")
                         if f in columns_of), None)
        checker.add(name.eq(""), "name", "missing", column=name_col)
        out["name"] = name
        out["company"] = optional("company")
        out["email"] = optional("email")
        owner = get("owner")
        if default_owner and default_owner.strip():
            owner = owner.where(owner.ne(""), default_owner.strip())
        checker.add(owner.eq(""), "owner", "missing", column=columns_of.get("owner"))
        out["owner"] = owner
        out["start_date"] = dated("start_date")
        if "sphere_size" in columns_of:
            size, bad = parse_numbers(get("sphere_size"), integer=True)
            checker.add(bad, "sphere_size", "bad_integer")
            checker.add(size.notna() & (size <= 0), "sphere_size", "not_positive")
            out["sphere_size"] = size.astype("Int64")
        if "referred_by" in columns_of:
            ref = get("referred_by")
            in_file = ref.isin(pd.Index(get("external_id")))
            checker.add(ref.ne("") & ~ref.isin(known) & ~in_file, "referred_by", "unknown_client")
            checker.add(ref.ne("") & ref.eq(get("external_id")), "referred_by", "self_referral")
            out["referred_by_external_id"] = optional("referred_by")
    else:
        out["client_external_id"] = required("client")
        client = get("client")
        checker.add(client.ne("") & ~client.isin(known), "client", "unknown_client")
        out["date"] = dated("date")
        if kind == "events":
            codes, bad = parse_codes(get("kind"), KIND_WORDS, "data.kind")
            checker.add(get("kind").eq(""), "kind", "missing")
            checker.add(bad, "kind", "bad_kind", detail=", ".join(store.EVENT_KINDS))
            out["kind"] = codes
            score, bad_score = parse_numbers(get("score"))
            checker.add(bad_score, "score", "bad_number", column=columns_of.get("score", "score"))
            checker.add(score.notna() & ~score.between(0, 10), "score", "score_range")
            is_sat = codes.eq("satisfaction").fillna(False).astype(bool)
            checker.add(is_sat & get("score").eq("") & ~bad_score, "score", "missing_score",
                        column=columns_of.get("score", columns_of["kind"]))
            checker.add(~is_sat & codes.notna() & score.notna(), "score", "score_not_allowed")
            out["score"] = score.where(is_sat)
            out["note"] = optional("note")
        else:
            out["prospect_name"] = required("prospect_name")
            if "solicited" in columns_of:
                solicited, bad = parse_booleans(get("solicited"))
                checker.add(bad, "solicited", "bad_bool")
            else:
                solicited = pd.Series(False, index=frame.index)
                notes.append("solicited_default")
            out["solicited"] = solicited.astype(bool)
            converted = get("converted_client")
            status, bad = parse_codes(get("status"), STATUS_WORDS, "data.status")
            checker.add(bad, "status", "bad_status", detail=", ".join(store.REFERRAL_STATUSES))
            default_status = pd.Series(np.where(converted.ne(""), "converted", "open"),
                                       index=frame.index)
            status = status.where(status.notna(), default_status)
            is_conv = status.eq("converted")
            checker.add(is_conv & converted.eq(""), "converted_client", "missing_converted",
                        column=columns_of.get("converted_client", columns_of.get("status")))
            checker.add(~is_conv & converted.ne("") & ~bad, "converted_client", "not_converted")
            checker.add(converted.ne("") & ~converted.isin(known), "converted_client",
                        "unknown_client")
            out["status"] = status
            out["converted_client_external_id"] = converted.where(is_conv & converted.ne(""),
                                                                  None)
        ext = get("external_id")
        checker.add(_duplicated(ext) & ext.ne(""), "external_id", "duplicate_id")
        out["external_id"] = ext.where(ext.ne(""), _content_ids(kind, out))

    keep = [h for h, t in mapping.items() if t == KEEP]
    out["extra"] = _extras(frame, keep)

    problems = checker.frame()
    if kind == "clients" and "referred_by" in columns_of:
        problems = _reject_orphans(problems, checker, get("external_id"), get("referred_by"),
                                   known)
    bad_index = pd.Index(problems["index"].unique())
    rejected_mask = frame.index.isin(bad_index)
    rejected = frame[rejected_mask].copy()
    rejected.insert(0, _free_name("row", rejected.columns), table.rows[rejected_mask])
    mapped_fields = {t for t in mapping.values() if t not in (KEEP, DROP)}
    return Prepared(
        kind=kind, file_name=table.file_name,
        rows=out[~rejected_mask].reset_index(drop=True),
        update_columns=_update_columns(kind, mapped_fields, bool(default_owner)),
        problems=problems.drop(columns="index"),
        rejected=rejected.reset_index(drop=True),
        total=len(frame), date_formats=formats, notes=tuple(notes),
    )


def _free_name(name: str, taken: Sequence[str]) -> str:
    """``name``, or ``name`` marked as refdash's when the file has a column of that name."""
    return name if name not in taken else f"{name} (refdash)"


def _duplicated(values: pd.Series) -> pd.Series:
    """Every occurrence of a value that appears more than once (empty cells excluded)."""
    return values.duplicated(keep=False) & values.ne("")


def _reject_orphans(problems: pd.DataFrame, checker: _Checker, ids: pd.Series,
                    referrers: pd.Series, known: pd.Index) -> pd.DataFrame:
    """A client referred by a rejected row of the same file (and not by a client of the
    store) is rejected too; repeated until no chain is left (once per chain step)."""
    bad = ids.index.isin(problems["index"])
    while True:
        rejected_ids = pd.Index(ids[bad])
        orphan = (referrers.ne("") & referrers.isin(rejected_ids) & ~referrers.isin(known)
                  & ~pd.Series(bad, index=ids.index))
        if not orphan.any():
            return checker.frame()
        checker.add(orphan, "referred_by", "referrer_rejected")
        bad = bad | orphan.to_numpy()


def _content_ids(kind: str, out: pd.DataFrame) -> pd.Series:
    """Stable ids for rows the file gave none: a hash of what the row says, numbered when
    the same row appears several times, so importing the file again adds nothing.

    Each field is hashed as text with SipHash-2-4 (pandas' ``hash_array``) under two fixed
    keys, the fields mixed FNV-style into two 64-bit words (128 bits in all); each distinct
    value of a column is hashed once.
    """
    cols = (["client_external_id", "date", "kind", "score", "note"] if kind == "events"
            else ["client_external_id", "date", "prospect_name"])
    n = len(out)
    words = [np.zeros(n, dtype=np.uint64), np.zeros(n, dtype=np.uint64)]
    prime = np.uint64(0x100000001B3)
    for c in cols:
        col = out[c] if c in out else pd.Series("", index=out.index)
        codes, uniques = pd.factorize(col, use_na_sentinel=False)
        if pd.api.types.is_datetime64_any_dtype(col):
            texts = pd.DatetimeIndex(uniques).strftime("%Y-%m-%d")
        else:
            texts = pd.Index(uniques).astype("str")
        texts = np.asarray(pd.Series(texts).fillna("").to_numpy(dtype=object), dtype=object)
        for i, key in enumerate(("refdash-rowid-k1", "refdash-rowid-k2")):
            hashed = pd.util.hash_array(texts, hash_key=key, categorize=False)[codes]
            with np.errstate(over="ignore"):
                words[i] = (words[i] * prime) ^ hashed
    first, second = pd.Series(words[0]), pd.Series(words[1])
    occurrence = first.groupby([words[0], words[1]]).cumcount()
    ids = ("auto:" + first.astype("str") + "-" + second.astype("str") + "-"
           + occurrence.astype("str"))
    return pd.Series(ids.to_numpy(), index=out.index, dtype="str")


def _extras(frame: pd.DataFrame, keep: list[str]) -> pd.Series:
    """The kept columns of each row as compact JSON (empty cells left out by the store)."""
    if not keep:
        return pd.Series(None, index=frame.index, dtype="object")
    part = frame[keep].astype(object).where(frame[keep].ne(""), None)
    lines = part.to_json(orient="records", lines=True, force_ascii=False)
    lines = re.sub(r"(?<!\\)((?:\\\\)*)\\/", r"\1/", lines)
    values = pd.Series(lines.rstrip("\n").split("\n"), index=frame.index, dtype="object")
    all_empty = part.isna().all(axis=1)
    return values.where(~all_empty, None)


def _update_columns(kind: str, fields: set[str], default_owner: bool) -> tuple[str, ...]:
    """The store columns an existing row may take from this file: only those it maps."""
    to_column = {
        "clients": {"name": "name", "first_name": "name", "last_name": "name",
                    "company": "company", "email": "email", "owner": "owner",
                    "start_date": "start_date", "sphere_size": "sphere_size",
                    "referred_by": "referred_by_external_id"},
        "events": {"client": "client_external_id", "date": "date", "kind": "kind",
                   "score": "score", "note": "note"},
        "referrals": {"client": "client_external_id", "date": "date",
                      "prospect_name": "prospect_name", "solicited": "solicited",
                      "status": "status", "converted_client": "status"},
    }[kind]
    # A client named after their company (the file has no person's name) keeps the name
    # they have in the store: only a file with a name column renames a client.
    cols = {to_column[f] for f in fields if f in to_column}
    if kind == "events" and "kind" in cols:
        cols.add("score")  # a kind and its score change together (the store checks the pair)
    if kind == "referrals" and "status" in cols:
        cols.add("converted_client_external_id")
    return tuple(sorted(cols))


# --------------------------------------------------------------------------- reporting

def describe_problems(prepared: Prepared, lang: str) -> pd.DataFrame:
    """The problems as the user reads them: file, row, column, value, what is wrong.

    Messages are filled per problem code, vectorised (no loop over rows)."""
    p = prepared.problems
    out = pd.DataFrame({"file": prepared.file_name, "row": p["row"], "column": p["column"],
                        "value": p["value"], "problem": pd.Series("", index=p.index,
                                                                  dtype="str")})
    for code, idx in p.groupby("code").groups.items():
        marker = "\x00DETAIL\x00"
        text = i18n.translate(f"data.problem.{code}", lang, detail=marker)
        if marker in text:
            before, after = text.split(marker, 1)
            out.loc[idx, "problem"] = before + p.loc[idx, "detail"].astype("str") + after
        else:
            out.loc[idx, "problem"] = text
    return out


def rejected_csv(prepared: Prepared, lang: str) -> bytes:
    """The rejected rows as they were in the file, with a ``reason`` column (every problem
    of the row), as UTF-8 CSV with a BOM so Excel opens the accents right."""
    reasons = describe_problems(prepared, lang)
    reasons = reasons.assign(reason=reasons["column"] + ": " + reasons["problem"])
    joined = reasons.groupby("row")["reason"].agg("; ".join)
    out = prepared.rejected.copy()
    row_col = out.columns[0]
    out[_free_name("reason", out.columns)] = out[row_col].map(joined)
    return out.to_csv(index=False).encode("utf-8-sig")


# --------------------------------------------------------------------------- writing

def commit(path: str | os.PathLike[str], prepared: Prepared,
           progress: ProgressFn | None = None) -> store.ImportCounts:
    """Write the valid rows of ``prepared`` in one transaction (upsert on external id)."""
    report = (lambda share: progress(share, "write")) if progress else None
    return store.import_rows(path, prepared.kind, prepared.rows,
                             update_columns=prepared.update_columns, progress=report)


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_file` did (``counts`` is None when nothing was written)."""

    table: Table
    mapping: dict[str, str]
    prepared: Prepared
    counts: store.ImportCounts | None
    mapping_name: str | None = None


def import_file(
    path: str | os.PathLike[str],
    source: bytes | str | os.PathLike[str],
    kind: str,
    *,
    file_name: str | None = None,
    mapping: dict[str, str] | None = None,
    mapping_name: str | None = None,
    as_of: object = None,
    default_owner: str | None = None,
    day_first: bool | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
) -> ImportResult:
    """Read, map, check and (unless ``dry_run``) write one file: the command line's import.

    The mapping is ``mapping`` if given, else the saved mapping ``mapping_name``, else a
    saved mapping made for files with the same headers, else the suggestions. With
    problems, nothing is written unless ``skip_invalid`` (then the valid rows are).
    """
    if kind not in KINDS:
        raise ImportFailure("unknown_kind", kind=kind, kinds=", ".join(KINDS))
    tick = progress or (lambda share, stage: None)
    tick(0.0, "read")
    table = read_table(source, file_name)
    saved = store.list_mappings(path, kind)
    used_name = None
    if mapping is None:
        if mapping_name:
            chosen = next((m for m in saved if m.name == mapping_name), None)
            if chosen is None:
                raise ImportFailure("no_mapping", name=mapping_name)
        else:
            chosen = matching_mapping(saved, table.headers, kind)
        if chosen is not None:
            used_name = chosen.name
            mapping = complete_mapping(chosen.mapping, table.headers)
            default_owner = default_owner or chosen.options.get("default_owner") or None
        else:
            mapping = suggest_mapping(table.headers, kind)
    mapping = complete_mapping(mapping, table.headers)
    tick(0.2, "check")
    prepared = prepare(table, kind, mapping, known_clients=store.client_external_ids(path),
                       as_of=as_of, default_owner=default_owner, day_first=day_first)
    counts = None
    if not dry_run and prepared.valid and (skip_invalid or not prepared.rejected_count):
        counts = commit(path, prepared,
                        progress=lambda share, stage: tick(0.4 + 0.6 * share, stage))
    tick(1.0, "done")
    return ImportResult(table=table, mapping=mapping, prepared=prepared, counts=counts,
                        mapping_name=used_name)
