"""The server's start (``serve.py``): the store read and the first page's figures computed
before any browser has connected, so that the first page finds them cached.

A fresh server otherwise does nothing until a session's first run, which then reads the
store and computes the Portfolio's worklist while its user waits: on a 100,000-client
store 3-4 s of server time after the browser's own start (the page's scripts and styles).
Done at the server's start, the two overlap.

What makes it safe:

- it fills the same cache entries the Portfolio page asks for on a session's first run
  (every owner, the trust settings of a URL without parameters, the default language and
  list length), through :func:`refdash.ui.cache.computed_from`: a page that arrives while
  an entry is being computed waits for it (Streamlit's lock per entry), never twice;
- the store is read by :func:`refdash.ui.cache.startup_view`, as the pages read it: under
  ``STORE_ACCESS`` (see ``refdash/data/store/access.py``), migrated first if needed;
- no store yet: nothing is done (the first page makes the demo store, with its spinner);
- any failure (a damaged store...) stops this only: the first page reads the store again
  and says what is wrong, in its user's language;
- it uses nothing of a session or of a script run (no ``st.*`` call);
- once the first page's figures are in, it hands the view to the warm-up of the other
  pages (``refdash.ui.warm``), which the first page's run would otherwise start.

``REFDASH_WARM=0`` turns it off, as it does the warm-up of the other pages.
"""

from __future__ import annotations

import logging
import os
import time

from refdash import i18n
from refdash.ui import cache, warm
from refdash.views import clients, worklist

_LOG = logging.getLogger(__name__)


def preload() -> None:
    """Read the store and compute the Portfolio page's first figures, in the order that
    page asks for them (its worklist, then the notice of clients without evidence, then its
    headline figures). Meant for a thread of its own at the server's start."""
    if os.environ.get("REFDASH_WARM") == "0":
        return
    begin = time.perf_counter()
    try:
        view = cache.startup_view()
        if view is None:
            return
        # What a session's first run asks for when its URL says nothing.
        settings = clients.settings_from_params({})
        language = i18n.normalise_language(None)
        job = warm.Job(view, settings, language, worklist.limit_from_param(None))
        warm.portfolio_page(job)
        # Then the other pages' first figures, as the first page's run would ask for them
        # once drawn (the same job: that run then finds it taken): begun now, the warm-up
        # is further along when the first click on another page comes.
        warm.start(job)
    except Exception as exc:  # noqa: BLE001 - the first page reads again and says why
        _LOG.info("the start's preload stopped: %r", exc)
        if os.environ.get("REFDASH_PROFILE") == "1":
            print(f"PROFILE warm startup stopped: {exc!r}", flush=True)
        return
    if os.environ.get("REFDASH_PROFILE") == "1":
        print(f"PROFILE warm startup: {(time.perf_counter() - begin) * 1000:.0f} ms",
              flush=True)
