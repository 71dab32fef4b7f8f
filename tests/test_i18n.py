"""Every string in three languages; numbers and dates in each locale's style."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from refdash import i18n

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
    pattern = re.compile(r"""\b(?:t|translate)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    sources = [*ROOT.glob("pages/*.py"), ROOT / "app.py", *ROOT.glob("refdash/**/*.py")]
    used = {m for path in sources for m in pattern.findall(path.read_text(encoding="utf-8"))}
    assert used, "no translation keys found: the pattern is wrong"
    missing = sorted(used - set(i18n.catalog()))
    assert not missing, f"keys used but not translated: {missing}"


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
