"""What the Clients page (and the Portfolio page's trust lists) show, built from the trust
model: the clients table, one client's trajectory view and next step in one sentence, the
lists a sales lead acts on, and the trust settings the user chose.

Pure: no streamlit. Texts go through :func:`refdash.i18n.translate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from refdash.charts import clients as clients_charts
from refdash.i18n import format_month, format_number, format_percent, translate, translate_plural
from refdash.model import decision, trust
from refdash.model.portfolio import Portfolio
from refdash.model.trust import TrustReport, TrustSettings
from refdash.views import worklist

#: Session key (``st.session_state``) of the :class:`TrustSettings` chosen on the Clients page;
#: ``refdash.ui.trust_settings()`` keeps it (and mirrors it in the URL), and pages that read
#: the session directly go through :func:`settings_from`, so every view follows the choice.
SETTINGS_KEY = "trust_settings"
#: Prefix of the settings sliders' widget keys.
WIDGET_PREFIX = "trust_"
#: Event kinds drawn as markers on a client's chart (plus referrals given).
MARKER_KINDS: tuple[str, ...] = (
    "promise_kept", "promise_broken", "satisfaction", "complaint", "referral_ask",
    "referral_declined", "lost",
)


# --------------------------------------------------------------------------- settings

@dataclass(frozen=True)
class TrustKnob:
    """A slider for one field of :class:`TrustSettings` (``clients.setting.<field>`` labels),
    from ``low`` to ``high`` by ``step`` (in the field's unit: months or a share in [0, 1])."""

    field: str
    low: float
    high: float
    step: float

    @property
    def is_share(self) -> bool:
        """A share in [0, 1] (shown as a percentage), else a number of months."""
        return self.high <= 1.0

    @property
    def options(self) -> tuple[float, ...]:
        """Every value the slider offers, rounded so that a value from the URL matches one."""
        count = int(round((self.high - self.low) / self.step))
        return tuple(round(self.low + i * self.step, 6) for i in range(count + 1))

    def nearest(self, value: float) -> float:
        """The offered value closest to ``value``."""
        return min(self.options, key=lambda option: abs(option - value))


#: The trust settings a user may change (on the Clients page, and in a shared URL).
KNOBS: tuple[TrustKnob, ...] = (
    TrustKnob("threshold", 0.3, 0.95, 0.05),
    TrustKnob("min_months_known", 0.0, 24.0, 1.0),
    TrustKnob("ask_cooloff_months", 0.0, 24.0, 1.0),
    TrustKnob("broken_promise_months", 0.0, 12.0, 1.0),
    TrustKnob("familiarity_months", 1.0, 24.0, 1.0),
    TrustKnob("weight_reliability", 0.0, 1.0, 0.05),
    TrustKnob("reliability_half_life", 1.0, 36.0, 1.0),
    TrustKnob("satisfaction_half_life", 1.0, 36.0, 1.0),
    TrustKnob("early_ask_penalty", 0.0, 0.5, 0.01),
    TrustKnob("complaint_penalty", 0.0, 0.5, 0.01),
    TrustKnob("damage_half_life", 1.0, 24.0, 1.0),
    TrustKnob("reliability_quantile", 0.05, 0.45, 0.05),
)


def settings_from(state: Mapping[str, object]) -> TrustSettings:
    """The trust settings kept in the session ``state`` (the defaults until changed)."""
    value = state.get(SETTINGS_KEY)
    if isinstance(value, TrustSettings):
        return value
    if isinstance(value, tuple):
        return TrustSettings(*value)
    return TrustSettings()


def settings_with(base: TrustSettings, values: Mapping[str, float]) -> TrustSettings:
    """``base`` with the slider ``values``; the satisfaction weight is ``1 - w_r``."""
    names = {f.name for f in fields(TrustSettings)}
    unknown = set(values) - names
    if unknown:
        raise ValueError(f"unknown trust settings: {sorted(unknown)}")
    changed: dict[str, Any] = {k: float(v) for k, v in values.items()}
    if "weight_reliability" in changed:
        changed["weight_satisfaction"] = round(1.0 - changed["weight_reliability"], 10)
    return replace(base, **changed)


def _param_text(value: float) -> str:
    # Slider steps leave float noise (0.35000000000000003): ten digits read back the same.
    return format(float(value), ".10g")


def settings_to_params(settings: TrustSettings) -> dict[str, str]:
    """The knobs of ``settings`` that differ from the defaults, as URL query parameters
    (``{"threshold": "0.8", "familiarity_months": "6"}``): a shared link stays short."""
    default = TrustSettings()
    return {k.field: _param_text(getattr(settings, k.field)) for k in KNOBS
            if _param_text(getattr(settings, k.field)) != _param_text(getattr(default, k.field))}


def settings_from_params(params: Mapping[str, object]) -> TrustSettings:
    """The trust settings a URL's query ``params`` ask for: knobs only, each within its
    slider's range (anything else, or a combination the model refuses, is the default)."""
    values: dict[str, float] = {}
    for knob in KNOBS:
        raw = params.get(knob.field)
        raw = raw[-1] if isinstance(raw, list | tuple) and raw else raw
        try:
            value = float(str(raw))
        except ValueError:
            continue
        if knob.low <= value <= knob.high:
            values[knob.field] = value
    try:
        return settings_with(TrustSettings(), values)
    except ValueError:  # a hand-edited link: the page still opens, on the defaults
        return TrustSettings()


def clients_report(p: Portfolio, settings: TrustSettings | None = None) -> TrustReport:
    """The trust model for ``p`` with the segments model's P(never-referrer), so that a likely
    never-referrer is not "ready" (DOMAIN.md's last condition): the gated report of
    :func:`refdash.model.decision.assess`, the one place that fits both models."""
    return decision.gated_report(decision.assess(p, settings or TrustSettings()))


# --------------------------------------------------------------------------- texts

def format_duration(months: float, lang: str) -> str:
    """``'4 months'``, ``'1 month'``, ``'12 days'`` (under a month) in ``lang``."""
    if months < 1:
        days = max(int(round(months * trust.DAYS_PER_MONTH)), 0)
        return translate_plural("clients.days", lang, days, n=format_number(days, lang))
    whole = int(months)
    return translate_plural("clients.months", lang, whole, n=format_number(whole, lang))


def reason_text(reason: str, lang: str) -> str:
    """A reason code of :data:`refdash.model.trust.REASONS` (or ``''`` for ready) as a short text."""
    return translate(f"clients.reason.{reason or 'ready'}", lang)


@dataclass(frozen=True)
class NextStep:
    """The recommended next step for one client: ``kind`` is ``ready``, ``wait``,
    ``dont_ask`` or ``lost``; ``key`` and ``params`` make the sentence."""

    kind: str
    key: str
    params: dict[str, str]


#: The box of each decision the gate calls ready but does not ask (``NextStep.kind``).
_DECISION_KINDS: dict[str, str] = {"thank": "ready", "repair": "wait", "follow_up": "wait",
                                   "wait": "wait", "leave": "dont_ask"}


def next_step(status: pd.Series, report: TrustReport, lang: str,
              decision: pd.Series | None = None) -> NextStep:
    """What to do with the client whose :func:`refdash.model.trust.client_status` row is ``status``,
    in one sentence: "Wait: known 4 months; likely ready in March 2027", "Ready: ask for an
    introduction", "Don't ask: asked 2 months ago".

    ``decision`` (the client's row of :func:`refdash.model.decision.decide`) has the last word
    where the gate alone would say "ask": a ready advocate is thanked, a ready client with a
    complaint or an open referral gets that step first (one decision everywhere, issue 12)."""
    if decision is not None and status["ready"] and decision["action"] != "ask":
        action = str(decision["action"])
        return NextStep(_DECISION_KINDS.get(action, "wait"), "worklist.next", {
            "action": translate(f"worklist.action.{action}", lang),
            "reason": worklist.reason_text(decision, lang, report.settings)})
    s = report.settings
    reason = status["reason"]
    projected = status["projected_ready_date"]
    when = {} if pd.isna(projected) else {"month": format_month(projected, lang)}
    suffix = ".when" if when else ".never"
    months = lambda value: (report.as_of - value).days / trust.DAYS_PER_MONTH  # noqa: E731
    if status["ready"]:
        return NextStep("ready", "clients.next.ready", {})
    if reason == "lost":
        return NextStep("lost", "clients.next.lost", {})
    if reason == "likely_never":
        return NextStep("dont_ask", "clients.next.likely_never", {})
    if reason == "asked_recently":
        ago = format_duration(months(status["last_ask_date"]), lang)
        return NextStep("dont_ask", "clients.next.asked_recently" + suffix, {"ago": ago, **when})
    if reason == "broken_promise":
        ago = format_duration(months(status["last_broken_date"]), lang)
        return NextStep("wait", "clients.next.broken_promise" + suffix, {"ago": ago, **when})
    if reason == "too_new":
        known = format_duration(status["months_known"], lang)
        return NextStep("wait", "clients.next.too_new" + suffix, {"known": known, **when})
    return NextStep("wait", "clients.next.low_trust" + suffix, {
        "trust": format_number(status["trust"], lang, 2),
        "threshold": format_number(s.threshold, lang, 2), **when,
    })


def sentence(step: NextStep, lang: str) -> str:
    return translate(step.key, lang, **step.params)


# --------------------------------------------------------------------------- the table

TABLE_COLUMNS: tuple[str, ...] = (
    "client_id", "name", "company", "owner", "trust", "trust_change_3m", "ready", "status",
    "projected_ready_date", "last_ask_date", "last_ask_early", "external_id",
)


def clients_table(report: TrustReport, view: Portfolio, lang: str, query: str = "",
                  index: pd.Series | None = None) -> pd.DataFrame:
    """One row per client of ``view`` (:data:`TABLE_COLUMNS`), ready ones first then by trust;
    ``status`` says "Ready" or why not; ``query`` keeps the clients whose name, company,
    e-mail, external id or owner contains it (case and accents ignored; ``index`` is
    :func:`search_index` of ``view``, computed here when not given)."""
    c = view.clients
    status = report.status.reindex(c["id"].to_numpy())
    reasons = status["reason"].fillna("lost").to_numpy(dtype=object)
    texts = {r: reason_text(r, lang) for r in set(reasons)}
    table = pd.DataFrame({
        "client_id": c["id"].to_numpy(),
        "name": c["name"].to_numpy(),
        # A client without a company shows a blank cell, not the grid's grey "None".
        "company": c["company"].fillna("").to_numpy() if "company" in c else "",
        "owner": c["owner"].to_numpy(),
        "trust": status["trust"].to_numpy(float),
        # Rounded as shown, and + 0.0 turns -0.0 (a tiny loss) into 0.00, not "-0.00".
        "trust_change_3m": np.round(status["trust_change_3m"].to_numpy(float), 2) + 0.0,
        "ready": status["ready"].fillna(False).to_numpy(bool),
        "status": pd.Series(reasons).map(texts).to_numpy(),
        "projected_ready_date": status["projected_ready_date"].to_numpy(),
        "last_ask_date": status["last_ask_date"].to_numpy(),
        "last_ask_early": status["last_ask_early"].to_numpy(),
        "external_id": c["external_id"].to_numpy() if "external_id" in c else None,
    })
    if query.strip():
        table = table[_matches(c, query.strip(), index)]
    order = np.lexsort((-np.nan_to_num(table["trust"].to_numpy(), nan=-1.0),
                        ~table["ready"].to_numpy()))
    return table.iloc[order].reset_index(drop=True)


def _fold(text: pd.Series) -> np.ndarray:
    """Lower case without accents, for searching (each distinct value folded once)."""
    codes, uniques = pd.factorize(text.fillna("").astype(str))
    folded = (pd.Series(uniques, dtype=object).str.normalize("NFKD")
              .str.encode("ascii", errors="ignore").str.decode("ascii").str.lower())
    return folded.to_numpy(dtype=object)[codes] if len(codes) else np.array([], dtype=object)


SEARCHED: tuple[str, ...] = ("name", "company", "email", "external_id", "owner")


def search_index(p: Portfolio) -> pd.Series:
    """What the search looks in, per client (index client id): name, company, e-mail, CRM id
    and owner, folded (lower case, no accents). Worth caching: folding costs ~1 µs a value."""
    return _search_text(p.clients)


def _search_text(c: pd.DataFrame) -> pd.Series:
    parts = [_fold(c[col]) for col in SEARCHED if col in c]
    text = parts[0]
    for part in parts[1:]:
        text = text + "\n" + part
    return pd.Series(text, index=c["id"].to_numpy(), dtype=object)


def _matches(clients: pd.DataFrame, query: str, index: pd.Series | None) -> np.ndarray:
    return matching(clients["id"].to_numpy(), query,
                    _search_text(clients) if index is None else index)


def matching(ids: np.ndarray, query: str, index: pd.Series) -> np.ndarray:
    """Which of the client ``ids`` the search ``query`` finds (case and accents ignored) in
    ``index`` (:func:`search_index`): one bool per id."""
    needle = _fold(pd.Series([query.strip()]))[0]
    text = index.reindex(ids).fillna("")
    return text.str.contains(needle, regex=False).to_numpy(bool)


def table_for_download(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table with translated headers (what the CSV holds)."""
    out = table.copy()
    for col in ("projected_ready_date", "last_ask_date"):
        # dates stay dates: the CSV writer puts them in the language's spreadsheet order
        out[col] = pd.to_datetime(out[col]).dt.normalize()
    return out.rename(columns={c: translate(f"clients.col.{c}", lang) for c in out.columns})


# --------------------------------------------------------------------------- one client

@dataclass(frozen=True)
class ClientView:
    """Everything the page draws for one client."""

    client_id: int
    name: str
    company: str | None
    owner: str
    status: pd.Series
    trajectory: pd.DataFrame
    markers: pd.DataFrame
    step: NextStep
    sentence: str
    figure: go.Figure


def _rows_of(frame: pd.DataFrame, client_id: int) -> pd.DataFrame:
    """The rows of one client: a binary search when ``client_id`` is sorted (the store's
    order), else a scan."""
    ids = frame["client_id"].to_numpy()
    if len(ids) and np.all(ids[1:] >= ids[:-1]):
        lo, hi = np.searchsorted(ids, [client_id, client_id + 1])
        return frame.iloc[lo:hi]
    return frame[ids == client_id]


def markers(report: TrustReport, p: Portfolio, client_id: int) -> pd.DataFrame:
    """The client's events to mark on its chart: ``date``, ``kind`` (an event kind, with asks
    split into ``ask_early`` / ``ask_timely``, plus ``referral``), ``score``, ``detail``
    (trust at an ask, the prospect of a referral)."""
    ev = _rows_of(p.events, client_id)
    ev = ev[ev["kind"].isin(MARKER_KINDS) & (ev["date"] <= report.as_of)]
    asks = report.client_asks(client_id).set_index("event_id")
    kind = ev["kind"].to_numpy(dtype=object).copy()
    is_ask = kind == "referral_ask"
    early = asks["early"].reindex(ev["id"]).fillna(False).to_numpy(bool)
    kind[is_ask] = np.where(early[is_ask], "ask_early", "ask_timely")
    ask_trust = asks["trust"].reindex(ev["id"]).to_numpy(float)
    out = pd.DataFrame({
        "date": ev["date"].to_numpy(), "kind": kind, "score": ev["score"].to_numpy(float),
        "trust": ask_trust, "detail": "",
    })
    refs = p.referrals[(p.referrals["client_id"] == client_id)
                       & (p.referrals["date"] <= report.as_of)]
    given = pd.DataFrame({
        "date": refs["date"].to_numpy(), "kind": "referral", "score": np.nan, "trust": np.nan,
        "detail": refs["prospect_name"].astype(str).to_numpy() if len(refs) else [],
    })
    both = [f for f in (out, given) if len(f)]
    if not both:
        return out
    return pd.concat(both, ignore_index=True).sort_values("date", kind="stable") \
        .reset_index(drop=True)


def client_view(report: TrustReport, p: Portfolio, client_id: int, lang: str,
                show_components: bool = False,
                decisions: pd.DataFrame | None = None) -> ClientView:
    """Trajectory, markers, next step and chart of one client of ``p``; ``decisions``
    (:func:`refdash.model.decision.decide` of ``p``) makes the next step the worklist's."""
    rows = p.clients[p.clients["id"] == client_id]
    if rows.empty:
        raise ValueError(f"client_id {client_id!r} is not in this portfolio")
    row = rows.iloc[0]
    status = report.status.loc[client_id]
    traj = report.client_trajectory(client_id)
    marks = markers(report, p, client_id)
    decided = (decisions.loc[client_id]
               if decisions is not None and client_id in decisions.index else None)
    step = next_step(status, report, lang, decided)
    text = sentence(step, lang)
    company = row.get("company")
    figure = clients_charts.trajectory_chart(
        traj, marks, status, report.settings, lang, title=str(row["name"]),
        show_components=show_components,
    )
    return ClientView(
        client_id=int(client_id), name=str(row["name"]),
        company=None if company is None or pd.isna(company) else str(company),
        owner=str(row["owner"]), status=status, trajectory=traj, markers=marks, step=step,
        sentence=text, figure=figure,
    )


# --------------------------------------------------------------------------- figures

@dataclass(frozen=True)
class Summary:
    """Headline counts of the Clients page (for ``view``)."""

    ready: int
    not_ready: int
    lost: int
    early_asks_90d: int
    asks_90d: int


def summary(report: TrustReport, view: Portfolio) -> Summary:
    status = report.status.reindex(view.clients["id"].to_numpy())
    asks = report.asks[report.asks["client_id"].isin(view.clients["id"])
                       & (report.asks["date"] > report.as_of - pd.Timedelta(days=90))]
    lost = int(status["lost"].fillna(False).sum())
    ready = int(status["ready"].fillna(False).sum())
    return Summary(ready=ready, not_ready=len(status) - ready - lost, lost=lost,
                   early_asks_90d=int(asks["early"].sum()), asks_90d=len(asks))


@dataclass(frozen=True)
class EarlyAskCost:
    """What early asks cost in a view: ``curve`` (:func:`refdash.model.trust.early_ask_cost`) and
    ``outcomes`` (:func:`refdash.model.trust.early_ask_outcomes`). Worth caching: it reads every
    month of every client."""

    curve: pd.DataFrame
    outcomes: pd.DataFrame


def early_ask_cost(view: Portfolio, report: TrustReport) -> EarlyAskCost:
    """What early asks cost among the clients of ``view`` (``report`` is the trust model of
    ``view``); the view first, as ``ui.computed(early_ask_cost, report)`` calls it."""
    return EarlyAskCost(trust.early_ask_cost(report, view.clients["id"].to_numpy()),
                        trust.early_ask_outcomes(report, view))


def cost_of_early_asks(cost: EarlyAskCost, lang: str) -> tuple[go.Figure, pd.DataFrame]:
    """The chart of average trust by months since the start for clients first asked early,
    first asked when ready, and never asked, and the table of what became of them."""
    outcomes = cost.outcomes
    table = pd.DataFrame({
        translate("clients.cost.group", lang): [
            translate(f"clients.cost.{g}", lang) for g in outcomes.index],
        translate("clients.cost.clients", lang): [
            format_number(v, lang) for v in outcomes["clients"]],
        translate("clients.cost.lost_share", lang): [
            format_percent(v, lang) for v in outcomes["lost_share"]],
        translate("clients.cost.referrals_per_year", lang): [
            "–" if pd.isna(v) else format_number(v, lang, 2)
            for v in outcomes["referrals_per_year"]],
        translate("clients.cost.trust_now", lang): [
            "–" if pd.isna(v) else format_number(v, lang, 2) for v in outcomes["trust_now"]],
    })
    return clients_charts.early_ask_cost_chart(cost.curve, lang), table
