"""What the Portfolio (home) page shows: the headline figures with their change over a
year, new clients by month and source, and the two lists a sales lead acts on this week
(who is ready to be asked, which asks came too early).

Pure: no streamlit. Texts go through :func:`refdash.i18n.translate`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from refdash.charts import portfolio as charts
from refdash.i18n import format_number, translate
from refdash.model import trust
from refdash.model.portfolio import Portfolio, active_count
from refdash.model.trust import TrustReport
from refdash.views import LIST_ROWS, clients

#: How far back the early-asks list looks (days).
EARLY_ASKS_DAYS = 90


# --------------------------------------------------------------------------- headline figures

@dataclass(frozen=True)
class Kpi:
    """A figure now and the same figure one period earlier (None when it has no meaning)."""

    key: str
    value: float
    previous: float | None
    kind: str = "count"  # "count" or "rate" (a share in [0, 1])

    @property
    def delta(self) -> float | None:
        return None if self.previous is None else self.value - self.previous


def _window(dates: pd.Series, end: pd.Timestamp, months: int) -> pd.Series:
    return (dates > end - pd.DateOffset(months=months)) & (dates <= end)


def _conversion(referrals: pd.DataFrame) -> float | None:
    closed = referrals["status"].isin(["converted", "lost"])
    if not closed.any():
        return None
    return float(referrals.loc[closed, "status"].eq("converted").mean())


def kpis(p: Portfolio, months: int = 12) -> list[Kpi]:
    """The home page's headline figures for the last ``months`` months, each with the same
    figure for the ``months`` before (for the deltas).

    Conversion rate: the share of the window's referrals that converted, among those already
    decided (converted or lost; open ones are left out).
    """
    now = p.as_of
    before = now - pd.DateOffset(months=months)
    refs, ev = p.referrals, p.events
    cur_refs = refs[_window(refs["date"], now, months)]
    prev_refs = refs[_window(refs["date"], before, months)]
    asks = ev["kind"].eq("referral_ask")
    conv_now, conv_prev = _conversion(cur_refs), _conversion(prev_refs)
    return [
        Kpi("active_clients", active_count(p, now), active_count(p, before)),
        Kpi("referrals_solicited", int(cur_refs["solicited"].sum()),
            int(prev_refs["solicited"].sum())),
        Kpi("referrals_unsolicited", int((~cur_refs["solicited"]).sum()),
            int((~prev_refs["solicited"]).sum())),
        Kpi("conversion_rate", float("nan") if conv_now is None else conv_now, conv_prev,
            kind="rate"),
        Kpi("asks", int((asks & _window(ev["date"], now, months)).sum()),
            int((asks & _window(ev["date"], before, months)).sum())),
    ]


def new_clients_by_month(p: Portfolio) -> pd.DataFrame:
    """New clients per calendar month and source (``referral`` or ``other``).

    Columns: ``month`` (first day of the month), ``source``, ``clients``; every month from
    the first start to ``as_of`` is present for both sources (zeros included).
    """
    c = p.clients
    if c.empty:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"),
                             "source": pd.Series(dtype=str), "clients": pd.Series(dtype=int)})
    month = c["start_date"].dt.to_period("M")
    source = np.where(c["referred_by"].notna(), "referral", "other")
    counts = pd.crosstab(month, source)
    for col in ("referral", "other"):
        if col not in counts:
            counts[col] = 0
    full = pd.period_range(month.min(), p.as_of.to_period("M"), freq="M")
    counts = counts.reindex(full, fill_value=0)[["other", "referral"]]
    counts.index.name = "month"
    tidy = counts.stack().rename("clients").reset_index().rename(columns={"level_1": "source"})
    tidy.columns = ["month", "source", "clients"]
    tidy["month"] = tidy["month"].dt.to_timestamp()
    tidy["clients"] = tidy["clients"].astype(int)
    return tidy


# --------------------------------------------------------------------------- lists

def ready_now(report: TrustReport, view: Portfolio) -> pd.DataFrame:
    """The clients of ``view`` ready to be asked now, most trusted first: ``client_id``,
    ``name``, ``company``, ``owner``, ``trust``, ``months_known``, ``last_ask_date``."""
    status = report.status.reindex(view.clients["id"].to_numpy())
    ready = status["ready"].fillna(False).to_numpy(bool)
    c = view.clients[ready]
    s = status[ready]
    out = pd.DataFrame({
        "client_id": c["id"].to_numpy(), "name": c["name"].to_numpy(),
        # A client without a company shows a blank cell, not the grid's grey "None".
        "company": c["company"].fillna("").to_numpy() if "company" in c else "",
        "owner": c["owner"].to_numpy(), "trust": s["trust"].to_numpy(float),
        "months_known": np.floor(s["months_known"].to_numpy(float)),
        "last_ask_date": s["last_ask_date"].to_numpy(),
    })
    return out.sort_values("trust", ascending=False, kind="stable").reset_index(drop=True)


def recent_early_asks(report: TrustReport, view: Portfolio, lang: str,
                      days: int = EARLY_ASKS_DAYS) -> pd.DataFrame:
    """The early asks of the last ``days`` days in ``view``, newest first: ``date``,
    ``client_id``, ``name``, ``owner``, ``trust`` (at the ask), ``why`` (translated)."""
    asks = report.asks
    since = report.as_of - pd.Timedelta(days=days)
    recent = asks[asks["early"] & (asks["date"] > since) & (asks["date"] <= report.as_of)
                  & asks["client_id"].isin(view.clients["id"])]
    info = view.clients.set_index("id").reindex(recent["client_id"].to_numpy())
    out = pd.DataFrame({
        "date": recent["date"].to_numpy(), "client_id": recent["client_id"].to_numpy(),
        "name": info["name"].to_numpy(), "owner": info["owner"].to_numpy(),
        "trust": recent["trust"].to_numpy(float),
        "why": recent["reason"].map({r: clients.reason_text(r, lang) for r in trust.REASONS}).to_numpy(),
    })
    return out.sort_values("date", ascending=False, kind="stable").reset_index(drop=True)


def portfolio_lists(report: TrustReport, view: Portfolio, lang: str
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Portfolio page's two lists with translated headers: who is ready to be asked now,
    and the early asks of the last 90 days (each one named)."""
    ready = ready_now(report, view)
    early = recent_early_asks(report, view, lang)
    col = lambda name: translate(f"clients.col.{name}", lang)  # noqa: E731
    # Dates as calendar days (a timestamp would show "00:00:00"); no company: a blank cell.
    ready_table = pd.DataFrame({
        col("name"): ready["name"], col("company"): ready["company"].fillna(""),
        col("owner"): ready["owner"],
        col("trust"): ready["trust"].round(2), col("months_known"): ready["months_known"],
        col("last_ask_date"): ready["last_ask_date"].dt.date,
    })
    early_table = pd.DataFrame({
        col("date"): early["date"].dt.date, col("name"): early["name"], col("owner"): early["owner"],
        col("ask_trust"): early["trust"].round(2), col("why"): early["why"],
    })
    return ready_table, early_table


# --------------------------------------------------------------------------- early asks

#: The two-sided level of the intervals of :class:`EarlyAskToll` (90 %: z = 1.645).
TOLL_Z = 1.645


@dataclass(frozen=True)
class EarlyAskToll:
    """What early asks cost the view, from its own history (issue 12, item 5): among the
    ``early`` clients whose first ask came before they were ready, ``lost`` clients lost and
    ``referrals`` referrals forgone beyond what the same clients would show at the rates of
    the ``timely`` clients first asked when ready; ``*_low`` / ``*_high`` the 90 % interval
    (normal approximation: binomial for losses, Poisson for referrals per year known)."""

    early: int
    timely: int
    lost: float
    lost_low: float
    lost_high: float
    referrals: float
    referrals_low: float
    referrals_high: float


def early_ask_toll(report: TrustReport, view: Portfolio) -> EarlyAskToll | None:
    """Excess losses and forgone referrals of the clients first asked early, compared with
    those first asked when ready (None when either group is empty or has no time known)."""
    asks = report.asks[report.asks["client_id"].isin(view.clients["id"])]
    first = asks.sort_values("date", kind="stable").drop_duplicates("client_id")
    group = first.set_index("client_id")["early"].astype(bool)
    status = report.status.reindex(group.index)
    refs = view.referrals[view.referrals["date"] <= report.as_of]["client_id"].value_counts()
    frame = pd.DataFrame({
        "early": group.to_numpy(bool), "lost": status["lost"].fillna(False).to_numpy(bool),
        "referrals": refs.reindex(group.index, fill_value=0).to_numpy(float),
        "years": status["months_known"].fillna(0.0).to_numpy(float) / 12.0,
    })
    sums = frame.groupby("early")[["lost", "referrals", "years"]].sum()
    sizes = frame.groupby("early").size()
    if not {True, False} <= set(sizes.index) or (sums["years"] <= 0).any():
        return None
    n_e, n_t = int(sizes[True]), int(sizes[False])
    p_e, p_t = sums.loc[True, "lost"] / n_e, sums.loc[False, "lost"] / n_t
    lost = n_e * (p_e - p_t)
    lost_se = n_e * np.sqrt(p_e * (1 - p_e) / n_e + p_t * (1 - p_t) / n_t)
    y_e, y_t = sums.loc[True, "years"], sums.loc[False, "years"]
    r_e, r_t = sums.loc[True, "referrals"], sums.loc[False, "referrals"]
    forgone = y_e * r_t / y_t - r_e
    forgone_se = y_e * np.sqrt(r_t / y_t**2 + r_e / y_e**2)
    return EarlyAskToll(
        early=n_e, timely=n_t, lost=float(lost), lost_low=float(lost - TOLL_Z * lost_se),
        lost_high=float(lost + TOLL_Z * lost_se), referrals=float(forgone),
        referrals_low=float(forgone - TOLL_Z * forgone_se),
        referrals_high=float(forgone + TOLL_Z * forgone_se),
    )


def toll_texts(toll: EarlyAskToll | None, lang: str) -> tuple[str, str, str]:
    """The metric's value and note, and the sentence, of :func:`early_ask_toll` in ``lang``
    (a figure, not a change: the page draws it without an arrow)."""
    if toll is None:
        none = translate("portfolio.early.none", lang)
        return "–", "", none
    num = lambda value: format_number(round(value), lang)  # noqa: E731
    fmt = dict(lost=num(toll.lost), lost_low=num(toll.lost_low), lost_high=num(toll.lost_high),
               referrals=num(toll.referrals), referrals_low=num(toll.referrals_low),
               referrals_high=num(toll.referrals_high), early=num(toll.early),
               timely=num(toll.timely))
    return (translate("portfolio.early.value", lang, **fmt),
            translate("portfolio.early.note", lang, **fmt),
            translate("portfolio.early.sentence", lang, **fmt))


# --------------------------------------------------------------------------- the page

#: Rows of the early-asks list drawn on the page, the latest first (a 100,000-client store
#: has ~8,000 early asks in 90 days: 1-1.5 s for the browser to draw on every visit).
EARLY_SHOWN = LIST_ROWS


@dataclass(frozen=True)
class Home:
    """Everything the Portfolio page draws, in the order it draws it: five KPI cards, the
    new-clients chart, the share of clients who came by referral (in [0, 1], NaN for no
    client), the two lists with translated headers (``early``: every early ask of the last
    90 days, latest first; the page draws the first :data:`EARLY_SHOWN`), and what early asks
    cost (:func:`toll_texts`: the metric's value and note, and the sentence)."""

    kpis: tuple[Kpi, ...]
    new_clients: go.Figure
    referred_share: float
    ready: pd.DataFrame
    early: pd.DataFrame
    toll: tuple[str, str, str] = ("–", "", "")

    @property
    def early_shown(self) -> pd.DataFrame:
        """The rows of ``early`` the page draws: the :data:`EARLY_SHOWN` latest."""
        return self.early.head(EARLY_SHOWN)


def home(view: Portfolio, report: TrustReport, lang: str) -> Home:
    """The Portfolio page for ``view`` with the trust model ``report`` of that view."""
    ready, early = portfolio_lists(report, view, lang)
    referred = view.clients["referred_by"].notna()
    return Home(
        kpis=tuple(kpis(view)),
        new_clients=charts.new_clients_chart(new_clients_by_month(view), lang),
        referred_share=float(referred.mean()) if len(referred) else float("nan"),
        ready=ready, early=early, toll=toll_texts(early_ask_toll(report, view), lang),
    )
