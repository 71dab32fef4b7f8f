"""Issue 14, part 1, in a real browser: on every page in French and
Italian, the visible text outside the charts has no English interface word, no ISO date and
no dot decimal; the CSV downloads parse back with ``;`` and the decimal comma."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from refdash.i18n import translate
from tests.browser import goto, wait_for_run

pytestmark = pytest.mark.browser

PAGES = ("", "clients", "segments", "simulator", "data")
#: English words Streamlit or a forgotten string would show (whole words, case-sensitive).
ENGLISH = ("Choose an option", "Select all", "No results", "Download", "Yes", "No", "True",
           "False", "None", "NaN", "nan")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DOT_DECIMAL = re.compile(r"\b\d+\.\d+\b")
#: Italian groups thousands with a dot ("1.234"): that is not a dot decimal.
ITALIAN_THOUSANDS = re.compile(r"\b\d{1,3}(?:\.\d{3})+\b")

#: The visible text of the main area without the charts (plotly's own ticks are its own)
#: and without the file uploader's drop zone, whose "Drag and drop file here", "Limit ... per
#: file" and "Browse files" Streamlit 1.67 offers no way to translate.
VISIBLE_TEXT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const hidden = [...main.querySelectorAll(
      '.js-plotly-plot, [data-testid="stFileUploaderDropzone"]')];
  hidden.forEach(e => { e.dataset.display = e.style.display; e.style.display = 'none'; });
  const text = main.innerText;
  hidden.forEach(e => { e.style.display = e.dataset.display; });
  return text;
}"""


def problems(text: str, lang: str) -> list[str]:
    """What in ``text`` does not follow ``lang``: English words, ISO dates, dot decimals."""
    found = [w for w in ENGLISH
             if not (lang == "it" and w == "No") and re.search(rf"\b{re.escape(w)}\b", text)]
    found += ISO_DATE.findall(text)
    cleaned = ITALIAN_THOUSANDS.sub("", text) if lang == "it" else text
    found += DOT_DECIMAL.findall(cleaned)
    return found


def tab_texts(page) -> list[str]:
    """The visible text of every tab of the page, each tab opened in turn (the first as it
    arrives), so the lists and forms behind the tabs are read too."""
    texts = [page.evaluate(VISIBLE_TEXT)]
    tabs = page.locator('[data-testid="stMain"] [role="tab"]')
    for i in range(1, tabs.count()):
        tabs.nth(i).click()
        page.wait_for_timeout(300)
        wait_for_run(page)
        texts.append(page.evaluate(VISIBLE_TEXT))
    return texts


@pytest.mark.parametrize("lang", ["fr", "it"])
@pytest.mark.parametrize("path", PAGES)
def test_visible_text_follows_the_language(app_server, page, lang, path):
    goto(page, app_server, path, f"lang={lang}")
    page.wait_for_timeout(500)  # charts drawn lazily: their text is left out anyway
    for text in tab_texts(page):
        assert text.strip()
        assert problems(text, lang) == [], text[:2000]


def download(page, button) -> bytes:
    """The file a download button gives. A list's CSV is written when clicked (a deferred
    download): a click that lands while the page is still running can be dropped by the
    browser, so the click is made again once the run has finished."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    wait_for_run(page)
    try:
        with page.expect_download(timeout=20_000) as info:
            button.click()
    except PlaywrightTimeout:
        wait_for_run(page)
        with page.expect_download(timeout=60_000) as info:
            button.click()
    return info.value.path().read_bytes()


@pytest.mark.parametrize("lang", ["fr", "it"])
def test_csv_downloads_parse_back_with_the_locale_marks(app_server, page, lang):
    goto(page, app_server, "segments", f"lang={lang}")
    label = translate("common.download_csv", lang)
    buttons = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"] button',
                           has_text=label)
    buttons.first.wait_for(state="attached")  # the chosen tab's client list
    # the lineages' download comes with the network's charts, when their expander opens
    page.get_by_text(translate("segments.network.show", lang)).click()
    buttons.nth(1).wait_for(state="attached")
    assert buttons.count() >= 2  # the first tab's client list and the lineages
    for i in range(buttons.count()):
        # visible or not on the settled page: while a run (the previous download's) goes on,
        # a button of a hidden tab can show for a moment, then not be clickable (1 CI run)
        wait_for_run(page)
        if not buttons.nth(i).is_visible():
            continue
        raw = download(page, buttons.nth(i))
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, as before
        frame = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig")
        assert frame.shape[1] >= 3, frame.columns
        numeric = frame.select_dtypes("number")
        assert numeric.shape[1] >= 1  # numbers stay numbers
        words = {translate("format.yes", lang), translate("format.no", lang)}
        for column in frame.select_dtypes(exclude="number").columns:
            assert not set(frame[column].dropna().astype(str)) <= {"True", "False"}, column
        ready = translate("segments.col.ready", lang)
        if ready in frame:
            assert set(frame[ready].dropna()) <= words
