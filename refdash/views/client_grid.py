"""The Clients page's grid and picker on a store of any size: the table of every client
(:func:`refdash.views.clients.clients_table`) made once per trust settings and language,
of which the grid draws only the first rows as text and the picker offers only the first
clients; a search narrows that table instead of rebuilding it.

Why: on a 100,000-client store, writing every cell in the language took seconds and the
grid's 100,000 rows took seconds more to reach the browser, on every run of the page.

Pure: no streamlit. Cache :func:`grid` (``ui.computed(client_grid.grid, report, lang)``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from refdash.i18n import format_table
from refdash.model.portfolio import Portfolio
from refdash.model.trust import TrustReport
from refdash.views import clients

#: Most rows the grid draws (ready clients first, then by trust; a search narrows them,
#: the CSV has them all). The demo stores are smaller: there the grid shows every client.
GRID_ROWS = 500
#: Clients offered by the one-client picker: the grid's clients (a search narrows both). With
#: 2,000 the first switch to the page on a 100,000-client store took 1.41-1.59 s, against
#: 1.15-1.30 s with 500 (2026-12-03, two to three runs each).
PICK_LIMIT = GRID_ROWS
#: How the grid writes its number columns.
KINDS = {"trust": "number:2", "trust_change_3m": "number:2"}


@dataclass(frozen=True)
class Grid:
    """What the grid, its CSV and the picker draw, for one search (or none).

    - ``table``: every client found, :data:`~refdash.views.clients.TABLE_COLUMNS`, ready
      ones first then by trust (what :func:`~refdash.views.clients.clients_table` returns);
    - ``shown``: its first :data:`GRID_ROWS` rows, each cell as text in the language;
    - ``download``: the table with translated headers, for the CSV;
    - ``options``: the first :data:`PICK_LIMIT` client ids, in table order, and ``names``
      their names (in the same order: the event editor offers them in it);
    - ``members``: every client id of the table.
    """

    table: pd.DataFrame
    shown: pd.DataFrame
    download: pd.DataFrame
    options: tuple[int, ...]
    names: dict[int, str]
    members: frozenset[int]

    @property
    def truncated(self) -> bool:
        """The grid draws fewer rows than the table holds."""
        return len(self.shown) < len(self.table)

    def name_of(self, client_id: int) -> str:
        """The name of a client of the table (also one beyond the picker's first ones)."""
        if client_id in self.names:
            return self.names[client_id]
        rows = self.table.loc[self.table["client_id"].to_numpy() == client_id, "name"]
        return str(rows.iloc[0]) if len(rows) else str(client_id)


def _grid_of(table: pd.DataFrame, lang: str, rows: int) -> Grid:
    first = table.head(PICK_LIMIT)
    ids = first["client_id"].to_numpy()
    return Grid(
        table=table,
        shown=format_table(table.head(rows), lang, KINDS),
        download=clients.table_for_download(table, lang),
        options=tuple(int(i) for i in ids),
        names={int(i): n for i, n in zip(ids, first["name"].to_numpy(), strict=True)},
        members=frozenset(table["client_id"].to_numpy().tolist()),
    )


def grid(view: Portfolio, report: TrustReport, lang: str, rows: int = GRID_ROWS) -> Grid:
    """Every client of ``view`` (``report`` is its trust model) in ``lang``, no search:
    the view first, as ``ui.computed(grid, report, lang)`` calls it."""
    return _grid_of(clients.clients_table(report, view, lang), lang, rows)


def searched(full: Grid, query: str, index: pd.Series, lang: str,
             rows: int = GRID_ROWS) -> Grid:
    """The clients of ``full`` (:func:`grid`) that ``query`` finds in ``index``
    (:func:`~refdash.views.clients.search_index`), in the same order: the rows and order of
    ``clients_table(report, view, lang, query)``, without rebuilding the table."""
    if not query.strip():
        return full
    found = clients.matching(full.table["client_id"].to_numpy(), query, index)
    table = full.table[found].reset_index(drop=True)
    return _grid_of(table, lang, rows)



def early_ask_cost_shown(view: Portfolio, report: TrustReport,
                         lang: str) -> tuple[go.Figure, pd.DataFrame]:
    """The chart and table of what early asks cost among the clients of ``view``
    (:func:`~refdash.views.clients.cost_of_early_asks`), for
    ``ui.computed(early_ask_cost_shown, report, lang)``: once per settings and language,
    not a chart rebuilt on every run."""
    return clients.cost_of_early_asks(clients.early_ask_cost(view, report), lang)
