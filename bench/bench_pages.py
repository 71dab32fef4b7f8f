"""Page loads on a 100,000-client store in a real browser (Debian's chromium), each beside a
trivial app measured in the same run.

Run: .venv/bin/python bench/bench_pages.py [--clients 100000] [--switches 2]

Makes the demo store once under ``bench/out/`` (``pages-<N>.db``, kept for the next run), then
starts a fresh refdash server over it (``serve.py``, as ``scripts/run.sh`` starts it: it reads
the store and computes the first page's figures as it starts; ``REFDASH_PROFILE=1``: the cache
misses' server times are in its log, summed below, the start's and the warm-up's apart) and a
trivial app (one slider, one plotly chart). Measured:

- **cold first page**: a fresh server and a fresh browser, from the moment the server
  answers until the Portfolio's worklist is drawn (its first screen: the asks' rows) and the
  run has finished; the trivial app's cold load (fresh server, fresh browser, until its chart
  is drawn) is measured right before, the same way;
- **first switch while the warm-up runs**: right after the cold page, Portfolio -> Clients
  (the server's background warm-up of the other pages, ``refdash.ui.warm``, is still at work:
  on a 100,000-client store it takes 10-15 s after the first page), printed apart;
- **warm switches**: once the warm-up has finished (its last line in the server's log), on a
  fresh browser page (each page's first visit, with its scripts, is among them), every page
  to every other through the sidebar's links, ``--switches``
  rounds, until the page's title and its first content are there and the run has finished;
  beside them the trivial app's warm load (server warm, page reloaded). Each click waits
  until the browser is idle (``requestIdleCallback``): the page before may still be drawing
  what comes after its first screen (right after the cold page, plotly's script and the
  charts below the worklist: ~1 s), which is printed beside each switch, not counted in it.

Targets (issue 15): cold first page within 2x the trivial app's cold load; warm switches
under 1 s. The machine's load (``uptime``) is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from anywhere
from bench.bench_simulate_browser import TRIVIAL_APP  # noqa: E402
from refdash import i18n  # noqa: E402
from refdash.data import demo  # noqa: E402
from refdash.model import kept  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, wait_for_run  # noqa: E402

AS_OF = "2026-11-26"
#: Each page: (nav key, its catalog area (title), what shows that its content is drawn).
PAGES = (
    ("nav.portfolio", "portfolio", ".st-key-worklist_asks [data-testid=stHtml], "
                                   ".st-key-worklist_asks [data-testid=stAlert]"),
    ("nav.clients", "clients", '[data-testid="stMetricValue"]'),
    ("nav.segments", "segments", ".js-plotly-plot .main-svg"),
    ("nav.simulator", "sim", ".js-plotly-plot .main-svg"),
    ("nav.data", "data", '[data-testid="stMain"] h1'),
)
AREAS = {key: area for key, area, _ready in PAGES}
READY = {key: ready for key, _area, ready in PAGES}
NOT_RUNNING = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PROFILE = re.compile(r"PROFILE cache (.+): (\d+) ms")
#: What the background warm-up of the other pages computed (refdash.ui.warm), not a page.
WARM = re.compile(r"PROFILE warm (.+): (\d+) ms")
#: A page's own laps (``ui.cache.Laps``): its script's server time, part by part.
LAPS = re.compile(r"PROFILE (\w+ page): (\d+) ms \((.*)\)")


def uptime() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def make_store(clients: int) -> Path:
    """The demo store of ``clients`` clients under bench/out/, made once and kept."""
    path = ROOT / "bench" / "out" / f"pages-{clients}.db"
    if not path.exists():
        start = time.perf_counter()
        demo.write_demo_store(path, n_clients=clients, seed=7, as_of=AS_OF, exist_ok=True)
        print(f"made {path.name} in {time.perf_counter() - start:.0f} s")
        # as `refdash demo` and `refdash import` leave a store: its read and trust model
        # kept beside it (what the cold first page below then reads)
        start = time.perf_counter()
        os.environ["REFDASH_AS_OF"] = AS_OF
        kept.prepare(path)
        print(f"prepared for the first open, as the command line does, in "
              f"{time.perf_counter() - start:.1f} s")
    return path


def new_page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(180_000)
    return page


def trivial_loads(browser, server: StreamlitServer, warm: int) -> tuple[float, list[float]]:
    """The trivial app's cold load (first page of a fresh server), then ``warm`` reloads."""
    times = []
    for _ in range(warm + 1):
        page = new_page(browser)
        start = time.perf_counter()
        page.goto(server.url)
        page.wait_for_selector(".js-plotly-plot .main-svg")
        page.wait_for_selector(NOT_RUNNING, state="attached")
        times.append(time.perf_counter() - start)
        page.close()
    return times[0], times[1:]


def open_first(browser, server: StreamlitServer):
    """A fresh browser page on the Portfolio, timed until its worklist is drawn."""
    page = new_page(browser)
    start = time.perf_counter()
    page.goto(server.url)
    page.wait_for_selector(PAGES[0][2])
    page.wait_for_selector(NOT_RUNNING, state="attached")
    return page, time.perf_counter() - start


#: Resolves once the browser's main thread is idle (at most 10 s): the page before is drawn.
IDLE = "() => new Promise(done => requestIdleCallback(() => done(0), {timeout: 10000}))"


#: Installed in the page before a click: the page's own clock (ms after the click) of
#: when the script began to run and when it was seen finished, as the DOM says
#: (``data-test-script-state``), whatever the browser is busy with after. Playwright's
#: waits see the end later when the browser's main thread is drawing (charts, a first
#: visit's components): each of them is a round trip through that thread.
PAGE_CLOCK = """() => {
  const marks = window.__refdashMarks = {};
  const t0 = performance.now();
  const app = () => document.querySelector('[data-testid="stApp"]');
  const watch = new MutationObserver(() => {
    const state = app() && app().getAttribute('data-test-script-state');
    if (!marks.running && state === 'running') marks.running = performance.now() - t0;
    if (marks.running && !marks.finished && state === 'notRunning') {
      marks.finished = performance.now() - t0;
      watch.disconnect();
    }
  });
  watch.observe(document.body, {subtree: true, attributes: true,
                                attributeFilter: ['data-test-script-state']});
}"""


def switch(page, nav_key: str, ready: str) -> tuple[float, float, float | None]:
    """Click the sidebar link of a page once the browser is idle; seconds until its content
    is drawn and its run finished, seconds the browser was still busy before the click
    (drawing the page before: its charts, a first visit's scripts), which a click made at
    once would wait for too, and the seconds after the click at which the page itself saw
    its run finished (:data:`PAGE_CLOCK`; None if it did not see it)."""
    link = page.get_by_test_id("stSidebarNav").get_by_role(
        "link", name=i18n.translate(nav_key, "en"))
    title = i18n.translate(f"{AREAS[nav_key]}.title", "en")
    busy = time.perf_counter()
    page.evaluate(IDLE)
    busy = time.perf_counter() - busy
    page.evaluate(PAGE_CLOCK)
    start = time.perf_counter()
    link.click()
    page.get_by_role("heading", name=title, level=1).first.wait_for()
    page.wait_for_selector(ready)
    page.wait_for_selector(NOT_RUNNING, state="attached")
    took = time.perf_counter() - start
    wait_for_run(page)  # settle before the next click
    finished = page.evaluate("() => window.__refdashMarks.finished")
    return took, busy, (finished / 1000 if finished is not None else None)


def every_pair(page, current: str, times: dict[tuple[str, str], list[float]],
               log: Path) -> str:
    """Switch from every page to every other (20 switches for 5 pages, a few more when a
    page's links are used up); ``times`` gets each switch's seconds. Returns where it ends."""
    left = {(a, b) for a in READY for b in READY if a != b}
    while left:
        ahead = [b for b in READY if (current, b) in left]
        target = ahead[0] if ahead else next(a for a, _b in sorted(left) if a != current)
        _, mark = server_misses(log, 0)
        took, busy, finished = switch(page, target, READY[target])
        times.setdefault((current, target), []).append(took)
        left.discard((current, target))
        misses, _ = server_misses(log, mark)
        seen = f"{finished * 1000:.0f} ms" if finished is not None else "not seen"
        print(f"  {current:>14} -> {target:<14} {took * 1000:6.0f} ms  "
              f"(run finished by the page's own clock: {seen}; "
              f"browser busy before the click {busy * 1000:.0f} ms; "
              f"server cache misses, ms: {misses})", flush=True)
        print_warm_up(log, mark)
        for laps in LAPS.finditer(log.read_text(errors="replace")[mark:]):
            print(f"  {'':>14}    {laps.group(1)}: script {laps.group(2)} ms "
                  f"({laps.group(3)})", flush=True)
        current = target
    return current


def print_warm_up(log: Path, since: int) -> None:
    """The background warm-up's computations (server ms) in the log after ``since``."""
    found = [f"{m.group(1).rsplit('.', 1)[-1]} {m.group(2)}" for m in
             WARM.finditer(log.read_text(errors="replace")[since:])]
    if found:
        print(f"  {'':>14}    background warm-up (ms): {', '.join(found)}", flush=True)


def server_misses(log: Path, since: int) -> tuple[str, int]:
    """The cache misses (server ms) in the PROFILE lines of the log after ``since``."""
    text = log.read_text(errors="replace")
    found = [f"{m.group(1).rsplit('.', 1)[-1]} {m.group(2)}" for m in
             PROFILE.finditer(text[since:])]
    return (", ".join(found) or "none"), len(text)


def wait_for_warm_up(log: Path, timeout: float = 180.0) -> float:
    """Seconds until the warm-up's last line (``PROFILE warm other pages``) is in the log."""
    start = time.perf_counter()
    while "PROFILE warm other pages" not in log.read_text(errors="replace"):
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"the warm-up did not finish in {timeout:.0f} s")
        time.sleep(0.2)
    return time.perf_counter() - start


def run(pw, db: Path, switches: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "trivial.py"
        script.write_text(TRIVIAL_APP)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ref = StreamlitServer(script.parent / "unused.db", script=script).start()
        try:
            trivial_cold, trivial_warm = trivial_loads(browser, ref, warm=3)
        finally:
            ref.stop()
        log_dir = Path(tmp) / "app"
        log_dir.mkdir()
        app = StreamlitServer(log_dir / db.name, env={
            "REFDASH_DB": str(db), "REFDASH_AS_OF": AS_OF, "REFDASH_PROFILE": "1",
            # REFDASH_WARM=0 in the bench's environment measures without the warm-up.
            "REFDASH_WARM": os.environ.get("REFDASH_WARM", "1"),
            # REFDASH_READ_CACHE=0: the store read as on a server's first start on it.
            "REFDASH_READ_CACHE": os.environ.get("REFDASH_READ_CACHE", "1")}).start()
        try:
            page, cold = open_first(browser, app)
            misses, mark = server_misses(app.log, 0)
            print(f"cold first page (Portfolio's worklist drawn): {cold:.2f} s; trivial app "
                  f"cold {trivial_cold:.2f} s: ratio {cold / trivial_cold:.2f}x (target <= 2x)")
            print(f"  server, cache misses (ms): {misses}")
            print_warm_up(app.log, 0)
            took, busy, finished = switch(page, "nav.clients", READY["nav.clients"])
            seen = f"{finished * 1000:.0f} ms" if finished is not None else "not seen"
            print(f"first switch, warm-up still running: nav.portfolio -> nav.clients "
                  f"{took * 1000:.0f} ms (by the page's own clock: {seen}; browser busy "
                  f"before the click {busy * 1000:.0f} ms)", flush=True)
            page.close()
            waited = wait_for_warm_up(app.log)
            print(f"warm-up finished {waited:.1f} s later; warm switches on a fresh page:")
            page, _ = open_first(browser, app)
            times: dict[tuple[str, str], list[float]] = {}
            current = PAGES[0][0]
            for _ in range(switches):
                current = every_pair(page, current, times, app.log)
            print("the whole run:")
            print_warm_up(app.log, 0)
            text = app.log.read_text(errors="replace")
            print(f"  server log: {text.count('missing ScriptRunContext')} 'missing "
                  f"ScriptRunContext' warnings, {text.count('Traceback')} tracebacks")
            browser.close()
        finally:
            app.stop()
    first = [ts[0] for ts in times.values()]
    later = [t for ts in times.values() for t in ts[1:]]
    print(f"\nmachine at the end: {uptime()}")
    print(f"cold first page: {cold:.2f} s; trivial app cold {trivial_cold:.2f} s "
          f"({cold / trivial_cold:.2f}x, target <= 2x)")
    print(f"warm switches, each pair's first: median {statistics.median(first) * 1000:.0f} ms, "
          f"max {max(first) * 1000:.0f} ms (n={len(first)}; target < 1000 ms)")
    if later:
        print(f"warm switches, repeated: median {statistics.median(later) * 1000:.0f} ms, "
              f"max {max(later) * 1000:.0f} ms (n={len(later)})")
    print(f"trivial app warm load (server warm, fresh page): median "
          f"{statistics.median(trivial_warm) * 1000:.0f} ms (n={len(trivial_warm)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--switches", type=int, default=2)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"machine at the start: {uptime()}")
    db = make_store(args.clients)
    with sync_playwright() as pw:
        run(pw, db, args.switches)


if __name__ == "__main__":
    main()
