"""The gettext message catalogs: where every user-facing string and its translations live.

``locale/refdash.pot`` is the English source: one entry per message, its ``msgctxt`` the key the
code asks for (``clients.metric.ready``) and its ``msgid`` the English text. ``locale/<lang>/
LC_MESSAGES/refdash.po`` translate it; a translator opens them in Poedit or Weblate, no Python
needed. Plural messages (``msgid_plural``) take their form from the language's plural rule
(English and Italian: one/other; French: 0 and 1 are singular).

The catalogs are read through Babel and compiled to gettext's binary form in memory once per
process (no ``.mo`` file to keep in step); :func:`messages` gives every singular message as
``{key: {"en": ..., "fr": ..., "it": ...}}`` and :func:`plural` picks a plural form.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages import mofile, pofile
from babel.messages.catalog import Catalog

FOLDER = Path(__file__).resolve().parent / "locale"
DOMAIN = "refdash"
TEMPLATE = FOLDER / f"{DOMAIN}.pot"
TRANSLATED = ("fr", "it")


def po_path(lang: str) -> Path:
    """The catalog a translator edits for ``lang``."""
    return FOLDER / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return pofile.read_po(handle, locale=locale)


@dataclass(frozen=True)
class Catalogs:
    """The English source and the compiled translations."""

    english: dict[str, str | tuple[str, str]]   # key -> text, or (singular, plural)
    translations: dict[str, gettext.GNUTranslations]


def _compiled(catalog: Catalog) -> gettext.GNUTranslations:
    buffer = io.BytesIO()
    mofile.write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@lru_cache(maxsize=1)
def load() -> Catalogs:
    """Read the template and every translation (once per process)."""
    english: dict[str, str | tuple[str, str]] = {}
    for message in read(TEMPLATE):
        if not message.id or message.context is None:
            continue  # the header
        if message.context in english:
            raise ValueError(f"translation key {message.context!r} is defined twice")
        english[message.context] = (tuple(message.id)[:2] if message.pluralizable  # type: ignore[assignment]
                                    else str(message.id))
    translations = {lang: _compiled(read(po_path(lang), locale=lang)) for lang in TRANSLATED}
    return Catalogs(english, translations)


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    """Every singular message in every language: ``{key: {"en", "fr", "it"}}``."""
    c = load()
    out: dict[str, dict[str, str]] = {}
    for key, text in c.english.items():
        if isinstance(text, tuple):
            continue
        out[key] = {"en": text, **{lang: t.pgettext(key, text) for lang, t in c.translations.items()}}
    return out


def plural(key: str, n: int, lang: str) -> str:
    """The form of plural message ``key`` for ``n`` things in ``lang`` (``KeyError`` if
    ``key`` is not a plural message)."""
    c = load()
    text = c.english[key]
    if not isinstance(text, tuple):
        raise KeyError(f"{key!r} is not a plural message")
    singular, many = text
    if lang in c.translations:
        return c.translations[lang].npgettext(key, singular, many, n)
    return singular if n == 1 else many
