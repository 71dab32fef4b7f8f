"""Slider to updated chart on the Simulator page, in a real browser (Debian's chromium).

Run: .venv/bin/python bench/bench_simulate_browser.py [--moves 10]

Starts the app over a fresh 500-client demo store, opens /simulator, and moves the
"Conversion of a referred prospect" slider one step at a time (each step a new scenario, so no
cached result is reused). For each move it times the key press until the main chart shows
new data, then lets the run settle. Prints every move and the median (target < 500 ms).

The same is measured, in the same run and so under the same machine load, on a trivial app (one
slider, one plotly line chart): the floor that Streamlit, the browser and plotly set here
(TESTING.md measured about 310 ms for it on a quiet machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from anywhere
from refdash import i18n  # noqa: E402
from refdash.data import demo  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, goto, wait_for_run  # noqa: E402

TRIVIAL_APP = """
import numpy as np
import plotly.graph_objects as go
import streamlit as st

@st.fragment
def view():
    k = st.slider("k", 1, 100, 10, key="k")
    x = np.arange(37)
    st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.sqrt(x) * k, mode="lines",
                                         line={"width": 3})))

st.title("trivial")
view()
"""

MEDIANS = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    const t = plot && plot._fullData && plot._fullData.find(
        t => t.mode === 'lines' && t.line.width === 3);
    return t ? JSON.stringify(Array.from(t.y)) : null;
}"""


def measure(page, slider, moves: int, label: str) -> list[float]:
    """Time ``moves`` ArrowRight presses on ``slider`` until the chart shows new data."""
    times = []
    for move in range(moves):
        before = page.evaluate(MEDIANS)
        slider.focus()
        start = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"old => ({MEDIANS})() !== old", arg=before, polling="raf")
        times.append(time.perf_counter() - start)
        wait_for_run(page)
        value = slider.input_value()
        print(f"{label} move {move + 1:2d} (value now {value:>4}): {times[-1] * 1000:6.0f} ms")
        time.sleep(0.3)
    return times


def trivial(pw, moves: int) -> list[float]:
    """The reference: a one-slider, one-chart app in a fragment, measured the same way."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "trivial.py"
        script.write_text(TRIVIAL_APP)
        server = StreamlitServer(script.parent / "unused.db", script=script).start()
        try:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            goto(page, server)
            page.wait_for_function(f"({MEDIANS})() !== null")
            times = measure(page, page.get_by_role("slider", name="k"), moves, "trivial app")
            browser.close()
        finally:
            server.stop()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moves", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        demo.write_demo_store(db, n_clients=500, seed=7, as_of="2026-11-26")
        server = StreamlitServer(db, env={"REFDASH_AS_OF": "2026-11-26"}).start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(60_000)
                t0 = time.perf_counter()
                goto(page, server, "simulator")
                page.wait_for_function(f"({MEDIANS})() !== null")
                print(f"cold page load to drawn chart: {time.perf_counter() - t0:.2f} s "
                      "(network build, first simulation)")
                page.get_by_role("tab", name=i18n.translate("sim.group.referrals", "en")).click()
                slider = page.get_by_role("slider",
                                          name=i18n.translate("sim.knob.conversion", "en"))
                times = measure(page, slider, args.moves, "simulator")
                browser.close()
                reference = trivial(pw, args.moves)
        finally:
            server.stop()

    def summary(ts: list[float]) -> str:
        return (f"median of {len(ts)}: {statistics.median(ts) * 1000:.0f} ms "
                f"(min {min(ts) * 1000:.0f}, max {max(ts) * 1000:.0f})")

    print(f"Simulator page, slider to updated chart, {summary(times)}; target < 500 ms")
    print(f"trivial one-slider app, same run,        {summary(reference)}")


if __name__ == "__main__":
    main()
