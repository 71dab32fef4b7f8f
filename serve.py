"""refdash's server: ``streamlit run serve.py`` (what ``scripts/run.sh`` runs) serves the
dashboard of ``app.py`` and, as it starts, reads the store and computes the first page's
figures in a thread of their own (``refdash/ui/startup.py``), while the first browser is
still loading: the first page then finds them ready.

``st.App`` is Streamlit's ASGI entry point; ``streamlit run`` finds the ``app`` below and
serves it with the same options (port, address, ``-- --db PATH``...).
"""

import contextlib
import threading
from collections.abc import AsyncIterator

import streamlit as st


def _preload() -> None:
    # Imported in the thread: pandas, plotly and the models take ~1 s to import, which the
    # server's start need not wait for.
    from refdash.ui import startup

    startup.preload()


@contextlib.asynccontextmanager
async def _lifespan(_app: st.App) -> AsyncIterator[None]:
    threading.Thread(target=_preload, name="refdash-startup", daemon=True).start()
    yield


app = st.App("app.py", lifespan=_lifespan)
