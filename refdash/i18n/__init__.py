"""One translation function for every user-facing string, and locale-aware formatting.

Catalogs live in ``refdash/i18n/locales/<area>.py`` as ``STRINGS = {key: {"en": ..., "fr": ...,
"it": ...}}``; every module of that package is merged here, so each page's strings sit in their
own file. Numbers, percentages and dates are formatted by Babel for the chosen language.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache

import pandas as pd
from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

#: Languages offered in the sidebar, with the Babel locale used to format numbers and dates.
LANGUAGES: dict[str, str] = {"en": "en_GB", "fr": "fr_FR", "it": "it_IT"}
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "fr": "Français", "it": "Italiano"}
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    """All strings of all areas, merged; a key defined twice is an error."""
    from refdash.i18n import locales

    merged: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(locales.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"refdash.i18n.locales.{info.name}")
        for key, texts in getattr(module, "STRINGS", {}).items():
            if key in merged:
                raise ValueError(f"translation key {key!r} is defined twice ({info.name})")
            merged[key] = texts
    return merged


def normalise_language(lang: str | None) -> str:
    """A supported language code for ``lang`` (``'fr-CA'`` -> ``'fr'``), else the default."""
    code = (lang or "").lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, lang: str, **fmt: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``fmt``.

    A key missing from the catalog raises ``KeyError`` (tests catch every one); a language
    missing for a key falls back to English.
    """
    texts = catalog()[key]
    text = texts.get(normalise_language(lang)) or texts[DEFAULT_LANGUAGE]
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


def format_date(value: object, lang: str, style: str = "medium") -> str:
    """A date in the locale's style (``'26 Nov 2026'``, ``'26 nov. 2026'``, ``'26 nov 2026'``)."""
    if value is None or pd.isna(value):
        return "–"
    return babel_dates.format_date(pd.Timestamp(value).date(), format=style,
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
