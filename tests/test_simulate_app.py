"""The Simulator page: headless with AppTest, then in a real browser (a slider moves the chart
and the figures)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest
from streamlit.testing.v1 import AppTest

from refdash import i18n
from refdash import sim as sm
from refdash.sim import analytics
from tests.browser import goto, metric_values, wait_for_run
from tests.conftest import APP

CLIENTS = i18n.translate("sim.kpi.clients", "en", months=36)


@pytest.fixture(autouse=True)
def _fresh_simulations():
    analytics._explore.cache_clear()
    yield


def open_simulator(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(query)
    at.run()
    at.switch_page("pages/simulator.py").run()
    assert not at.exception, at.exception
    return at


def show_group(at: AppTest, group: str) -> AppTest:
    """Show the knobs of ``group`` (only the chosen group is drawn)."""
    at.segmented_control(key="sim_group").set_value(group).run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_page_shows_the_scenario_figures_and_reacts_to_a_slider(app_env):
    at = open_simulator()
    expected = sm.explore(sm.Scenario()).kpis.loc["patient"]
    assert shown(at)[CLIENTS] == i18n.format_number(expected["clients"], "en")
    assert len(at.metric) == 7
    assert any("Patience is worth" in info.value for info in at.info)
    before = shown(at)
    show_group(at, "referrals")
    at.slider(key="sim_conversion").set_value(30).run()
    assert not at.exception
    assert shown(at)[CLIENTS] != before[CLIENTS]
    assert at.query_params["conversion"] in ("0.3", ["0.3"])


def test_the_250_chart_is_drawn_only_while_its_expander_is_open(app_env):
    """Closed (as the page opens), a slider move redraws one plotly chart, not two; the
    headline and the caption still give the claim's figures. Opened, the claimed list is
    drawn month by month, and it stays open while the sliders move."""
    at = open_simulator()
    label = i18n.translate("sim.claim.open", "en", sphere="250")
    [box] = [e for e in at.expander if e.label == label]
    assert not box.get("plotly_chart")
    assert len(at.get("plotly_chart")) == 1  # the growth chart
    assert any("250" in m.value for m in at.markdown)  # the headline
    at.session_state["sim_claim"] = True
    at.run()
    assert not at.exception, at.exception
    [box] = [e for e in at.expander if e.label == label]
    [chart] = box.get("plotly_chart")
    names = {trace["name"] for trace in json.loads(chart.proto.spec)["data"]}
    assert i18n.translate("sim.claim.named", "en") in names
    show_group(at, "referrals")
    at.slider(key="sim_conversion").set_value(30).run()
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) == 2


def test_a_shared_link_opens_the_same_scenario(app_env):
    at = open_simulator(conversion="0.3", runs="60", policy="eager")
    assert show_group(at, "referrals").slider(key="sim_conversion").value == 30
    assert show_group(at, "run").slider(key="sim_runs").value == 60
    s = sm.Scenario(conversion=0.3, runs=60)
    expected = sm.explore(s).kpis.loc["eager"]
    assert shown(at)[CLIENTS] == i18n.format_number(expected["clients"], "en")


def test_shares_that_do_not_sum_to_100_are_explained_not_crashed(app_env):
    at = open_simulator()
    show_group(at, "clients")
    at.number_input(key="sim_share_never").set_value(50).run()
    assert not at.exception
    assert "20 + 60 + 50 = 130 %" in at.error[0].value
    assert not at.metric


def test_calibrate_sets_the_knobs_from_the_store(app_env, demo_portfolio):
    at = open_simulator()
    at.button(key="sim_calibrate").click().run()
    assert not at.exception
    want = sm.widget_values(sm.calibrate(demo_portfolio, sm.Scenario()))
    assert at.number_input(key="sim_start_clients").value == want["start_clients"]
    assert show_group(at, "referrals").slider(key="sim_conversion").value == want["conversion"]
    notes = " ".join(c.value for c in at.caption)
    assert "Market size and clustering are not in your data" in notes


def test_the_page_speaks_french_and_italian(app_env):
    at = open_simulator(lang="fr")
    assert at.title[0].value == i18n.translate("sim.title", "fr")
    assert i18n.translate("sim.kpi.clients", "fr", months=36) in shown(at)
    at.session_state["lang"] = "it"  # AppTest drops the sidebar after switch_page
    at.run()
    assert not at.exception
    assert at.title[0].value == i18n.translate("sim.title", "it")


# ------------------------------------------------------------------------- browser


GROWTH = ".st-key-sim_out_growth .js-plotly-plot"  # the main chart (the "250" chart is above)


def group_button(page, group: str, lang: str = "en"):
    """The button that shows a group of knobs."""
    return page.locator(".st-key-sim_group").get_by_role(
        "radio", name=i18n.translate(f"sim.group.{group}", lang), exact=True)


def growth_medians(page) -> list[float]:
    """The y values of the patient median line of the main chart, as drawn."""
    return page.evaluate(
        f"""() => {{
            const plot = document.querySelector('{GROWTH}');
            const t = plot._fullData.find(t => t.mode === 'lines' && t.line.width === 3);
            return Array.from(t.y);
        }}""")


@pytest.mark.browser
def test_a_deep_link_opens_the_scenario_inside_the_app(tmp_path, demo_db_template, page):
    """A shared link opened first on a fresh server still gets the sidebar and its scenario."""
    import shutil

    from tests.browser import StreamlitServer

    db = tmp_path / "demo.db"
    shutil.copyfile(demo_db_template, db)
    # A server of its own: the deep link must be the first page it ever serves.
    server = StreamlitServer(db, env={"REFDASH_AS_OF": "2026-11-26"}).start()
    try:
        page.set_default_timeout(60_000)
        goto(page, server, "simulator", "lang=it&conversion=0.3")
        page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stSelectbox"]')
        assert page.locator('[data-testid="stMain"] h1').first.inner_text() == i18n.translate(
            "sim.title", "it")
        group_button(page, "referrals", "it").click()
        slider = page.get_by_role("slider", name=i18n.translate("sim.knob.conversion", "it"))
        assert slider.input_value() == "30"
    finally:
        server.stop()


@pytest.mark.browser
def test_moving_a_slider_redraws_the_chart_and_the_figures(app_server, page):
    goto(page, app_server, "simulator")
    page.wait_for_selector(GROWTH + " .main-svg")
    page.wait_for_function(f"() => document.querySelector('{GROWTH}')._fullData")
    before_chart = growth_medians(page)
    before = metric_values(page, count=7)[CLIENTS]

    group_button(page, "referrals").click()
    slider = page.get_by_role("slider", name=i18n.translate("sim.knob.conversion", "en"))
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "v => document.querySelector('[data-testid=stMetricValue]').innerText.trim() !== v",
        arg=before, timeout=30_000)
    wait_for_run(page)
    page.wait_for_function(
        f"""old => {{
            const plot = document.querySelector('{GROWTH}');
            const t = plot._fullData.find(t => t.mode === 'lines' && t.line.width === 3);
            return JSON.stringify(Array.from(t.y)) !== old;
        }}""", arg=str(before_chart).replace(" ", ""), timeout=30_000)
    after_chart = growth_medians(page)
    after = metric_values(page)[CLIENTS]
    assert after_chart != before_chart
    assert int(after.replace(",", "")) > int(before.replace(",", ""))  # more conversion, more clients
    assert parse_qs(urlparse(page.url).query)["conversion"] == ["0.25"]
