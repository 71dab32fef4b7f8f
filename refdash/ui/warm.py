"""Warm-up of the other pages: once a page has run (``app.py`` calls
:func:`warm_other_pages` after it), a background thread computes what the Portfolio,
Clients and Segments pages first need for this session's view (store version, owners,
trust settings, language), so that the first switch to them finds it cached: on a
100,000-client store a page's first visit otherwise computes 1-3 s of figures.

What makes it safe:

- it never touches the store: each computation goes through
  :func:`refdash.ui.cache.computed_from`, which works on the portfolio this run already
  had (its nested computations too) and never reaches the store read. The store's
  connections stay in the pages' threads, under ``STORE_ACCESS`` (see
  ``refdash/data/store/access.py``: two copies of SQLite in one process);
- the same cache entries as the pages' own ``computed(...)`` calls (same function, same
  arguments): a warmed result is the one the page then finds, and a page asking for an
  entry while it is being computed waits for it (Streamlit's lock per entry), never twice;
- it uses nothing of the session or of Streamlit's run (no ``st.*`` call, no session state
  outside the page's run): no "missing ScriptRunContext" in the server's log;
- one thread at a time per store version: the jobs of every session and rerun are queued
  for it, each job once (its view already warmed: nothing to do, no thread);
- it keeps out of the pages' way: between two of its steps it waits while a page's run is
  under way (:func:`page_run_begins` at the top of ``app.py``, until its end and
  :data:`AFTER_RUN` seconds more, at most :data:`PAUSE_LIMIT` seconds a step), so on a
  2-core machine a page just clicked does not share its core with the warm-up (it may
  still wait for the one step in progress, which it would otherwise compute itself).

``REFDASH_WARM=0`` turns it off (to measure without it).
"""

from __future__ import annotations

import collections
import itertools
import logging
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import streamlit as st

from refdash.model import decision
from refdash.model.trust import TrustReport, TrustSettings
from refdash.ui import cache
from refdash.ui.state import lang, trust_settings
from refdash.views import client_grid, clients, entry, evidence, gate, segments, worklist
from refdash.views import portfolio as home_view

_LOG = logging.getLogger(__name__)
#: How many warmed views are remembered (older store versions' entries are gone anyway).
_REMEMBERED = 64
#: The thread's name (tests, and the server's log, tell it by this).
THREAD_NAME = "refdash-warm"
#: The longest the warm-up waits for pages' runs before one step (s): never starved.
PAUSE_LIMIT = 5.0
#: A run begun this long ago (s) without an end (stopped, rerun, failed) is forgotten.
RUN_FORGOTTEN = 30.0
#: After a page's run ends, the warm-up waits this long (s) before its next step: the
#: server still sends that run's last messages (its last elements, "run finished") from its
#: event loop, which a step holding the GIL in pandas starves. Measured on a 100,000-client
#: store: the first page's run ended at 4.8 s, and its browser saw it finished at 7.0 s
#: with the warm-up started at once.
AFTER_RUN = 0.5
#: Session key of the session's run under way (its number in :data:`_RUNS`).
_RUN_KEY = "_refdash_warm_run"


class Job:
    """One view to warm: the run's :data:`cache.View`, trust settings, language and the
    Portfolio page's list length. ``ident`` is what tells two jobs apart (the portfolio
    itself stands for its store key and owners)."""

    def __init__(self, view: cache.View, settings: TrustSettings, language: str,
                 ask_limit: int) -> None:
        self.view, self.settings, self.lang, self.ask_limit = view, settings, language, ask_limit
        self.ident: tuple[Any, ...] = (view[0], view[1], settings, language, ask_limit)


_LOCK = threading.Condition()
#: Per store key, the jobs waiting for its one thread (present while that thread runs).
_QUEUES: dict[cache.StoreKey, collections.deque[Job]] = {}
#: The jobs already taken (oldest first), so a rerun or another session adds none.
_DONE: collections.OrderedDict[tuple[Any, ...], None] = collections.OrderedDict()
#: The pages' runs under way: number -> when it began (``time.monotonic()``, s).
_RUNS: dict[int, float] = {}
#: When the last page's run ended (``time.monotonic()``, s).
_last_end = float("-inf")
_RUN_NUMBERS = itertools.count(1)


def page_run_begins() -> None:
    """At the top of ``app.py``: this session's run is under way, the warm-up pauses
    between its steps until :func:`warm_other_pages` ends it (a run that stops or reruns
    before its end is replaced by the session's next one, or forgotten)."""
    number = next(_RUN_NUMBERS)
    _begin(number, st.session_state.get(_RUN_KEY))
    st.session_state[_RUN_KEY] = number


def _begin(number: int, previous: int | None = None) -> None:
    with _LOCK:
        _RUNS.pop(previous or 0, None)
        _RUNS[number] = time.monotonic()


def _end(number: int | None) -> None:
    global _last_end
    with _LOCK:
        _RUNS.pop(number or 0, None)
        _last_end = time.monotonic()
        _LOCK.notify_all()


def _wait_for_quiet() -> None:
    """Until no page's run is under way and the last one ended :data:`AFTER_RUN` seconds
    ago, or :data:`PAUSE_LIMIT` seconds."""
    deadline = time.monotonic() + PAUSE_LIMIT
    with _LOCK:
        while True:
            now = time.monotonic()
            for number, began in list(_RUNS.items()):
                if now - began > RUN_FORGOTTEN:
                    del _RUNS[number]
            quiet_in = _last_end + AFTER_RUN - now
            if (not _RUNS and quiet_in <= 0) or now >= deadline:
                return
            _LOCK.wait(min(0.1, max(quiet_in, 0.01), deadline - now))


def warm_other_pages() -> None:
    """In a page's run, after the page: warm this session's view in the background (at
    most one thread per store version; nothing when this view was warmed already)."""
    _end(st.session_state.pop(_RUN_KEY, None))  # this run's page is drawn
    if os.environ.get("REFDASH_WARM") == "0":
        return
    start(Job(cache.current_view(), trust_settings(), lang(), _ask_limit()))


def _ask_limit() -> int:
    """The Portfolio page's list length as that page reads it: its widget, else ``?ask=N``."""
    value = st.session_state.get(worklist.LIMIT_KEY)
    if isinstance(value, int):
        return value
    return worklist.limit_from_param(st.query_params.get(worklist.LIMIT_PARAM))


def start(job: Job) -> bool:
    """Queue ``job`` for its store key's thread, starting that thread if none runs;
    False (nothing done) when the same job was taken before."""
    key = job.view[0]
    with _LOCK:
        if job.ident in _DONE:
            return False
        _DONE[job.ident] = None
        while len(_DONE) > _REMEMBERED:
            _DONE.popitem(last=False)
        queue = _QUEUES.get(key)
        if queue is not None:  # its thread is running: it takes this job next
            queue.append(job)
            return True
        _QUEUES[key] = collections.deque([job])
    threading.Thread(target=_work, args=(key,), name=THREAD_NAME, daemon=True).start()
    return True


def _work(key: cache.StoreKey) -> None:
    """The thread of one store key: its jobs in turn, until none is left."""
    while True:
        with _LOCK:
            queue = _QUEUES[key]
            if not queue:
                del _QUEUES[key]
                _LOCK.notify_all()
                return
            job = queue.popleft()
        _warm(job)


def wait_idle(timeout: float) -> bool:
    """Wait up to ``timeout`` seconds until no warm-up runs (tests); True when none does."""
    with _LOCK:
        return _LOCK.wait_for(lambda: not _QUEUES, timeout)


def forget() -> None:
    """Forget which views were warmed (tests: caches cleared between them)."""
    with _LOCK:
        _DONE.clear()


def _warm(job: Job) -> None:
    """The pages' first calls, with the arguments they pass (hence their cache keys):
    the Clients page (grid, its first client's chart), the Segments page (its overview and
    figures), the Clients page's gate check and early-ask cost, the Portfolio page
    (:func:`portfolio_page`), the Data page's first client picker, then the Simulator's
    first scenario (:func:`_simulator`).
    A failure stops the warm-up only: the page computes the entry itself and shows the
    error there."""
    begin = time.perf_counter()
    try:
        for _step in _steps(job):
            _wait_for_quiet()
    except Exception as exc:  # noqa: BLE001 - the page computes it again and says why
        _LOG.info("warm-up stopped: %r", exc)
        if os.environ.get("REFDASH_PROFILE") == "1":
            print(f"PROFILE warm stopped: {exc!r}", flush=True)
    if os.environ.get("REFDASH_PROFILE") == "1":
        print(f"PROFILE warm other pages: {(time.perf_counter() - begin) * 1000:.0f} ms",
              flush=True)


def _steps(job: Job) -> Iterator[None]:
    """The warm-up of ``job``, one step (about a second at most) between two ``yield``."""
    view, settings, language = job.view, job.settings, job.lang
    # The Clients page's parts in its order (its table, its first client: the page waits
    # for the entry being computed, never computes the next one beside it), then the
    # Segments page's; the Clients page's gate check and cost of early asks after them:
    # the page computes those only when their expander is opened.
    report = cache.computed_from(view, clients.clients_report, settings)
    yield
    grid = cache.computed_from(view, client_grid.grid, report, language)
    yield
    _first_client_chart(job, report, grid)
    yield
    cache.computed_from(view, segments.overview, settings)  # what segments.drawn nests
    yield
    cache.computed_from(view, segments.drawn, settings, language)
    yield
    cache.computed_from(view, gate.gate_view_of_report, report, language)
    yield
    cache.computed_from(view, client_grid.early_ask_cost_shown, report, language)
    yield
    portfolio_page(job)
    yield
    _data_page_picker(job)
    yield
    yield from _simulator()


def portfolio_page(job: Job) -> None:
    """The Portfolio page's figures for ``job``, in the page's order (worklist, the notice
    of clients without evidence, headline figures): a page that arrives meanwhile waits for
    the entry being computed instead of computing the next one beside it (two threads
    sharing the GIL: the notice took 300-460 ms computed by the page beside the headline
    figures, 84 ms alone). The server's start (``ui/startup.py``) computes them first."""
    view, settings, language = job.view, job.settings, job.lang
    cache.computed_from(view, worklist.worklist, settings, language, job.ask_limit,
                        upcoming_days=0)
    cache.computed_from(view, evidence.without_evidence)
    report = cache.computed_from(view, clients.clients_report, settings)
    cache.computed_from(view, home_view.home, report, language)


def _first_client_chart(job: Job, report: TrustReport, grid: client_grid.Grid) -> None:
    """The Clients page's first client's view, kept for the sessions
    (:func:`cache.client_view`: the page's own call finds it); besides, a process's first
    trajectory chart costs ~0.7 s more than the next ones (plotly's property validators
    load on first use)."""
    if not grid.options:
        return
    decisions = cache.computed_from(job.view, decision.decide, report.settings)
    cache.client_view(report, job.view[2], grid.options[0], job.lang, False, decisions)


def _data_page_picker(job: Job) -> None:
    """The Data page's first client picker (its labels, :func:`cache.picker_labels`): of
    the whole store, which is ``job``'s portfolio when no owner is chosen (else skipped)."""
    _key, owners, whole = job.view
    if owners:
        return
    cache.picker_labels(whole, "", entry.picker_limit(whole))


#: Whether this process's first growth chart was made (see :func:`_simulator`).
_GROWTH_CHART_MADE = threading.Event()


def _simulator() -> Iterator[None]:
    """The Simulator page's first run: its scenario as that page makes it from a URL
    without scenario parameters (the defaults, through its widgets), simulated into
    ``refdash.sim``'s own cache (``sim.explore``: ~1 s), and once per process a growth
    chart thrown away (the first costs ~0.3 s more: plotly's validators). Imported here,
    not above: ``refdash.sim`` takes ~1.3 s to import, which the first page must not wait
    for. No store, no portfolio: the same for every view."""
    from refdash import sim
    from refdash.charts import sim as sim_charts

    yield
    base = sim.Scenario.from_params({})
    explored = sim.explore(sim.scenario_from_widgets(sim.widget_values(base), base))
    yield
    if not _GROWTH_CHART_MADE.is_set():
        _GROWTH_CHART_MADE.set()
        sim_charts.growth_chart(explored, "en", False)
