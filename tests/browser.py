"""Helpers for browser tests: a Streamlit server on a free port and Debian's chromium.

See ../shared/TESTING.md for why each wait exists.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
#: What conftest turns off in the tests' own process only.
IN_PROCESS_ONLY = frozenset({"REFDASH_WARM", "REFDASH_READ_CACHE"})
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """``streamlit run serve.py`` (what ``scripts/run.sh`` runs) over the store ``db`` on a free
    local port, or ``streamlit run script``."""

    def __init__(self, db: Path, env: dict[str, str] | None = None,
                 script: Path | None = None) -> None:
        self.db = db
        self.script = script or ROOT / "serve.py"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # The warm-up and the read cache as users get them, unless ``env`` says otherwise:
        # the in-process tests turn them off for themselves (conftest), not for the servers.
        inherited = {k: v for k, v in os.environ.items() if k not in IN_PROCESS_ONLY}
        self.env = {**inherited, "REFDASH_DB": str(db), **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.log = db.parent / f"streamlit-{self.port}.log"

    def start(self, timeout: float = 60) -> StreamlitServer:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", self.port)) == 0:
                raise RuntimeError(f"port {self.port} is taken: refusing to test a stale server")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=self.script.parent, env=self.env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not answer in {timeout}s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def wait_for_run(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit is connected and its script has finished running; fail loudly on
    a modal (it makes the app inert) or an exception box."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]',
                           state="attached", timeout=timeout)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           state="attached", timeout=timeout)
    # A run can follow right after another (first load, query-parameter sync): settle.
    page.wait_for_timeout(250)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           state="attached", timeout=timeout)
    if page.locator('[data-testid="stDialog"]').count():
        raise AssertionError("a modal dialog is open: " + page.locator(
            '[data-testid="stDialog"]').inner_text())
    assert_no_exception(page)


def assert_no_exception(page) -> None:
    boxes = page.locator('[data-testid="stException"]')
    if boxes.count():
        raise AssertionError("the page shows an exception: " + boxes.first.inner_text())


def goto(page, server: StreamlitServer, path: str = "", query: str = "") -> None:
    """Open ``path`` (``''`` for the default page) and wait for the run to finish."""
    url = f"{server.url}/{path}" + (f"?{query}" if query else "")
    page.goto(url)
    # Before the first run starts the app also says "notRunning": wait for the page title.
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    wait_for_run(page)


def metric_values(page, count: int | None = None) -> dict[str, str]:
    """Label -> shown value of every ``st.metric`` on the page (waiting for ``count`` of them
    first, when given)."""
    if count is not None:
        page.wait_for_function(
            "n => document.querySelectorAll('[data-testid=stMetricValue]').length === n",
            arg=count)
    out = {}
    for m in page.locator('[data-testid="stMetric"]').all():
        label = m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = m.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out
