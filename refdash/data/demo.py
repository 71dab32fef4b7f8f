"""A realistic, deterministic demo portfolio.

Clients are drawn from the latent 20-60-20 segments (advocate, responsive, never) and lived
through about three years of history: meetings, deliveries, promises kept and broken,
satisfaction scores, complaints, referral asks (some owners ask right after the sale and pay for
it: an early ask may turn a client into a never-referrer or lose them), solicited and
unsolicited referrals, referred prospects who convert into new clients linked to their referrer,
and lost clients.

Everything is vectorised over clients; the only loop is over referral *generations* (a referred
client can refer in turn), which ends after a handful of rounds. Same seed and ``as_of``, same
portfolio.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from refdash.data import store
from refdash.errors import RefdashError

SEGMENTS: tuple[str, ...] = ("advocate", "responsive", "never")
DAYS_PER_MONTH = 30.4375
#: Referral generations simulated at most (a chain of referred clients referring in turn).
MAX_GENERATIONS = 12

OWNERS: tuple[str, ...] = (
    "Camille Martin", "Giulia Rossi", "Thomas Dubois", "Marco Bianchi", "Sophie Laurent",
)
#: Probability that each owner asks right after the sale (the "old technique").
OWNER_EAGERNESS: tuple[float, ...] = (0.75, 0.10, 0.45, 0.25, 0.05)

FIRST_NAMES = np.array([
    "Amélie", "Élodie", "François", "Jérôme", "Hélène", "Léa", "Noémie", "Gaëlle", "Benoît",
    "Céline", "Chloé", "Loïc", "Mathéo", "Zoé", "Inès", "Maël", "Niccolò", "Lucía", "Ilaria",
    "Federica", "Giorgio", "Alessandro", "Chiara", "Francesca", "Matteo", "Lorenzo", "Sofia",
    "Andrea", "Davide", "Elena", "Paolo", "Martina", "Jürgen", "Anna", "James", "Emily", "Olivia",
    "Noah", "Liam", "Grace", "Sarah", "David", "Laura", "Julien", "Nicolas", "Marie", "Luc",
])
LAST_NAMES = np.array([
    "Lefèvre", "Moreau", "Girard", "Bonnet", "Dupré", "Fournier", "Mercier", "Leclerc",
    "Rousseau", "Faure", "Gauthier", "Garçon", "Perrière", "Ferrari", "Esposito", "Romano",
    "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini",
    "Costa", "Giordano", "Rizzo", "Lombardi", "Barbieri", "Niccolò", "Fabbrò", "Müller",
    "Schäfer", "Smith", "Johnson", "Brown", "Taylor", "Wilson", "O'Brien", "Nuñez", "Lopez",
])
COMPANY_PARTS = np.array([
    "Atelier", "Bâtiments", "Studio", "Officine", "Conseil", "Logistique", "Pâtisserie",
    "Immobilier", "Assicurazioni", "Trasporti", "Énergie", "Consulting", "Design", "Santé",
    "Ingegneria", "Comptabilité", "Vini", "Tessuti", "Éditions", "Informatica",
])


@dataclass(frozen=True)
class DemoParams:
    """Rates of the demo's hidden world (months and probabilities)."""

    years: float = 3.0
    #: Share of the clients who came by other means; referrals bring the rest.
    base_share: float = 0.84
    segment_shares: tuple[float, float, float] = (0.2, 0.6, 0.2)
    monthly_churn: float = 0.010
    monthly_churn_referred: float = 0.006
    meeting_rate: float = 0.45          # per month
    delivery_rate: float = 0.25
    promise_rate: float = 0.6
    satisfaction_rate: float = 0.15
    complaint_rate: float = 0.01        # plus more where we keep fewer promises
    months_to_ready: float = 6.0
    unsolicited_rate: tuple[float, float, float] = (0.06, 0.004, 0.0)  # per ready month
    ask_success: tuple[float, float, float] = (0.8, 0.5, 0.03)
    early_ask_success: tuple[float, float, float] = (0.25, 0.08, 0.01)
    early_ask_turns_never: float = 0.30
    early_ask_loses_client: float = 0.12
    conversion_solicited: float = 0.25
    conversion_unsolicited: float = 0.35
    max_asks: int = 4


def _poisson_times(
    rng: np.random.Generator, t0: np.ndarray, t1: np.ndarray, monthly_rate: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray]:
    """Event times of a Poisson process on each client's window [t0, t1) (days).

    Returns (client positions, times)."""
    span = np.maximum(t1 - t0, 0.0)
    counts = rng.poisson(np.asarray(monthly_rate) * span / DAYS_PER_MONTH)
    idx = np.repeat(np.arange(len(t0)), counts)
    times = t0[idx] + rng.random(len(idx)) * span[idx]
    return idx, times


def _names(rng: np.random.Generator, n: int) -> np.ndarray:
    first = FIRST_NAMES[rng.integers(0, len(FIRST_NAMES), n)]
    last = LAST_NAMES[rng.integers(0, len(LAST_NAMES), n)]
    return np.char.add(np.char.add(first.astype(str), " "), last.astype(str))


@dataclass
class _Batch:
    """One generation of clients, in days relative to ``as_of`` (0 = today, negative = past)."""

    start: np.ndarray       # days
    segment: np.ndarray     # 0 advocate, 1 responsive, 2 never
    owner: np.ndarray       # index into OWNERS
    referred_by: np.ndarray  # global client index or -1
    name: np.ndarray


@dataclass
class _Asks:
    """A batch's referral asks: who (batch index), when (days), and whether they succeeded."""

    idx: np.ndarray
    t: np.ndarray
    ok: np.ndarray
    declined: np.ndarray
    final_segment: np.ndarray   # the segment after early asks turned some into never-referrers
    lost_at: np.ndarray         # days; early asks may lose a client sooner
    end: np.ndarray             # days: lost or today, whichever comes first


def _asks(rng: np.random.Generator, b: _Batch, p: DemoParams, lost_at: np.ndarray) -> _Asks:
    """An optional early ask right after the sale, then patient asks. The draws keep their
    order (a seed gives the same store as before this was split out)."""
    n, today = len(b.start), 0.0
    eager = rng.random(n) < np.asarray(OWNER_EAGERNESS)[b.owner]
    early_time = b.start + rng.uniform(7, 45, n)
    early_asked = eager & (early_time < np.minimum(lost_at, today))
    seg_final = b.segment.copy()
    turns_never = early_asked & (rng.random(n) < p.early_ask_turns_never)
    early_success = early_asked & (
        rng.random(n) < np.asarray(p.early_ask_success)[b.segment]
    ) & ~turns_never
    seg_final[turns_never] = 2
    loses = early_asked & ~early_success & (rng.random(n) < p.early_ask_loses_client)
    lost_at = np.where(loses, np.minimum(lost_at, early_time + rng.uniform(10, 75, n)), lost_at)
    end = np.minimum(lost_at, today)

    gaps = rng.uniform(7, 11, (n, p.max_asks)) * DAYS_PER_MONTH
    # Patient sales leads wait until the client has watched them work for a year or more.
    gaps[:, 0] = rng.uniform(12, 20, n) * DAYS_PER_MONTH
    patient_times = b.start[:, None] + np.cumsum(gaps, axis=1)
    p_idx, p_k = np.nonzero(patient_times < end[:, None])
    patient_t = patient_times[p_idx, p_k]
    patient_success = rng.random(len(p_idx)) < np.asarray(p.ask_success)[seg_final[p_idx]]

    ok = np.concatenate([early_success[early_asked], patient_success])
    return _Asks(idx=np.concatenate([np.nonzero(early_asked)[0], p_idx]),
                 t=np.concatenate([early_time[early_asked], patient_t]), ok=ok,
                 declined=~ok & (rng.random(len(ok)) < 0.6), final_segment=seg_final,
                 lost_at=lost_at, end=end)


def _ordinary_life(rng: np.random.Generator, b: _Batch, p: DemoParams, ids: np.ndarray,
                   asks: _Asks) -> pd.DataFrame:
    """Meetings, deliveries, promises, satisfaction, complaints, asks, declines and losses."""
    today, end = 0.0, asks.end
    reliability = rng.beta(20, 1.5, len(ids))  # how often we keep our promises to this client
    quality = np.clip(rng.normal(0.0, 1.0, len(ids)) + 2.5 * (reliability - 0.9), -3, 3)
    frames = []

    def add(kind: str, idx: np.ndarray, t: np.ndarray, score: np.ndarray | None = None) -> None:
        frames.append(pd.DataFrame({
            "client_id": ids[idx], "t": t, "kind": kind,
            "score": np.nan if score is None else score,
        }))

    for kind, rate in (("meeting", p.meeting_rate), ("delivery", p.delivery_rate)):
        idx, t = _poisson_times(rng, b.start, end, rate)
        add(kind, idx, t)
    idx, t = _poisson_times(rng, b.start, end, p.promise_rate)
    kept = rng.random(len(idx)) < reliability[idx]
    add("promise_kept", idx[kept], t[kept])
    add("promise_broken", idx[~kept], t[~kept])
    idx, t = _poisson_times(rng, b.start, end, p.satisfaction_rate)
    scores = np.clip(np.rint(rng.normal(8.2 + 0.8 * quality[idx], 1.1)), 0, 10)
    add("satisfaction", idx, t, scores)
    idx, t = _poisson_times(
        rng, b.start, end, p.complaint_rate + 0.15 * (1 - reliability)
    )
    add("complaint", idx, t)
    add("referral_ask", asks.idx, asks.t)
    declined = asks.declined
    add("referral_declined", asks.idx[declined],
        asks.t[declined] + rng.uniform(1, 20, declined.sum()))
    lost_now = (asks.lost_at < today) & (end > b.start)
    add("lost", np.nonzero(lost_now)[0], asks.lost_at[lost_now])
    events = pd.concat(frames, ignore_index=True)
    return events[events["t"] < today]


def _referrals(rng: np.random.Generator, b: _Batch, p: DemoParams, ids: np.ndarray,
               asks: _Asks) -> pd.DataFrame:
    """Solicited referrals after a successful ask, unsolicited ones from ready clients."""
    today = 0.0
    counts = rng.integers(1, 3, asks.ok.sum())
    sol_idx = np.repeat(asks.idx[asks.ok], counts)
    sol_t = np.repeat(asks.t[asks.ok], counts) + rng.uniform(3, 55, counts.sum())
    ready_from = b.start + p.months_to_ready * DAYS_PER_MONTH
    un_idx, un_t = _poisson_times(
        rng, ready_from, np.maximum(asks.end, ready_from),
        np.asarray(p.unsolicited_rate)[asks.final_segment]
    )
    ref_idx = np.concatenate([sol_idx, un_idx])
    ref_t = np.concatenate([sol_t, un_t])
    solicited = np.concatenate([np.ones(len(sol_idx), bool), np.zeros(len(un_idx), bool)])
    keep = ref_t < today
    ref_idx, ref_t, solicited = ref_idx[keep], ref_t[keep], solicited[keep]
    conv_p = np.where(solicited, p.conversion_solicited, p.conversion_unsolicited)
    converts = rng.random(len(ref_idx)) < conv_p
    decided_at = ref_t + rng.uniform(20, 120, len(ref_idx))
    status = np.where(decided_at >= today, "open", np.where(converts, "converted", "lost"))
    return pd.DataFrame({
        "client_id": ids[ref_idx], "t": ref_t, "prospect_name": _names(rng, len(ref_idx)),
        "solicited": solicited, "status": status, "decided_at": decided_at,
    })


def _live(rng: np.random.Generator, b: _Batch, p: DemoParams, first_id: int) -> dict:
    """Simulate the history of one batch; returns frames keyed by table with global ids."""
    n = len(b.start)
    ids = np.arange(first_id, first_id + n)
    referred = b.referred_by >= 0
    churn = np.where(referred, p.monthly_churn_referred, p.monthly_churn)
    lost_at = b.start + rng.exponential(1.0 / churn) * DAYS_PER_MONTH
    asks = _asks(rng, b, p, lost_at)
    events = _ordinary_life(rng, b, p, ids, asks)
    referrals = _referrals(rng, b, p, ids, asks)
    clients = pd.DataFrame({
        "id": ids, "t": b.start, "name": b.name, "owner": np.asarray(OWNERS)[b.owner],
        "referred_by": np.where(referred, b.referred_by, -1),
    })
    truth = pd.DataFrame({
        "client_id": ids, "segment": np.asarray(SEGMENTS)[b.segment],
        "final_segment": np.asarray(SEGMENTS)[asks.final_segment],
    })
    return {"clients": clients, "events": events, "referrals": referrals, "truth": truth}


def _keep_first(parts: list[dict], n_clients: int) -> dict:
    """Keep the first ``n_clients`` clients by start date (base clients and the earliest
    referred ones); the prospects who would have become the others stay ``lost``.

    A referred client always starts after their referrer, so every kept client's referrer
    is kept too. Ids are renumbered 1..n in the original order."""
    merged = {key: pd.concat([part[key] for part in parts], ignore_index=True)
              for key in ("clients", "events", "referrals", "truth")}
    clients = merged["clients"]
    order = np.lexsort((clients["id"].to_numpy(), clients["t"].to_numpy()))
    kept_ids = np.sort(clients["id"].to_numpy()[order[:n_clients]])
    new_id = np.zeros(int(clients["id"].max()) + 1, dtype=np.int64)
    new_id[kept_ids] = np.arange(1, len(kept_ids) + 1)
    kept = new_id > 0

    clients = clients[kept[clients["id"]]].copy()
    clients["id"] = new_id[clients["id"]]
    referred = clients["referred_by"] > 0
    clients.loc[referred, "referred_by"] = new_id[clients.loc[referred, "referred_by"]]
    events = merged["events"][kept[merged["events"]["client_id"]]].copy()
    events["client_id"] = new_id[events["client_id"]]
    truth = merged["truth"][kept[merged["truth"]["client_id"]]].copy()
    truth["client_id"] = new_id[truth["client_id"]]
    refs = merged["referrals"][kept[merged["referrals"]["client_id"]]].copy()
    refs["client_id"] = new_id[refs["client_id"]]
    converted = refs["converted_client_id"].notna()
    target = refs.loc[converted, "converted_client_id"].astype(np.int64).to_numpy()
    target_kept = kept[target]
    refs.loc[converted, "converted_client_id"] = np.where(target_kept, new_id[target], np.nan)
    refs.loc[refs.index[converted][~target_kept], "status"] = "lost"
    return {"clients": clients, "events": events, "referrals": refs, "truth": truth}


def generate(
    n_clients: int = 500,
    seed: int = 7,
    as_of: object = None,
    params: DemoParams | None = None,
) -> dict[str, pd.DataFrame]:
    """Generate a demo portfolio of exactly ``n_clients`` clients.

    Returns the frames ``clients``, ``events``, ``referrals`` (store shapes, with ids) and
    ``truth`` (latent segment of each client at the start and after any early ask).
    ``as_of`` is the portfolio's "today" (default: the current date).
    """
    if not isinstance(n_clients, (int, np.integer)) or n_clients < 1:
        raise ValueError(f"n_clients must be a positive whole number, got {n_clients!r}")
    p = params or DemoParams()
    if abs(sum(p.segment_shares) - 1) > 1e-9:
        raise ValueError(f"segment_shares must sum to 1, got {p.segment_shares}")
    rng = np.random.default_rng(seed)
    as_of_ts = pd.Timestamp(as_of if as_of is not None else pd.Timestamp.today()).normalize()
    horizon = p.years * 365.25

    def base_batch(n: int) -> _Batch:
        return _Batch(
            start=-rng.uniform(20, horizon, n),
            segment=rng.choice(3, n, p=p.segment_shares),
            owner=rng.integers(0, len(OWNERS), n),
            referred_by=np.full(n, -1),
            name=_names(rng, n),
        )

    parts = _grow(rng, p, n_clients, base_batch)
    return _frames(rng, parts, as_of_ts)


def _grow(rng: np.random.Generator, p: DemoParams, n_clients: int,
          base_batch: Callable[[int], _Batch]) -> list[dict]:
    """Live the base clients, then the clients their referrals brought, generation by
    generation; exactly ``n_clients`` clients in all."""
    n_base = max(1, int(round(n_clients * p.base_share)))
    parts: list[dict] = []
    batch = base_batch(n_base)
    total = n_base
    # Referred clients refer in turn: one round per generation, until no prospect converts.
    for _generation in range(MAX_GENERATIONS):
        first_id = total - len(batch.start) + 1
        part = _live(rng, batch, p, first_id=first_id)
        parts.append(part)
        refs = part["referrals"]
        conv = refs.index[refs["status"].eq("converted")]
        if len(conv) == 0:
            break
        refs.loc[conv, "converted_client_id"] = np.arange(total + 1, total + 1 + len(conv))
        total += len(conv)
        referrer = refs.loc[conv, "client_id"].to_numpy()
        batch = _Batch(
            start=refs.loc[conv, "decided_at"].to_numpy(),
            segment=rng.choice(3, len(conv), p=p.segment_shares),
            owner=batch.owner[referrer - first_id],  # served by the referrer's sales lead
            referred_by=referrer,
            name=refs.loc[conv, "prospect_name"].to_numpy(),
        )
    else:
        parts[-1]["referrals"].loc[conv, ["status", "converted_client_id"]] = ["lost", np.nan]
    if total < n_clients:
        batch = base_batch(n_clients - total)
        part = _live(rng, batch, p, first_id=total + 1)
        part["referrals"]["status"] = part["referrals"]["status"].replace("converted", "lost")
        parts.append(part)
    return [_keep_first(parts, n_clients)] if total > n_clients else parts


def _frames(rng: np.random.Generator, parts: list[dict], as_of_ts: pd.Timestamp
            ) -> dict[str, pd.DataFrame]:
    """The generated parts as the store's frames (days before ``as_of_ts`` as dates)."""
    def cat(key: str) -> pd.DataFrame:
        return pd.concat([part[key] for part in parts], ignore_index=True)

    def days_to_date(t: pd.Series) -> pd.Series:
        return as_of_ts + pd.to_timedelta(np.floor(t.to_numpy()), unit="D")

    clients = cat("clients")
    n = len(clients)
    company = np.where(
        rng.random(n) < 0.8,
        np.char.add(np.char.add(COMPANY_PARTS[rng.integers(0, len(COMPANY_PARTS), n)], " "),
                    LAST_NAMES[rng.integers(0, len(LAST_NAMES), n)]).astype(object),
        np.array(None, dtype=object),
    )
    clients = pd.DataFrame({
        "id": clients["id"].astype("int64"),
        "external_id": [f"DEMO-{i:06d}" for i in clients["id"]],
        "name": clients["name"],
        "company": company,
        "email": [f"client{i}@example.com" for i in clients["id"]],
        "owner": clients["owner"],
        "start_date": days_to_date(clients["t"]),
        "sphere_size": np.clip(np.rint(rng.lognormal(np.log(250), 0.25, n)), 50, 1000).astype("int64"),
        "referred_by": clients["referred_by"].where(clients["referred_by"] > 0).astype("Int64"),
    })
    events = cat("events").sort_values(["client_id", "t"], kind="stable").reset_index(drop=True)
    events = pd.DataFrame({
        "id": np.arange(1, len(events) + 1),
        "client_id": events["client_id"].astype("int64"),
        "date": days_to_date(events["t"]),
        "kind": events["kind"],
        "score": events["score"],
    })
    referrals = cat("referrals").sort_values("t", kind="stable").reset_index(drop=True)
    referrals = pd.DataFrame({
        "id": np.arange(1, len(referrals) + 1),
        "client_id": referrals["client_id"].astype("int64"),
        "date": days_to_date(referrals["t"]),
        "prospect_name": referrals["prospect_name"],
        "solicited": referrals["solicited"].astype(bool),
        "status": referrals["status"],
        "converted_client_id": referrals.get("converted_client_id", pd.Series(dtype="float"))
        .astype("Int64"),
    })
    return {"clients": clients, "events": events, "referrals": referrals, "truth": cat("truth")}


def write_demo_store(
    path: str | Path, n_clients: int = 500, seed: int = 7, as_of: object = None,
    exist_ok: bool = False,
) -> store.StoreInfo:
    """Generate a demo portfolio and write it to a new store at ``path``.

    Made once even when several processes or sessions ask at the same moment (a team's
    first morning): the maker holds an exclusive lock on ``PATH-lock`` while it builds the
    store in a file of its own and links it into place, which fails rather than replace a
    store that appeared meanwhile. The others wait on the lock, then find the store: with
    ``exist_ok`` they read it, else they are refused with ``store.exists``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive(Path(f"{path}-lock")):  # beside -wal and -shm (ignored by git)
        if path.exists():
            if exist_ok:
                return store.info(path)
            raise RefdashError("store.exists", path=str(path))
        frames = generate(n_clients, seed=seed, as_of=as_of)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            # Build beside the target, so a half-written demo never stands at ``path``.
            store.create_store(tmp)
            store.bulk_insert(
                tmp, clients=frames["clients"], events=frames["events"],
                referrals=frames["referrals"], truth=frames["truth"],
                meta={"demo": "1", "demo_seed": str(seed), "demo_clients": str(n_clients)},
            )
            store.checkpoint(tmp)
            try:
                os.link(tmp, path)  # atomic, and never over a store that appeared
            except FileExistsError:
                if not exist_ok:
                    raise RefdashError("store.exists", path=str(path)) from None
            except OSError:  # no hard links here: the lock and the check above suffice
                os.replace(tmp, path)
        finally:
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                leftover.unlink(missing_ok=True)
    return store.info(path)


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file ``lock`` for the block (others wait). Without
    ``fcntl`` (Windows) the link into place alone keeps a store from being replaced."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux
        yield
        return
    with open(lock, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
