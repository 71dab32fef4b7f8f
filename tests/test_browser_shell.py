"""The app in a real browser: every page in every language, KPIs equal to the store's,
the owner filter and language kept in a shareable URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from refdash import i18n
from refdash.model import portfolio
from refdash.views import portfolio as home
from tests.browser import StreamlitServer, goto, metric_values, wait_for_run
from tests.conftest import AS_OF

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
#: Every page script; st.Page serves pages/x.py at /x, the default page at /.
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))


def expected_kpis(p: portfolio.Portfolio, lang: str) -> dict[str, str]:
    # Issue 12: what early asks cost (a figure, no arrow) comes first, then the five KPIs.
    from refdash.views import clients

    toll = home.toll_texts(home.early_ask_toll(clients.clients_report(p), p), lang)[0]
    return {i18n.translate("portfolio.early.label", lang): toll} | {
        i18n.translate(f"portfolio.kpi.{k.key}", lang):
            i18n.format_kpi(k.value, k.delta, k.kind, lang)[0]
        for k in home.kpis(p)
    }


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_every_page_loads_in_every_language(app_server, page, lang):
    for name in PAGES:
        goto(page, app_server, "" if name == "portfolio" else name, f"lang={lang}")
        nav = page.get_by_test_id("stSidebarNav")
        if len(PAGES) > 1:  # Streamlit hides the navigation when there is one page
            assert nav.get_by_text(i18n.translate("nav.portfolio", lang), exact=True).count() == 1
        assert page.locator('[data-testid="stMain"] h1').count() >= 1, name
        assert parse_qs(urlparse(page.url).query)["lang"] == [lang]


def test_kpis_show_what_the_store_holds_and_follow_the_owner_filter(app_server, page):
    p = portfolio.load(app_server.db, as_of=AS_OF)
    goto(page, app_server)
    assert metric_values(page, count=6) == expected_kpis(p, "en")

    owner = p.owners[2]
    page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").click()
    page.get_by_role("option", name=owner).click()
    page.keyboard.press("Escape")
    page.wait_for_url(lambda url: "owners=" in url)
    wait_for_run(page)
    want = expected_kpis(p.for_owners([owner]), "en")
    page.wait_for_function(
        "v => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
        ".map(e => e.innerText.trim()).join('|') === v",
        arg="|".join(want.values()),
    )
    assert metric_values(page) == want
    assert parse_qs(urlparse(page.url).query)["owners"] == [owner]

    # The URL shares the view: a fresh tab opened on it shows the same figures, in French.
    shared = page.url.replace("lang=en", "lang=fr")
    page.goto(shared)
    page.wait_for_selector('[data-testid="stMain"] h1')
    wait_for_run(page)
    assert metric_values(page, count=6) == expected_kpis(p.for_owners([owner]), "fr")


def test_new_clients_chart_is_drawn_with_both_sources(app_server, page):
    goto(page, app_server)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    names = page.evaluate(
        "() => document.querySelector('.js-plotly-plot')._fullData.map(t => t.name)")
    assert names == ["Other", "Referral"]


def test_a_deep_link_opened_first_on_a_fresh_server_gets_the_whole_app(tmp_path, demo_db, page):
    """Streamlit starts in its pages/-folder mode; the first visitor's link to /data must
    still get the sidebar, the language of the link and the translated navigation."""
    server = StreamlitServer(demo_db, env={"REFDASH_AS_OF": AS_OF}).start()
    try:
        page.goto(f"{server.url}/data?lang=it")
        page.get_by_test_id("stSidebar").get_by_text("Language · Langue · Lingua").wait_for()
        wait_for_run(page)
        nav = page.get_by_test_id("stSidebarNav")
        assert nav.get_by_text("Portafoglio", exact=True).count() == 1
        assert nav.get_by_text("app", exact=True).count() == 0  # not the pages/-folder menu
        assert page.locator('[data-testid="stMain"] h1').first.inner_text() == i18n.translate(
            "data.title", "it")
        assert urlparse(page.url).path == "/data"
    finally:
        server.stop()
