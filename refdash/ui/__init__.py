"""Streamlit-only helpers, the only place besides ``pages/`` that imports streamlit.

- :mod:`~refdash.ui.state`: what the user chose (language, owners, trust settings), kept in
  the session and mirrored in the URL;
- :mod:`~refdash.ui.cache`: the one cache (the store read once per version, computations
  keyed on frozen settings and the owner filter);
- :mod:`~refdash.ui.shell`: pages run inside ``app.py`` (the one use of Streamlit internals);
- :mod:`~refdash.ui.widgets`: the sidebar, page headers, KPI cards, CSV downloads.

Pages import from here (``from refdash.ui import t, computed``).
"""

from refdash.ui.cache import (
    as_of,
    computed,
    ensure_store,
    filtered_portfolio,
    load_portfolio,
    refresh,
    store_path,
    trust_report,
)
from refdash.ui.shell import SHELL_KEY, require_shell
from refdash.ui.state import (
    LANG_KEY,
    OWNERS_KEY,
    fmt_date,
    fmt_month,
    fmt_number,
    fmt_percent,
    lang,
    selected_owners,
    set_trust_settings,
    t,
    tn,
    trust_settings,
)
from refdash.ui.widgets import (
    LANGUAGE_LABEL,
    download_csv,
    kpi_metric,
    page_header,
    portfolio_or_stop,
    sidebar,
)

__all__ = [
    "LANGUAGE_LABEL", "LANG_KEY", "OWNERS_KEY", "SHELL_KEY", "as_of", "computed",
    "download_csv", "ensure_store", "filtered_portfolio", "fmt_date", "fmt_month",
    "fmt_number", "fmt_percent", "kpi_metric", "lang", "load_portfolio", "page_header",
    "portfolio_or_stop", "refresh", "require_shell", "selected_owners", "set_trust_settings",
    "sidebar", "store_path", "t", "tn", "trust_report", "trust_settings",
]
