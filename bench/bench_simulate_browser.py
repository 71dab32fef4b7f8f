"""Slider to updated chart on the Simulator page, in a real browser (Debian's chromium).

Run: .venv/bin/python bench/bench_simulate_browser.py [--moves 10]

Starts the app over a fresh 500-client demo store, opens /simulator, and moves the
"Conversion of a referred prospect" slider one step at a time (each step a new scenario, so no
cached result is reused). For each move it times the key press until the main chart shows
new data, then lets the run settle. Prints every move and the median (target < 500 ms; the
trivial one-slider app measured about 310 ms on these machines, see shared TESTING.md).
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
from refdash import demo, i18n  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, goto, wait_for_run  # noqa: E402

MEDIANS = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    const t = plot && plot._fullData && plot._fullData.find(
        t => t.mode === 'lines' && t.line.width === 3);
    return t ? JSON.stringify(Array.from(t.y)) : null;
}"""


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
                times = []
                for move in range(args.moves):
                    before = page.evaluate(MEDIANS)
                    slider.focus()
                    start = time.perf_counter()
                    page.keyboard.press("ArrowRight")
                    page.wait_for_function(f"old => ({MEDIANS})() !== old", arg=before,
                                           polling="raf")
                    times.append(time.perf_counter() - start)
                    wait_for_run(page)
                    value = slider.get_attribute("aria-valuetext") or slider.get_attribute(
                        "aria-valuenow")
                    print(f"move {move + 1:2d} (conversion now {value:>4}): "
                          f"{times[-1] * 1000:6.0f} ms")
                    time.sleep(0.3)
                browser.close()
        finally:
            server.stop()
    print(f"slider to updated chart, median of {len(times)}: {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; target < 500 ms)")


if __name__ == "__main__":
    main()
