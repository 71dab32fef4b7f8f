"""Charts drawn once on a wide screen: their margins are sized before plotly draws (the
widest tick label, lane name or legend row, measured in the charts' font). Had plotly to
make room for a label itself, it would draw the chart a second time: half of a chart's time
in the browser, on a page switch or a client picked."""

from __future__ import annotations

import pytest

from refdash.charts import clients as client_charts
from tests.browser import goto, wait_for_run

pytestmark = pytest.mark.browser

#: (page path, the chart's container)
CHARTS = [
    ("", '[data-testid="stPlotlyChart"]'),  # the Portfolio's new clients, its only chart
    ("clients", ".st-key-clients_chart"),
    ("segments", ".st-key-segments_shares"),
]


@pytest.mark.parametrize("lang", ["en", "fr", "it"])
@pytest.mark.parametrize(("path", "chart"), CHARTS)
def test_a_chart_is_drawn_at_the_margins_it_asks_for(app_server, browser, path, chart, lang):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        goto(page, app_server, path, f"lang={lang}")
        page.wait_for_selector(f"{chart} .main-svg")
        wait_for_run(page)
        asked, drawn, width = page.evaluate("""chart => {
            const p = document.querySelector(chart + ' .js-plotly-plot');
            return [p.layout.margin, p._fullLayout._size, p._fullLayout.width];
        }""", chart)
        assert all(asked[side] == drawn[side] for side in "lrtb"), (asked, drawn)
        if path == "clients":  # the width its legend's rows are counted for
            assert width == client_charts.DESIGN_WIDTH
    finally:
        context.close()
