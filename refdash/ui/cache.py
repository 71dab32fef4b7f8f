"""The one cache: the store read once per version and shared by every session, and what is
computed from it keyed on the frozen settings asked for and the owner filter.

Everything here lives in ``st.cache_resource`` (no copy per hit, shared between sessions),
which is sound because nothing handed out is ever mutated: a :class:`Portfolio` is a frozen
dataclass whose frames nobody writes to, and results of :func:`computed` are read-only too.
A write to the store changes its signature (modification times and sizes), hence every key.
"""

from __future__ import annotations

import argparse
import collections
import contextvars
import os
import sys
import threading
import time
import weakref
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from refdash.data import demo, store
from refdash.errors import RefdashError
from refdash.model import decision, kept
from refdash.model.decision import Assessment
from refdash.model.portfolio import Portfolio, analysis_date, load
from refdash.model.trust import TrustReport, TrustSettings
from refdash.ui.state import lang, selected_owners, t, trust_settings
from refdash.views import clients, entry, segments, worklist

T = TypeVar("T")
#: (store path, store signature, analysis date ISO): one version of the store on one day.
StoreKey = tuple[str, tuple[int, ...], str]
#: (store key, owners, the filtered portfolio of those): what this session's run shows.
View = tuple[StoreKey, tuple[str, ...], Portfolio]


def store_path() -> Path:
    """``--db PATH`` after ``streamlit run app.py --``, else ``$REFDASH_DB``, else
    ``data/refdash.db``."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return Path(args.db) if args.db else store.default_store_path()


def as_of() -> pd.Timestamp:
    """The analysis date (:func:`refdash.model.portfolio.analysis_date`)."""
    return analysis_date()


#: What a store that cannot be opened raises (the store's own error until it is a RefdashError).
_STORE_ERRORS: tuple[type[Exception], ...] = (
    RefdashError, getattr(store, "StoreError", RefdashError), OSError)


#: Store path -> its signature when it was last found current (opened, checked, migrated).
_CURRENT: dict[str, tuple[int, ...]] = {}


def ensure_store() -> Path:
    """The store path, with a demo portfolio generated there on first run. Stops the page
    with a clear message when the file cannot be opened.

    A store already checked at its present signature is not opened again: a run asks for
    the store key about seven times, and any change to the file (a write, another file put
    in its place) changes the signature."""
    path = store_path()
    try:
        if not path.exists():
            # Sessions arriving together on a fresh server: one makes the demo store, the
            # others wait for it (a lock) and then read the same file.
            with st.spinner(t("common.creating_demo")):
                demo.write_demo_store(path, n_clients=500, seed=7, as_of=as_of(),
                                      exist_ok=True)
        _check_current(path)
    except _STORE_ERRORS as exc:
        stop_on_store_error(exc)
    return path


def _check_current(path: Path) -> None:
    """Migrate the store at ``path`` unless it was found current at its present signature."""
    if _CURRENT.get(str(path)) != tuple(store.store_signature(path)):
        store.migrate(path)
        _CURRENT[str(path)] = tuple(store.store_signature(path))  # after any upgrade


def stop_on_store_error(exc: Exception) -> None:
    """Say why the store cannot be used (damaged: restore a backup; read only; missing...)
    and stop the page: never a traceback."""
    error = exc.message(lang()) if isinstance(exc, RefdashError) else str(exc)
    st.error(t("common.store_error", error=error), icon=":material/error:")
    st.stop()


def _store_key() -> StoreKey:
    return _key_of(ensure_store())


def _key_of(path: Path) -> StoreKey:
    """The store key of ``path`` as it is now (its signature) on the analysis date."""
    return str(path), tuple(store.store_signature(path)), as_of().isoformat()


@st.cache_resource(show_spinner=False, max_entries=4)
def _portfolio(key: StoreKey) -> Portfolio:
    path, _signature, day = key  # the signature is only part of the key
    start = time.perf_counter()
    try:
        portfolio = load(path, as_of=day)
        _profile("store read", start)
        return portfolio
    except RefdashError as exc:  # a damaged store is found reading it: say so, stop
        if exc.area != "store" or _OFF_PAGE.get():  # no page to say it on: the page will
            raise
        stop_on_store_error(exc)
        raise  # not reached: st.stop() raises


@st.cache_resource(show_spinner=False, max_entries=8)
def _filtered(key: StoreKey, owners: tuple[str, ...]) -> Portfolio:
    return _portfolio(key).for_owners(list(owners))


#: (store key, owners, portfolio) that :func:`computed_from` computes from in this context:
#: a background thread (``refdash.ui.warm``) never reaches :func:`_portfolio`, so it never
#: opens the store (whose connections belong to the pages' threads, see data/store/access).
_PINNED: contextvars.ContextVar[View | None] = contextvars.ContextVar("refdash_pinned",
                                                                      default=None)


#: True in :func:`startup_view`'s thread: no page's run, so nothing is said on screen (the
#: first page reads again and says it) and its cache misses are not a page's.
_OFF_PAGE: contextvars.ContextVar[bool] = contextvars.ContextVar("refdash_off_page",
                                                                 default=False)


def startup_view() -> View | None:
    """The view a session's first run shows (the store of :func:`store_path`, every owner),
    read into the cache outside any page: at the server's start
    (``refdash.ui.startup.preload``).
    None when there is no store yet (the first page makes the demo one, with its spinner).
    The store is opened as the pages open it (under ``STORE_ACCESS``), from this thread."""
    path = store_path()
    if not path.exists():
        return None
    token = _OFF_PAGE.set(True)
    try:
        _check_current(path)
        key = _key_of(path)
        return key, (), _filtered(key, ())
    finally:
        _OFF_PAGE.reset(token)


def _view(key: StoreKey, owners: tuple[str, ...]) -> Portfolio:
    """The portfolio a computation of ``key`` and ``owners`` works on: the pinned one in
    :func:`computed_from`, else the cached filtered portfolio."""
    pinned = _PINNED.get()
    if pinned is None:
        return _filtered(key, owners)
    if pinned[:2] != (key, owners):  # never the store from a pinned context
        raise RuntimeError(f"computed_from() of {pinned[:2]!r} asked for {(key, owners)!r}")
    return pinned[2]


def _report_identity(report: TrustReport | Assessment) -> TrustSettings:
    # A report (or an assessment) handed to computed() is the trust model of the same view
    # (same store key and owners, already in the key), so its settings tell it apart from any
    # other: no need to hash its frames (which costs more than most computations).
    return report.settings


@st.cache_resource(show_spinner=False, max_entries=64,
                   hash_funcs={TrustReport: _report_identity, Assessment: _report_identity})
def _computed(key: StoreKey, owners: tuple[str, ...], name: str, args: tuple[Any, ...],
              kwargs: tuple[tuple[str, Any], ...], _fn: Callable[..., Any]) -> Any:
    # ``name`` (the function's module and qualified name) stands for ``_fn``, not hashed.
    start = time.perf_counter()
    shared = _SHARED.get(name)
    if shared is not None:  # the same result, from the shared assessment (see _SHARED)
        result = shared(key, owners, *args, **dict(kwargs))
    else:
        result = _fn(_view(key, owners), *args, **dict(kwargs))
    _profile(name, start)
    return result


def _profile(what: str, start: float) -> None:
    """With ``REFDASH_PROFILE=1``, print what a cache miss cost (ms; nested misses included),
    as the Simulator page does for its fragment."""
    if os.environ.get("REFDASH_PROFILE") == "1":
        # A miss of the background warm-up (computed_from) is not the page's: said apart.
        kind = "cache" if _PINNED.get() is None and not _OFF_PAGE.get() else "warm"
        print(f"PROFILE {kind} {what}: {(time.perf_counter() - start) * 1000:.0f} ms", flush=True)


class Laps:
    """Wall time of the parts of one run of a page, printed with ``REFDASH_PROFILE=1``
    (``bench/bench_pages.py`` sets it): ``laps(name)`` ends a part; ``laps.report()`` prints
    ``PROFILE <what>: <total> ms (<part> <ms>, ...)``."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.start = self.last = time.perf_counter()
        self.parts: list[str] = []

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.parts.append(f"{name} {(now - self.last) * 1000:.0f}")
        self.last = now

    def report(self) -> None:
        if os.environ.get("REFDASH_PROFILE") == "1":
            total = (time.perf_counter() - self.start) * 1000
            print(f"PROFILE {self.what}: {total:.0f} ms ({', '.join(self.parts)})", flush=True)


def _nested(key: StoreKey, owners: tuple[str, ...], fn: Callable[..., T], *args: Any) -> T:
    """``computed(fn, *args)`` for the store version and owners of the entry being made."""
    result: T = _computed(key, owners, _name(fn), args, (), fn)
    return result


def _name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{getattr(fn, '__qualname__', '<?>')}"


def _assess(key: StoreKey, owners: tuple[str, ...], settings: TrustSettings) -> Assessment:
    return _nested(key, owners, decision.assess, settings)


def _assess_or_kept(key: StoreKey, owners: tuple[str, ...],
                    settings: TrustSettings | None = None) -> Assessment:
    # The whole store's, with the default settings: from the files kept beside the store
    # when it is unchanged (refdash.model.kept), else computed (and kept).
    return kept.assess(_view(key, owners), settings or TrustSettings())


def _decide(key: StoreKey, owners: tuple[str, ...],
            settings: TrustSettings | None = None) -> Any:
    s = settings or TrustSettings()
    return decision.decide(_view(key, owners), s, assessment=_assess(key, owners, s))


def _clients_report(key: StoreKey, owners: tuple[str, ...],
                    settings: TrustSettings | None = None) -> TrustReport:
    return decision.gated_report(_assess(key, owners, settings or TrustSettings()))


def _worklist(key: StoreKey, owners: tuple[str, ...], settings: TrustSettings | None = None,
              *args: Any, **kwargs: Any) -> worklist.Worklist:
    s = settings or TrustSettings()
    if kwargs.get("decisions") is None:
        kwargs["decisions"] = _nested(key, owners, decision.decide, s)
    return worklist.worklist(_view(key, owners), s, *args, **kwargs)


def _overview(key: StoreKey, owners: tuple[str, ...], trust_settings: TrustSettings | None = None,
              settings: Any = None) -> segments.Overview:
    s = trust_settings or TrustSettings()
    return segments.overview(_view(key, owners), s, settings,
                             assessment=_assess(key, owners, s),
                             decisions=_nested(key, owners, decision.decide, s))


def _segments_drawn(key: StoreKey, owners: tuple[str, ...], trust_settings: TrustSettings,
                    lang: str) -> segments.Drawn:
    return segments.drawn(_view(key, owners), trust_settings, lang,
                          _nested(key, owners, segments.overview, trust_settings))


#: The pages' heavy calls, made from one shared assessment (trust model and segments fit)
#: and one set of decisions, each an entry of its own: whichever of the Portfolio, Clients
#: and Segments pages comes first computes them, the others find them. Same results, under
#: the keys of the functions the pages name (``computed(decision.decide, settings)``...).
_SHARED: dict[str, Callable[..., Any]] = {
    _name(decision.assess): _assess_or_kept,
    _name(decision.decide): _decide,
    _name(clients.clients_report): _clients_report,
    _name(worklist.worklist): _worklist,
    _name(segments.overview): _overview,
    _name(segments.drawn): _segments_drawn,  # the Segments page drawn from that overview
}


def load_portfolio() -> Portfolio:
    """The whole store as a :class:`Portfolio`, read once per store version and date and
    shared by every session (read-only: never mutate it)."""
    return _portfolio(_store_key())


def _owners_key() -> tuple[str, ...]:
    return tuple(sorted(selected_owners()))


def filtered_portfolio() -> Portfolio:
    """The portfolio narrowed to the owners chosen in the sidebar (read-only)."""
    return _filtered(_store_key(), _owners_key())


def computed(fn: Callable[..., T], /, *args: Hashable, **kwargs: Hashable) -> T:
    """``fn(filtered_portfolio(), *args, **kwargs)``, computed once per store version, date,
    owner filter and arguments (frozen settings dataclasses, numbers, strings; a
    :class:`TrustReport` counts as its settings) and shared by every session: never mutate
    the result. ``fn`` must be a module-level function: its name is part of the key.
    The trust model and the segments fit behind the pages' heavy calls are computed once
    between them (:data:`_SHARED`)."""
    name = _name(fn)
    if "<" in name:  # a lambda, a local function or a partial: not a stable key
        raise TypeError(f"computed() needs a module-level function, got {fn!r}")
    result: T = _computed(_store_key(), _owners_key(), name, args,
                          tuple(sorted(kwargs.items())), fn)
    return result


def current_view() -> View:
    """This run's store key, owners and filtered portfolio (in a page's run), for
    :func:`computed_from` in another thread."""
    key, owners = _store_key(), _owners_key()
    return key, owners, _filtered(key, owners)


def computed_from(view: View, fn: Callable[..., T], /, *args: Hashable,
                  **kwargs: Hashable) -> T:
    """``computed(fn, *args, **kwargs)`` of ``view`` (:func:`current_view`), callable from
    any thread: the same entry, which a page's ``computed`` then finds. The computation and
    those it nests work on ``view``'s portfolio, never on the store (nor on this session)."""
    key, owners, _ = view
    token = _PINNED.set(view)
    try:
        result: T = _computed(key, owners, _name(fn), args, tuple(sorted(kwargs.items())), fn)
    finally:
        _PINNED.reset(token)
    return result


class SharedViews:
    """Results made from the model's objects (a report, a portfolio, decisions), kept for
    every session while those objects are the ones the caches hold: at most ``size``, the
    latest used. The objects are held weakly: a result goes once the caches let go of one of
    them (an old store version is never kept in memory for it). Callable from any thread
    (two threads may make the same result once each)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: collections.OrderedDict[tuple[Any, ...], tuple[Any, ...]] = \
            collections.OrderedDict()
        self._lock = threading.Lock()
        self._freed: list[tuple[Any, ...]] = []  # keys of results whose objects were freed

    def get(self, objects: tuple[Any, ...], args: tuple[Hashable, ...],
            make: Callable[[], T]) -> T:
        """The result kept for ``objects`` (by identity) and ``args``, else ``make()``."""
        key = (*map(id, objects), *args)
        with self._lock:
            while self._freed:  # their ids may be reused: drop them first
                self._kept.pop(self._freed.pop(), None)
            kept = self._kept.get(key)
            if kept is not None and all(
                    ref() is obj for ref, obj in zip(kept[0], objects, strict=True)):
                self._kept.move_to_end(key)
                found: T = kept[1]
                return found
        made = make()
        # A callback may run inside any allocation (the garbage collector): it only notes.
        refs = tuple(weakref.ref(obj, lambda _ref: self._freed.append(key)) for obj in objects)
        with self._lock:
            self._kept[key] = (refs, made)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return made

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


#: One client's views (see :func:`client_view`) and the client pickers' labels (see
#: :func:`picker_labels`), kept for every session.
_CLIENT_VIEWS = SharedViews(32)
_PICKER_LABELS = SharedViews(16)


def client_view(report: TrustReport, view: Portfolio, client_id: int, language: str,
                show: bool, decisions: pd.DataFrame) -> clients.ClientView:
    """:func:`clients.client_view`, kept for every session while the model is the same (the
    same cached objects: a store write or other settings make new ones): its chart takes
    100-400 ms to build. Shared, a session's first client is the one the background
    warm-up made (``refdash.ui.warm``), not built again: on a 100,000-client store the
    Clients page's first visit spent 211 ms on it, 68 ms on later ones."""
    return _CLIENT_VIEWS.get(
        (report, view, decisions), (int(client_id), language, bool(show)),
        lambda: clients.client_view(report, view, client_id, language, show, decisions))


def picker_labels(p: Portfolio, query: str, limit: int | None) -> dict[int, str]:
    """:func:`entry.client_labels` of ``p``, kept for every session while ``p`` is the
    cached portfolio (a store write makes a new one): sorting 100,000 names takes
    150-250 ms, which each session's first visit to the Data page paid (the warm-up makes
    the first picker's). Never mutate the result."""
    return _PICKER_LABELS.get((p,), (query, limit),
                              lambda: entry.client_labels(p, query, limit=limit))


def assessment(settings: TrustSettings | None = None) -> Assessment:
    """The trust model, the segments fit and the gated report of the filtered portfolio
    (:func:`refdash.model.decision.assess`), once per settings (default: the pages' ones)."""
    return computed(decision.assess, settings or trust_settings())


def trust_report() -> TrustReport:
    """The trust model of the filtered portfolio with the trust settings every page follows."""
    return computed(clients.clients_report, trust_settings())


def refresh() -> None:
    """Forget every cached read and result (after a write by this app: a write elsewhere
    changes the store's signature, so the next run reads it again anyway)."""
    _portfolio.clear()
    _filtered.clear()
    _computed.clear()
    _CLIENT_VIEWS.clear()
    _PICKER_LABELS.clear()
