"""Every string in three languages; numbers and dates in each locale's style."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from refdash import i18n
from refdash.i18n import catalogs

ROOT = Path(__file__).resolve().parent.parent


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_english_french_and_italian_with_the_same_placeholders():
    for key, texts in i18n.catalog().items():
        assert set(texts) == {"en", "fr", "it"}, key
        assert all(t.strip() for t in texts.values()), key
        assert placeholders(texts["fr"]) == placeholders(texts["en"]), key
        assert placeholders(texts["it"]) == placeholders(texts["en"]), key


def test_every_literal_key_used_in_the_code_exists():
    pattern = re.compile(r"""\b(?:t|tn|translate|translate_plural)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    sources = [*ROOT.glob("pages/*.py"), ROOT / "app.py", *ROOT.glob("refdash/**/*.py")]
    used = {m for path in sources for m in pattern.findall(path.read_text(encoding="utf-8"))}
    assert used, "no translation keys found: the pattern is wrong"
    missing = sorted(used - set(catalogs.load().english))
    assert not missing, f"keys used but not translated: {missing}"


def _code() -> str:
    sources = [*ROOT.glob("pages/*.py"), ROOT / "app.py", *ROOT.glob("refdash/**/*.py")]
    return "\n".join(path.read_text(encoding="utf-8") for path in sources)


def test_every_message_of_the_gettext_catalogs_is_translated_with_the_same_placeholders():
    template = {m.context: m for m in catalogs.read(catalogs.TEMPLATE) if m.context}
    assert len(template) > 500
    for lang in catalogs.TRANSLATED:
        catalog = catalogs.read(catalogs.po_path(lang), locale=lang)
        translated = {m.context: m for m in catalog if m.context}
        assert set(translated) == set(template), lang
        for key, message in translated.items():
            assert message.id == template[key].id, (lang, key)   # the same English source
            assert not message.fuzzy, (lang, key)
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            sources = message.id if isinstance(message.id, tuple) else (message.id,)
            if message.pluralizable:
                assert len(forms) == catalog.num_plurals, (lang, key)
            assert all(f.strip() for f in forms), (lang, key)
            wanted = set().union(*(placeholders(s) for s in sources))
            for form in forms:
                assert placeholders(form) <= wanted, (lang, key, form)
            assert placeholders(forms[-1]) == placeholders(sources[-1]), (lang, key)


def test_no_catalog_entry_is_unused():
    """Each key appears in the code: quoted, as the head of a quoted key (``"data.status"``,
    ``"clients.next.too_new" + suffix``), as an f-string's fixed part (``f"sim.knob.{name}"``,
    ``f"{area}.title"``), or, for ``error.<code>``, as a RefdashError code."""
    code = _code()
    quoted = set(re.findall(r"""["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""", code))
    heads = set(re.findall(r"""f["']([a-z_]+(?:\.[a-z0-9_]+)*\.)\{""", code))
    tails = set(re.findall(r"""f["']\{[^}]+\}(\.[a-z0-9_.]+)["']""", code))

    def used(key: str) -> bool:
        return (key in quoted or key.removeprefix("error.") in quoted
                or any(key.startswith(h) for h in heads) or any(key.endswith(t) for t in tails)
                or any(key.startswith(q + ".") for q in quoted))

    unused = sorted(k for k in catalogs.load().english if not used(k))
    assert not unused, f"catalog entries no code asks for: {unused}"


@pytest.mark.parametrize(("lang", "count", "text"), [
    ("en", 1, "1 month"), ("en", 0, "0 months"), ("en", 2, "2 months"),
    ("fr", 0, "0 mois"), ("it", 1, "1 mese"), ("it", 5, "5 mesi"),
])
def test_plural_messages_follow_each_languages_rule(lang, count, text):
    assert i18n.translate_plural("clients.months", lang, count, n=str(count)) == text


def test_french_zero_and_one_are_singular():
    assert i18n.translate_plural("data.import.go_valid", "fr", 1, count="1") == \
        "Importer la 1 ligne valide"
    assert i18n.translate_plural("data.import.go_valid", "fr", 2, count="2") == \
        "Importer les 2 lignes valides"
    assert i18n.translate_plural("data.import.go_valid", "en", 1, count="1") == \
        "Import the 1 valid row"


def test_french_text_has_no_break_spaces_before_colons_and_semicolons():
    text = i18n.translate("clients.intro", "fr")
    assert " :" not in text and "\u00a0:" in text
    assert "\u00a0" not in i18n.translate("clients.intro", "en")


def test_translate_fills_placeholders_and_falls_back_for_unknown_languages():
    assert "42" in i18n.translate("common.demo_badge", "fr", clients="42")
    assert i18n.translate("nav.data", "de") == i18n.translate("nav.data", "en")
    with pytest.raises(KeyError):
        i18n.translate("no.such.key", "en")


@pytest.mark.parametrize(
    ("lang", "number", "percent", "date", "month"),
    [
        ("en", "1,234.5", "25%", "5 Mar 2026", "March 2027"),
        ("fr", "1\u202f234,5", "25\u00a0%", "5 mars 2026", "mars 2027"),
        ("it", "1.234,5", "25%", "5 mar 2026", "marzo 2027"),
    ],
)
def test_numbers_and_dates_follow_the_locale(lang, number, percent, date, month):
    assert i18n.format_number(1234.5, lang, 1) == number
    assert i18n.format_percent(0.25, lang) == percent
    assert i18n.format_date("2026-03-05", lang) == date
    assert i18n.format_month("2027-03-01", lang) == month


def test_kpi_text_shows_signs_points_and_missing_values():
    assert i18n.format_kpi(12, 3, "count", "en") == ("12", "+3")
    assert i18n.format_kpi(12, -3, "count", "en") == ("12", "-3")
    assert i18n.format_kpi(0.25, -0.05, "rate", "fr")[1] == "-5,0 pt"
    assert i18n.format_kpi(float("nan"), None, "rate", "it") == ("–", None)
