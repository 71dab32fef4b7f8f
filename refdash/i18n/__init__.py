"""One translation function for every user-facing string, and locale-aware formatting.

The messages live in gettext catalogs (:mod:`refdash.i18n.catalogs`): ``locale/refdash.pot``
holds the English text of each key, ``locale/fr/LC_MESSAGES/refdash.po`` and ``it`` their
translations, for Poedit or Weblate. Numbers, percentages and dates are formatted by Babel for
the chosen language.
"""

from __future__ import annotations

import re

import pandas as pd
from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from refdash.i18n import catalogs

#: Languages offered in the sidebar, with the Babel locale used to format numbers and dates.
LANGUAGES: dict[str, str] = {"en": "en_GB", "fr": "fr_FR", "it": "it_IT"}
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "fr": "Français", "it": "Italiano"}
DEFAULT_LANGUAGE = "en"


def catalog() -> dict[str, dict[str, str]]:
    """Every singular message in every language: ``{key: {"en": ..., "fr": ..., "it": ...}}``."""
    return catalogs.messages()


def normalise_language(lang: str | None) -> str:
    """A supported language code for ``lang`` (``'fr-CA'`` -> ``'fr'``), else the default."""
    code = (lang or "").lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, lang: str, **fmt: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``fmt``.

    A key missing from the catalogs raises ``KeyError`` (tests catch every one).
    """
    code = normalise_language(lang)
    texts = catalog()[key]
    return _finish(texts.get(code) or texts[DEFAULT_LANGUAGE], code, fmt)


def translate_plural(key: str, lang: str, count: float, /, **fmt: object) -> str:
    """The form of plural message ``key`` (``msgid_plural`` in the catalogs) for ``count``
    things, by the language's rule ("1 mois", "0 demande" in French), placeholders filled."""
    code = normalise_language(lang)
    return _finish(catalogs.plural(key, int(abs(count)), code), code, fmt)


def _finish(text: str, code: str, fmt: dict[str, object]) -> str:
    # French spacing on the catalog's text only: the values filled in are the user's data.
    text = french_spacing(text) if code == "fr" else text
    return text.format(**fmt) if fmt else text


def locale_of(lang: str) -> str:
    return LANGUAGES[normalise_language(lang)]


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """``1234.5`` -> ``'1,234.5'`` (en), ``'1 234,5'`` (fr), ``'1.234,5'`` (it)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=locale_of(lang))


def format_percent(value: float, lang: str, decimals: int = 0) -> str:
    """A share in [0, 1] as a percentage in the locale's style (``0.25`` -> ``'25%'``)."""
    locale = Locale.parse(locale_of(lang))
    # The locale's own pattern ("#,##0 %" in French), with the decimals asked for.
    pattern = locale.percent_formats[None].pattern
    if decimals > 0:
        pattern = pattern.replace("0", "0." + "0" * decimals, 1)
    return babel_numbers.format_percent(value, format=pattern, locale=locale)


#: The one date style of every language (Babel's "medium": ``'26 Nov 2026'``, ``'26 nov.
#: 2026'``, ``'26 nov 2026'``): sentences, tables, chart ticks and hovers all use it.
DATE_STYLE = "medium"


def format_date(value: object, lang: str, style: str = DATE_STYLE) -> str:
    """A date in the locale's style (``'26 Nov 2026'``, ``'26 nov. 2026'``, ``'26 nov 2026'``);
    French writes the first day of a month as an ordinal (``'1er déc. 2026'``)."""
    if value is None or pd.isna(value):
        return "–"
    day = pd.Timestamp(value).date()
    text = babel_dates.format_date(day, format=style, locale=locale_of(lang))
    if normalise_language(lang) == "fr" and day.day == 1:
        # "le 1er décembre", never "le 1 décembre" (Babel has no ordinal day pattern).
        text = re.sub(r"^1(?=\D)", "1er", text, count=1)
    return text


def format_short_month(value: object, lang: str) -> str:
    """A month in the date style's own words, for chart ticks and monthly bars
    (``'Mar 2027'``, ``'mars 2027'``, ``'mar 2027'``)."""
    if value is None or pd.isna(value):
        return "–"
    return babel_dates.format_skeleton("yMMM", pd.Timestamp(value).date(),
                                       locale=locale_of(lang))


def format_month(value: object, lang: str) -> str:
    """A month and year (``'March 2027'``, ``'mars 2027'``, ``'marzo 2027'``)."""
    if value is None or pd.isna(value):
        return "–"
    return babel_dates.format_skeleton("yMMMM", pd.Timestamp(value).date(),
                                       locale=locale_of(lang))


def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators`` (decimal then thousands) for the locale."""
    loc = locale_of(lang)
    decimal = babel_numbers.get_decimal_symbol(loc)
    group = babel_numbers.get_group_symbol(loc)
    return decimal + group


def format_kpi(value: float, delta: float | None, kind: str, lang: str) -> tuple[str, str | None]:
    """Text of a headline figure and its delta: counts as whole numbers, rates (shares in
    [0, 1]) as percentages with deltas in percentage points; NaN shows as '–'."""
    # NaN (x != x) has no meaning yet: '–' for a value, no delta at all.
    text = "–" if value != value else (
        format_percent(value, lang) if kind == "rate" else format_number(value, lang))
    change: str | None = None
    if delta is not None and delta == delta:
        change = (format_number(100 * delta, lang, 1) + " pt" if kind == "rate"
                  else format_number(delta, lang))
    if change is not None and not change.startswith("-") and delta != 0:
        change = "+" + change
    return text, change


#: Every ASCII punctuation character: CommonMark lets a backslash escape each of them, and
#: Streamlit gives some of them meaning (``:red[...]`` colours, ``$...$`` KaTeX, ``:smile:``).
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def literal(text: object) -> str:
    """User text (a name, a note, a header, a file name) for an element that renders markdown
    (subheaders, captions, alerts, labels): shown exactly as typed, never as a heading, bold,
    a colour, a formula or a link. Line breaks become spaces and bidirectional-override
    characters are dropped, so a name cannot lie about what follows it."""
    plain = _BIDI_CONTROLS.sub("", " ".join(str(text).split()))
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", plain)


#: Unicode controls that reorder the text after them (RLO, LRO, isolates...).
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


# --------------------------------------------------------------------------- tables and CSV

#: The kinds of cell :func:`format_table` knows: ``number`` (whole or, with ``:N``, N
#: decimals), ``percent`` (a share in [0, 1], ``:N`` decimals), ``date``, ``month``, ``bool``
#: (the language's Yes/No) and ``text`` (missing shows blank).
CELL_KINDS = ("number", "percent", "date", "month", "bool", "text")
#: What a missing number or date shows in a table (a missing text is a blank cell).
MISSING = "–"


def cell_kind(column: pd.Series) -> str:
    """The kind :func:`format_table` gives a column it was not told about, from its values:
    booleans, dates and datetimes, whole numbers, other numbers (two decimals), else text."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return "date"
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = column.dropna().to_numpy(float)
        return "number" if (values == values.round()).all() else "number:2"
    present = column.dropna()
    if len(present) and present.map(lambda v: isinstance(v, bool)).all():
        return "bool"
    if len(present) and present.map(lambda v: hasattr(v, "year") and hasattr(v, "day")).all():
        return "date"
    return "text"


def format_cell(value: object, kind: str, lang: str) -> str:
    """One cell as the language writes it (``kind`` as in :data:`CELL_KINDS`)."""
    name, _, digits = kind.partition(":")
    if name not in CELL_KINDS:
        raise ValueError(f"kind must be one of {CELL_KINDS} (':N' for decimals), got {kind!r}")
    missing = value is None or (not isinstance(value, str) and bool(pd.isna(value)))
    if name == "text":
        return "" if missing else str(value)
    if missing:
        return MISSING
    if name == "bool":
        return translate("format.yes" if value else "format.no", lang)
    if name == "date":
        return format_date(value, lang)
    if name == "month":
        return format_short_month(value, lang)
    decimals = int(digits or 0)
    number = float(value)  # type: ignore[arg-type]
    if name == "percent":
        return format_percent(number, lang, decimals)
    return format_number(number, lang, decimals)


def format_table(frame: pd.DataFrame, lang: str,
                 kinds: dict[str, str] | None = None) -> pd.DataFrame:
    """``frame`` with every cell as text in ``lang``, for a table on a page: numbers with the
    locale's marks, booleans as Yes/No words, dates in :data:`DATE_STYLE`, missing numbers and
    dates as ``–``, missing text blank. ``kinds`` names the kind of some columns (e.g.
    ``{"Trust": "number:2"}``); the others are guessed by :func:`cell_kind`."""
    kinds = kinds or {}
    out = pd.DataFrame(index=frame.index)
    for i, name in enumerate(frame.columns):
        column = frame.iloc[:, i]
        kind = kinds.get(name) or cell_kind(column)
        # Each distinct value formatted once: a 100,000-row table has few distinct cells.
        texts = {v: format_cell(v, kind, lang) for v in column.dropna().unique()}
        shown = column.map(texts).astype(object)
        out[name] = shown.where(column.notna(), format_cell(None, kind, lang)).to_numpy(object)
    out.columns = frame.columns
    return out


def csv_format(lang: str) -> tuple[str, str]:
    """The separator and decimal mark of a CSV file for ``lang``: what Excel of that locale
    opens as columns and numbers (``;`` and ``,`` in French and Italian, where ``,`` is the
    decimal mark; ``,`` and ``.`` in English)."""
    if babel_numbers.get_decimal_symbol(locale_of(lang)) == ",":
        return ";", ","
    return ",", "."


#: The spreadsheet's own date order for a CSV cell in each decimal-comma language (Excel in
#: French or Italian reads 30/11/2026 as a date; ISO stays for English, as before).
CSV_DATE_FORMAT = "%d/%m/%Y"


def csv_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` ready for a CSV file in ``lang``: numbers stay numbers (the writer puts the
    decimal mark of :func:`csv_format`), booleans become the language's Yes/No and dates the
    spreadsheet's day/month/year; in English the frame is returned as it is (as before)."""
    if csv_format(lang)[1] == ".":
        return frame
    out = frame.copy()
    words = {True: translate("format.yes", lang), False: translate("format.no", lang)}
    for i in range(frame.shape[1]):
        column = frame.iloc[:, i]
        kind = cell_kind(column)
        if kind == "bool":
            out.isetitem(i, column.map(lambda v: words.get(v, v) if isinstance(v, bool) else v))
        elif kind == "date":
            out.isetitem(i, pd.to_datetime(column).dt.strftime(CSV_DATE_FORMAT)
                         .astype(object).where(column.notna(), None))
    return out


#: French typography: a narrow no-break space before ``; ! ?``, a no-break space before
#: ``:`` and ``%`` (and inside guillemets).
_FRENCH_SPACES = ((re.compile(r" (?=[;!?])"), "\u202f"), (re.compile(r" (?=[:%»])"), "\u00a0"),
                  (re.compile(r"(?<=«) "), "\u00a0"))


def french_spacing(text: str) -> str:
    """``text`` with the spaces French typography wants before ``; ! ? : %`` (the catalogs
    type plain spaces); other languages' text must not go through it."""
    for pattern, space in _FRENCH_SPACES:
        text = pattern.sub(space, text)
    return text
