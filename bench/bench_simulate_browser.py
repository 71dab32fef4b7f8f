"""Slider to redrawn chart on the Simulator page, in a real browser (Debian's chromium), beside
a trivial app measured in the same run.

Run: .venv/bin/python bench/bench_simulate_browser.py [--moves 12] [--spheres 5]

Starts the app over a fresh 500-client demo store (with ``REFDASH_PROFILE=1``, so the page
prints the server time of each part of a rerun) and a trivial app (one slider, one plotly line
chart in a fragment: the floor Streamlit, the browser and plotly set here). Both pages stay
open and their moves alternate, so both see the same machine load. Measured per key press:

- **slider -> chart**: until the main chart shows new data (``_fullData`` of its width-3 line);
- **run finished**: until the script state is ``notRunning`` again;
- **bytes**: websocket bytes the browser received for the move;
- on the server: the fragment's script time and its parts (``PROFILE`` lines of the log).

Phases: the "Conversion" slider moved right and left in turn (both scenarios simulated before:
the *cached simulation* case, the slider's daily use); "Ask success" moved right (a new
scenario each move: simulation included); "Sphere" moved right (a new network each move).
Targets (issue 15): cached slider -> chart within 1.5x the trivial app (goal 1.3x), run
finished within 2x; a new sphere: chart redrawn within 600 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    // the simulator's main chart (the "250" chart is above it), or the trivial app's only one
    const plot = document.querySelector('.st-key-sim_out_growth .js-plotly-plot')
        || document.querySelector('.js-plotly-plot');
    const t = plot && plot._fullData && plot._fullData.find(
        t => t.mode === 'lines' && t.line.width === 3);
    return t ? JSON.stringify(Array.from(t.y)) : null;
}"""
# The y axes' automargin would redraw a chart whose left margin is too small for its labels
# (a second full draw): the figures set a margin that fits, which this checks.
ONE_DRAW = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(
    p => `${p.closest('[class*=st-key-sim_out_]')?.className.match(/st-key-(\\S+)/)?.[1] ?? '?'}: `
        + (p._fullLayout._size.l === p.layout.margin.l ? 'one draw' : 'margin grown, drawn twice')
).join(', ')"""
NOT_RUNNING = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PROFILE_LINE = re.compile(r"PROFILE simulator fragment: ([\d.]+) ms \((.*)\)")


@dataclass
class Probe:
    """One open page: its slider moves' timings and the websocket bytes it received."""

    page: Any  # a playwright Page
    label: str
    chart: list[float] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    wire: dict[str, int] = field(default_factory=lambda: {"received": 0})  # shared per page

    def listen(self) -> None:
        def add(payload: str | bytes) -> None:
            self.wire["received"] += len(payload)

        self.page.on("websocket", lambda ws: ws.on("framereceived", add))

    def move(self, slider, key: str) -> None:
        """Press ``key`` on ``slider``; time the chart's redraw and the end of the run."""
        page = self.page
        before = page.evaluate(MEDIANS)
        slider.focus()
        bytes_before = self.wire["received"]
        start = time.perf_counter()
        page.keyboard.press(key)
        page.wait_for_function(f"old => ({MEDIANS})() !== old", arg=before, polling="raf")
        self.chart.append(time.perf_counter() - start)
        page.wait_for_selector(NOT_RUNNING, state="attached")
        self.finished.append(time.perf_counter() - start)
        wait_for_run(page)  # settle (a follow-up run would spoil the next move)
        self.sizes.append(self.wire["received"] - bytes_before)
        print(f"{self.label:>28} {key:<10} value {slider.input_value():>4}: chart "
              f"{self.chart[-1] * 1000:5.0f} ms, finished {self.finished[-1] * 1000:5.0f} ms, "
              f"{self.sizes[-1]:7d} bytes")
        time.sleep(0.2)


def summary(ts: list[float]) -> str:
    if not ts:  # --spheres 0
        return "not measured"
    return (f"median {statistics.median(ts) * 1000:4.0f} ms "
            f"(min {min(ts) * 1000:.0f}, max {max(ts) * 1000:.0f}, n={len(ts)})")


def open_page(browser, server: StreamlitServer, path: str, label: str) -> Probe:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    probe = Probe(page, label)
    probe.listen()
    goto(page, server, path)
    page.wait_for_function(f"({MEDIANS})() !== null")
    return probe


def server_profile(log: Path, since: int) -> tuple[str, int]:
    """Median fragment script time (and of each part) in the PROFILE lines after ``since``."""
    text = log.read_text(errors="replace")
    totals: list[float] = []
    parts: dict[str, list[float]] = {}
    for m in PROFILE_LINE.finditer(text[since:]):
        totals.append(float(m.group(1)))
        for item in m.group(2).split(", "):
            name, ms = item.rsplit(" ", 1)
            parts.setdefault(name, []).append(float(ms))
    if not totals:
        return "no PROFILE lines", len(text)
    detail = ", ".join(f"{n} {statistics.median(v):.1f}" for n, v in parts.items())
    return (f"median {statistics.median(totals):.0f} ms of {len(totals)} reruns ({detail})",
            len(text))


def tab(page, key: str) -> None:
    """Show a group of knobs (only the chosen group is drawn)."""
    page.locator(".st-key-sim_group").get_by_role(
        "radio", name=i18n.translate(key, "en"), exact=True).click()
    wait_for_run(page)


def knob(page, field_name: str):
    return page.get_by_role("slider", name=i18n.translate(f"sim.knob.{field_name}", "en"))


def run(pw, db: Path, moves: int, spheres: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "trivial.py"
        script.write_text(TRIVIAL_APP)
        # REFDASH_WARM=0 in the bench's environment measures without the warm-up.
        app = StreamlitServer(db, env={"REFDASH_AS_OF": "2026-11-26", "REFDASH_PROFILE": "1",
                                       "REFDASH_WARM": os.environ.get("REFDASH_WARM", "1")}
                              ).start()
        ref = StreamlitServer(script.parent / "unused.db", script=script).start()
        try:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            t0 = time.perf_counter()
            sim_page = open_page(browser, app, "simulator", "simulator")
            print(f"cold page load to drawn chart: {time.perf_counter() - t0:.2f} s")
            trivial = open_page(browser, ref, "", "trivial app")
            page = sim_page.page
            tab(page, "sim.group.referrals")
            conversion = knob(page, "conversion")
            k = trivial.page.get_by_role("slider", name="k")
            for key in ("ArrowRight", "ArrowLeft"):  # simulate both scenarios once
                sim_page.move(conversion, key)
            for measured in (sim_page.chart, sim_page.finished, sim_page.sizes):
                measured.clear()
            _, mark = server_profile(app.log, 0)
            for i in range(moves):  # alternate, so both apps see the same load
                key = ("ArrowRight", "ArrowLeft")[i % 2]
                sim_page.move(conversion, key)
                trivial.move(k, key)
            cached, mark = server_profile(app.log, mark)
            draws = page.evaluate(ONE_DRAW)
            fresh = Probe(page, "simulator, new scenario", wire=sim_page.wire)
            ask = knob(page, "ask_success")
            for _ in range(max(3, moves // 2)):
                fresh.move(ask, "ArrowRight")
            new_scenario, mark = server_profile(app.log, mark)
            tab(page, "sim.group.market")
            sphere = Probe(page, "simulator, new sphere", wire=sim_page.wire)
            for _ in range(spheres):
                sphere.move(knob(page, "sphere"), "ArrowRight")
            new_sphere, mark = server_profile(app.log, mark)
            browser.close()
        finally:
            app.stop()
            ref.stop()

    ratio = statistics.median(sim_page.chart) / statistics.median(trivial.chart)
    ratio_done = statistics.median(sim_page.finished) / statistics.median(trivial.finished)
    print(f"\nmachine load at the end (uptime): {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(f"slider -> chart, cached simulation: simulator {summary(sim_page.chart)}")
    print(f"                  trivial app, same run:      {summary(trivial.chart)}")
    print(f"                  ratio {ratio:.2f}x (target <= 1.5x, goal 1.3x)")
    print(f"run finished, cached simulation:    simulator {summary(sim_page.finished)}")
    print(f"                  trivial app, same run:      {summary(trivial.finished)}")
    print(f"                  ratio {ratio_done:.2f}x (target <= 2x)")
    print(f"bytes received per move: simulator {statistics.median(sim_page.sizes):.0f}, "
          f"trivial {statistics.median(trivial.sizes):.0f}")
    print(f"server script time per fragment rerun, cached simulation: {cached}")
    print(f"plotly draws per chart (left margin vs labels): {draws}")
    print(f"slider -> chart, new scenario (simulation included): {summary(fresh.chart)}; "
          f"server {new_scenario}")
    print(f"slider -> chart, new sphere (network rebuilt): {summary(sphere.chart)} "
          f"(target <= 600 ms); run finished {summary(sphere.finished)}; server {new_sphere}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moves", type=int, default=12)
    parser.add_argument("--spheres", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        demo.write_demo_store(db, n_clients=500, seed=7, as_of="2026-11-26")
        with sync_playwright() as pw:
            run(pw, db, args.moves, args.spheres)


if __name__ == "__main__":
    main()
