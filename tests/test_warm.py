"""The background warm-up of the other pages (refdash.ui.warm): the pages then find its
results cached (the same entries), it never touches the store, one thread per store key,
and nothing of Streamlit's run context is asked for from its thread."""

from __future__ import annotations

import functools
import logging
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import adbc_driver_sqlite.dbapi as adbc
import pytest
from streamlit.testing.v1 import AppTest

from refdash.data import store
from refdash.model import portfolio
from refdash.model.trust import TrustSettings
from refdash.sim import analytics
from refdash.ui import cache, warm
from refdash.views import client_grid, clients, entry, gate, segments
from refdash.views import portfolio as home_view
from tests.conftest import APP, AS_OF

#: What the warm-up computes for the Clients, Segments and Portfolio pages' first runs
#: (the Clients page's first client's view and the Data page's first picker included: every
#: session finds them).
WARMED = ((gate, "gate_view_of_report"), (client_grid, "grid"),
          (client_grid, "early_ask_cost_shown"), (segments, "drawn"), (home_view, "home"),
          (clients, "client_view"), (entry, "client_labels"))


@pytest.fixture(autouse=True)
def _fresh_warm_up(monkeypatch) -> Iterator[None]:
    """Each test starts with no warm-up remembered and leaves none running; the warm-up
    on (conftest turns it off for the other in-process tests)."""
    monkeypatch.delenv("REFDASH_WARM", raising=False)
    warm.forget()
    yield
    assert warm.wait_idle(60)
    warm.forget()


def counting(monkeypatch: pytest.MonkeyPatch,
             functions: tuple[tuple[Any, str], ...] = WARMED) -> Counter[str]:
    """Each of ``functions`` (module, name; default :data:`WARMED`) replaced by itself
    counting its calls (same name, hence the same cache keys); the counter, by name."""
    calls: Counter[str] = Counter()
    for module, name in functions:
        original = getattr(module, name)

        def wrapper(*args: Any, _fn: Callable[..., Any] = original, **kwargs: Any) -> Any:
            calls[_fn.__name__] += 1
            return _fn(*args, **kwargs)

        monkeypatch.setattr(module, name, functools.wraps(original)(wrapper))
    return calls


def a_view(path: Any) -> cache.View:
    """The view a page's run of ``path`` has (every owner), made without Streamlit."""
    key = (str(path), tuple(store.store_signature(path)), f"{AS_OF}T00:00:00")
    return key, (), portfolio.load(path, as_of=AS_OF)


def test_what_is_warmed_is_what_the_pages_then_find(app_env, monkeypatch):
    calls = counting(monkeypatch)
    at = AppTest.from_file(APP, default_timeout=60).run()  # the Portfolio page
    assert not at.exception, at.exception
    assert warm.wait_idle(60)
    warmed = dict(calls)
    assert warmed == {name: 1 for _module, name in WARMED}
    simulated = analytics._explore.cache_info().misses
    for page in ("pages/clients.py", "pages/segments.py", "pages/simulator.py",
                 "pages/data.py", "pages/portfolio.py"):
        at.switch_page(page).run()
        assert not at.exception, at.exception
    # Every page's call was a cache hit: the warmed result is the one the page used.
    assert dict(calls) == warmed
    assert analytics._explore.cache_info().misses == simulated  # the simulation too
    assert warm.wait_idle(60)
    assert dict(calls) == warmed  # the reruns warmed nothing twice


def test_the_warm_up_reads_no_store_even_with_every_cache_empty(demo_db, monkeypatch):
    view = a_view(demo_db)
    opened: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        opened.append(threading.current_thread().name)
        raise AssertionError("the warm-up opened the store")

    calls = counting(monkeypatch)
    monkeypatch.setattr(sqlite3, "connect", refuse)
    monkeypatch.setattr(adbc, "connect", refuse)
    assert warm.start(warm.Job(view, TrustSettings(), "fr", 7))
    assert warm.wait_idle(60)
    assert opened == []
    assert dict(calls) == {name: 1 for _module, name in WARMED}  # it did run to the end


def test_a_pinned_computation_never_falls_back_to_the_store(demo_db):
    key, owners, p = a_view(demo_db)
    other = ((key[0], (0,), key[2]), owners, p)  # another store version: not this portfolio
    # segments.drawn nests the overview, the decisions and the trust model: each of them
    # under the pinned key, else the pinned computation refuses instead of reading.
    first = cache.computed_from((key, owners, p), segments.drawn, TrustSettings(), "en")
    assert cache.computed_from((key, owners, p), segments.drawn, TrustSettings(), "en") is first
    token = cache._PINNED.set(other)
    try:
        with pytest.raises(RuntimeError, match="asked for"):
            cache._view(key, owners)
    finally:
        cache._PINNED.reset(token)


def test_one_thread_per_store_key_and_each_view_once(demo_db, monkeypatch):
    view = a_view(demo_db)
    done: list[tuple[Any, ...]] = []
    release = threading.Event()
    threads: list[str] = []
    original_work = warm._work

    def slow_warm(job: warm.Job) -> None:
        release.wait(30)
        done.append(job.ident)

    def work(key: cache.StoreKey) -> None:
        threads.append(threading.current_thread().name)
        original_work(key)

    monkeypatch.setattr(warm, "_warm", slow_warm)
    monkeypatch.setattr(warm, "_work", work)
    jobs = [warm.Job(view, TrustSettings(), lang, 7) for lang in ("en", "fr", "en", "it")]
    started = [warm.start(job) for job in jobs]
    assert started == [True, True, False, True]  # the second "en" is the same view
    release.set()
    assert warm.wait_idle(30)
    assert threads == [warm.THREAD_NAME]  # one thread took the three jobs in turn
    assert [ident[3] for ident in done] == ["en", "fr", "it"]
    assert not warm.start(jobs[0])  # warmed already: no thread


def test_the_warm_up_thread_asks_for_no_script_run_context(demo_db):
    logger = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler = Keep(level=logging.WARNING)
    logger.addHandler(handler)
    try:
        assert warm.start(warm.Job(a_view(demo_db), TrustSettings(), "it", 7))
        assert warm.wait_idle(60)
    finally:
        logger.removeHandler(handler)
    assert not [m for m in seen if "ScriptRunContext" in m], seen


def test_the_warm_up_waits_while_a_page_runs(monkeypatch):
    """Between two steps the warm-up waits for the pages' runs under way and AFTER_RUN
    seconds after the last one's end (at most PAUSE_LIMIT seconds): a page just clicked
    does not share its core with it."""
    waited = threading.Event()

    def wait() -> None:
        warm._wait_for_quiet()
        waited.set()

    warm._begin(101)
    try:
        thread = threading.Thread(target=wait)
        thread.start()
        assert not waited.wait(0.5)  # a run is under way
        warm._begin(102, previous=101)  # the session's next run replaces a stopped one
        assert not waited.wait(0.3)
        ended = time.monotonic()
        warm._end(102)
        # not at once: the run's last messages are still being sent (AFTER_RUN seconds)
        assert waited.wait(5)
        assert time.monotonic() - ended >= warm.AFTER_RUN * 0.9
    finally:
        warm._end(101)
        warm._end(102)
    monkeypatch.setattr(warm, "PAUSE_LIMIT", 0.2)
    warm._begin(103)  # a run that never ends: the warm-up goes on after PAUSE_LIMIT
    try:
        begin = time.monotonic()
        warm._wait_for_quiet()
        assert 0.15 < time.monotonic() - begin < 2
    finally:
        warm._end(103)


def test_a_shared_client_view_is_found_again_but_keeps_no_old_model_alive(demo_db):
    """The sessions share one client's view while the model's objects are the ones the
    caches hold; once those are let go (a store write, evicted settings) the view goes with
    them: an old version of a 100,000-client store is never kept in memory for it."""
    import gc
    import weakref

    from refdash.model import decision
    from refdash.views import clients as clients_view

    p = portfolio.load(demo_db, as_of=AS_OF)
    report = clients_view.clients_report(p)
    decisions = decision.decide(p)
    client = int(p.clients["id"].iloc[0])
    one = cache.client_view(report, p, client, "fr", False, decisions)
    assert cache.client_view(report, p, client, "fr", False, decisions) is one
    assert cache.client_view(report, p, client, "it", False, decisions) is not one
    alive = weakref.ref(report)
    del report, one
    gc.collect()
    assert alive() is None
