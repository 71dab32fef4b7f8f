"""Parsing cells, vectorised over a column (each distinct value parsed once): dates in
ISO, day-first or month-first order and Excel serials, numbers in any of our locales,
yes/no, event kinds and referral statuses in English, French and Italian."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from refdash import i18n
from refdash.data.importing.mapping import normalise_header


def _normalise_values(series: pd.Series) -> pd.Series:
    """The same normalisation for cell values, vectorised (``"Réunion"`` -> ``"reunion"``)."""
    folded = series.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    return folded.str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()


def text_isin(values: pd.Series, among: object) -> pd.Series:
    """``values.isin(among)`` for text columns (empty cells are ``""``, never NA), in Arrow.

    pandas' ``isin`` on Arrow strings makes a Python scalar of every candidate first: seven
    seconds for the ids of a million activities, against a few hundredths here."""
    if isinstance(among, set | frozenset):
        among = list(among)
    candidates = pa.array(pd.Series(among, dtype="str").dropna(), type=pa.string())
    column = pa.chunked_array(pa.array(values, from_pandas=True, type=pa.string()))
    found = pc.is_in(column, value_set=candidates).to_numpy(zero_copy_only=False)
    return pd.Series(found, index=values.index, dtype=bool)


def text_joined(parts: Sequence[pd.Series | str], index: pd.Index, separator: str = ""
                ) -> pd.Series:
    """The texts of ``parts`` (columns, or one text for every row) joined row by row with
    ``separator``, in Arrow: one pass, where pandas' ``+`` makes a new column per operator.
    A missing part (NA) makes the row NA. (Not Arrow's ``null_handling="skip"``: in pyarrow
    26 it drops the rows whose parts are all missing, and the column comes out shorter.)"""
    arrays = [pa.scalar(p, pa.large_string()) if isinstance(p, str)
              else pa.array(p, from_pandas=True).cast(pa.large_string()) for p in parts]
    joined = pc.binary_join_element_wise(*arrays, pa.scalar(separator, pa.large_string()))
    return pd.Series(joined, index=index, dtype=pd.StringDtype(na_value=np.nan))


# --------------------------------------------------------------------------- parsing cells

_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_DMY = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})$")
_COMPACT = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})$")
#: An Excel serial day: five digits only (10000 is 1927-05-18, 73050 the end of 2099). A
#: bare ``2025`` is a year, not the 17 July 1905 it would count to: refused as a date.
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")
#: The serials accepted: 1927-05-18 to 2099-12-31.
SERIAL_RANGE = (10_000, 73_050)
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
    return _per_unique_coded(cells, parse)[0]


def _per_unique_coded(cells: pd.Series,
                      parse: Callable[[pd.Series], tuple[pd.Series, ...]]
                      ) -> tuple[tuple[pd.Series, ...], np.ndarray, tuple[np.ndarray, ...]]:
    """:func:`_per_unique`, with each row's code (-1 for a missing cell) and the results of
    the distinct values: row ``i``'s results are ``distinct[k][codes[i]]``."""
    codes, uniques = pd.factorize(cells)
    results = parse(pd.Series(uniques, dtype="str"))
    distinct = tuple(r.to_numpy() for r in results)
    spread = tuple(pd.Series(d[codes], index=cells.index, dtype=r.dtype)
                   if len(r) else pd.Series(index=cells.index, dtype=r.dtype)
                   for r, d in zip(results, distinct, strict=True))
    return spread, codes, distinct


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
    (with or without a time), ``yyyymmdd``, and Excel serial numbers of five digits
    (:data:`SERIAL_RANGE`: an XLSX date cell without a date format, 1927 to 2099).
    Whether ``03/04/2024``
    is the 3rd of April or the 4th of March is decided for the whole column: month first only
    when a cell proves it (a second number above 12) and none proves the opposite; else day
    first, as in France and Italy. ``day_first`` forces the choice.
    """
    formats: list[str] = []

    def parse(texts: pd.Series) -> tuple[pd.Series, pd.Series]:
        s = texts.str.strip()
        # Without the time of day: "15/03/2024 10:30" and "15/03/2024 17:00" are one day,
        # parsed once. (Vectorised in pyarrow's regex engine.)
        days = s.str.replace(_TIME_TAIL, "", regex=True)
        (values,) = _per_unique(days, parse_days)
        return values, s.ne("") & values.isna()

    def parse_days(days: pd.Series) -> tuple[pd.Series]:
        values, found = _parse_date_texts(days, day_first)
        formats.extend(found)
        return (values,)

    texts = cells.astype("str").fillna("")
    uniform = _uniform_days(texts)
    if uniform is not None:
        # Every cell written alike (``dd/mm/yyyy hh:mm`` throughout): each cell's day is
        # the same slice of it, and only the distinct days are parsed.
        codes, days, stripped_empty = uniform
        (day_values,) = parse_days(pd.Series(days, dtype="str"))
        values = pd.Series(day_values.to_numpy()[codes], index=cells.index,
                           dtype=day_values.dtype)
        bad = values.isna() & (not stripped_empty)
    else:
        # Each distinct cell is stripped and cut once (a date column holds a few thousand).
        values, bad = _per_unique(texts, parse)
    return ParsedDates(values=values, bad=bad.astype(bool),
                       formats="+".join(dict.fromkeys(formats)))


def _fixed_width_bytes(texts: pd.Series, max_width: int) -> np.ndarray | None:
    """The UTF-8 bytes of ``texts`` as an ``(n, width)`` array when every cell has the same
    length in bytes, at most ``max_width`` (and none is missing), else None. A view of
    Arrow's buffers, copied once when the column comes in several chunks."""
    column = pa.array(texts, from_pandas=True)
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    if not len(texts) or column.null_count or not (
            pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return None  # (a string view's buffers are laid out otherwise)
    lengths = pc.binary_length(column)
    width = pc.min(lengths).as_py()
    if width != pc.max(lengths).as_py() or not 0 < width <= max_width:
        return None
    parts = []
    for chunk in chunks:
        if not len(chunk):
            continue
        offset_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(chunk.buffers()[1], dtype=offset_type)[
            chunk.offset:chunk.offset + len(chunk) + 1]
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
        parts.append(data.reshape(len(chunk), width))
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


#: Digits of a day at most for :func:`_uniform_days`' integer keys (10**19 < 2**64).
_MAX_KEY_DIGITS = 19
#: Bytes of a cell at most for :func:`_uniform_days` (``2024-03-15T10:30:00.123+02:00``
#: has 29): its arrays are a few times the column's bytes, bounded so for any file.
_MAX_UNIFORM_WIDTH = 40


def _uniform_days(texts: pd.Series) -> tuple[np.ndarray, list[str], bool] | None:
    """For a column whose cells all have one shape (the same length, digits at the same
    places and the same ASCII characters elsewhere, like ``15/03/2024 10:30``): each
    cell's code among the distinct days, the text of those days (first seen first), and
    whether the stripped cells are empty. None for any other column.

    What :func:`parse_dates` keeps of a cell (stripped, then its time of day cut off) is
    the same slice of every cell of one shape: stripping looks only at the characters that
    are not digits, and the time pattern treats every digit alike (``[0-9]``, no literal
    digit). So one cell, cut the usual way, tells where the day lies in all of them; then
    the day's digits make an integer key, factorised in numpy, where hashing a million
    distinct date-and-time texts took a fifth of a second.
    """
    cells = _fixed_width_bytes(texts, _MAX_UNIFORM_WIDTH)
    if cells is None:
        return None
    # Digits marked 0xFF (a byte UTF-8 never holds), then every row compared with the
    # first in one pass over contiguous memory.
    shape = np.where(cells - np.uint8(ord("0")) < 10, np.uint8(0xFF), cells)
    if not bool((shape == shape[0]).all()):
        return None
    all_digit = shape[0] == 0xFF
    first = cells[0]
    if bool((first[~all_digit] >= 0x80).any()):  # ASCII only: one byte, one character
        return None
    sample = pd.Series([bytes(first).decode("ascii")], dtype="str")
    stripped = sample.str.strip()
    day = str(stripped.str.replace(_TIME_TAIL, "", regex=True).iloc[0])
    kept = str(stripped.iloc[0])
    if not kept.startswith(day):  # the cut only ever drops an end: never taken
        return None
    start = len(str(sample.iloc[0])) - len(str(sample.str.lstrip().iloc[0]))
    stop = start + len(day)
    places = np.flatnonzero(all_digit[start:stop]) + start
    if len(places) > _MAX_KEY_DIGITS:
        return None
    if len(places) <= 8:  # the digits' bytes side by side are one 64-bit word
        packed = np.zeros((len(cells), 8), dtype=np.uint8)
        packed[:, :len(places)] = cells[:, places]
        key = packed.view(np.uint64).ravel()
    else:  # the digits as one decimal number
        key = np.zeros(len(cells), dtype=np.uint64)
        for place in places:
            key = key * np.uint64(10) + (cells[:, place] - ord("0")).astype(np.uint64)
    codes, _ = pd.factorize(key)
    # factorize numbers the keys in the order they first appear: a row sees a new key
    # where its code passes every code before it.
    seen = np.maximum.accumulate(codes)
    first_row = np.flatnonzero(np.r_[True, seen[1:] > seen[:-1]])
    days = [bytes(cells[i, start:stop]).decode("ascii") for i in first_row]
    return codes, days, kept == ""


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
        plausible = days.between(*SERIAL_RANGE)
        out[is_serial] = (EXCEL_EPOCH + pd.to_timedelta(days.where(plausible).floordiv(1),
                                                        unit="D")).astype("datetime64[ns]")
        formats.append("excel")
    return out, formats


#: The years a date may have (those of ``datetime64[ns]``, 1677-09-21 to 2262-04-11, whole
#: years only): a cell outside is a bad date, named as such, not a crash.
DATE_YEARS = (1678, 2261)


def _assemble(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    years = pd.to_numeric(year)
    parts = pd.DataFrame({"year": years.where(years.between(*DATE_YEARS)),
                          "month": pd.to_numeric(month), "day": pd.to_numeric(day)})
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
    codes, bad, _factors = parse_codes_coded(cells, words, label_prefix)
    return codes, bad


@dataclass(frozen=True)
class Factors:
    """A column as codes into its distinct values: row ``i`` holds
    ``values[codes[i]]`` (a code of -1 names the last value, as numpy indexes)."""

    codes: np.ndarray
    values: np.ndarray


def parse_codes_coded(cells: pd.Series, words: dict[str, tuple[str, ...]],
                      label_prefix: str | None = None
                      ) -> tuple[pd.Series, pd.Series, Factors | None]:
    """:func:`parse_codes`, and the codes column as :class:`Factors` (None for no rows), so
    that what is asked of each row (a satisfaction?) is asked once per distinct cell."""
    table = _lookup(words, label_prefix)

    def parse(u: pd.Series) -> tuple[pd.Series, pd.Series]:
        norm = _normalise_values(u)
        codes = norm.map(table).astype("object")
        return codes.where(codes.notna(), None), norm.ne("") & codes.isna()

    (codes, bad), row_codes, (distinct, _bad) = _per_unique_coded(cells.astype("str"), parse)
    return codes, bad, Factors(row_codes, distinct) if len(distinct) else None


