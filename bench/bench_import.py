"""How fast files import: CSV events, XLSX clients and CRM activities, in rows a second.

Run: .venv/bin/python bench/bench_import.py [--events 1000000] [--clients 20000]
     [--activities 1000000] [--xlsx-clients 100000]

Targets (issues 15 and 11): CSV at least 150,000 rows/s, XLSX at least 50,000 rows/s, a
1,000,000-row activities file at least 100,000 rows/s, end to end (read, check, write). The
activities file is imported into a store of the clients alone (a contacts export, then its
activities), then once more into the store that also holds the events file's rows.
Each file is also read by a reference in the same run (pandas' ``read_csv`` with its C
parser; python-calamine alone for the XLSX), and the machine's load is printed, since on a
shared machine the figures move with it.

The file is what a French CRM export looks like: ``;``-delimited, cp1252, dates as
``dd/mm/yyyy hh:mm``, event kinds in French, satisfaction scores with decimal commas, notes
with accents, and no event ids (so every row gets a content id: the slow path). The clients
are imported first (not timed); the events import is timed by step (read, check, write) and
in total, end to end exactly as ``python -m refdash import`` runs it. A second run of the same
file shows what a re-import costs (it adds nothing).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere
from refdash.data import (
    importing,  # noqa: E402
    store,
)

AS_OF = "2026-11-26"
KINDS_FR = np.array(["Réunion", "Livraison", "Promesse tenue", "Promesse non tenue",
                     "Satisfaction", "Réclamation", "Demande de recommandation"])


def write_files(folder: Path, n_clients: int, n_events: int, seed: int = 1) -> tuple[Path, Path]:
    rng = np.random.default_rng(seed)
    ids = np.array([f"001A{i:08d}" for i in range(n_clients)])
    clients = pd.DataFrame({
        "ID du compte": ids,
        "Nom du compte": [f"Société Générale n°{i}" for i in range(n_clients)],
        "Propriétaire du compte": rng.choice(["Hélène Lefèvre", "Jérôme Dupré"], n_clients),
        "Date de création": "01/01/2020",
    })
    clients_path = folder / "comptes.csv"
    clients.to_csv(clients_path, sep=";", index=False, encoding="cp1252")
    kinds = rng.choice(KINDS_FR, n_events)
    dates = pd.Timestamp("2020-02-01") + pd.to_timedelta(rng.integers(0, 2400, n_events),
                                                          unit="D")
    minutes = rng.integers(8 * 60, 19 * 60, n_events)
    score = np.where(kinds == "Satisfaction",
                     pd.Series(rng.integers(0, 21, n_events) / 2).astype(str).str.replace(
                         ".", ",", regex=False), "")
    events = pd.DataFrame({
        "ID du compte": rng.choice(ids, n_events),
        "Date": dates.strftime("%d/%m/%Y") + " " + pd.Series(minutes // 60).astype(str).str.zfill(2)
        + ":" + pd.Series(minutes % 60).astype(str).str.zfill(2),
        "Type d'activité": kinds,
        "Note de satisfaction": score,
        "Objet": rng.choice(["Café à Besançon", "Point d'étape", "Livraison à Nîmes", ""],
                            n_events),
    })
    events_path = folder / "activites.csv"
    events.to_csv(events_path, sep=";", index=False, encoding="cp1252")
    return clients_path, events_path


def write_activities(folder: Path, ids: np.ndarray, n: int, seed: int = 2) -> Path:
    """A Pipedrive activities export: ids, types, due dates, done flags and done times."""
    rng = np.random.default_rng(seed)
    due = pd.Timestamp("2020-02-01") + pd.to_timedelta(rng.integers(0, 2400, n), unit="D")
    late = rng.choice([-2, 0, 1, 5, 20], n, p=[0.3, 0.3, 0.2, 0.1, 0.1])
    done = rng.random(n) < 0.9
    done_at = (due + pd.to_timedelta(late, unit="D")).strftime("%Y-%m-%d 11:20:00")
    frame = pd.DataFrame({
        "Activity - ID": np.arange(1, n + 1),
        "Activity - Subject": rng.choice(["Send proposal", "Follow up", "Call back", ""], n),
        "Activity - Type": rng.choice(["Task", "Call", "Meeting", "Email"], n),
        "Activity - Due date": due.strftime("%Y-%m-%d"),
        "Activity - Done": np.where(done, "Done", "To do"),
        "Activity - Marked as done time": np.where(done, done_at, ""),
        "Activity - Person ID": rng.choice(ids, n),
    })
    path = folder / "activities.csv"
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


def write_clients_xlsx(folder: Path, n: int, seed: int = 3) -> Path:
    """A HubSpot-like contacts workbook: ids, names, owners, date cells, sphere sizes."""
    from openpyxl import Workbook

    rng = np.random.default_rng(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Contacts")
    sheet.append(["Record ID", "First Name", "Last Name", "Company Name", "Contact owner",
                  "Create Date", "Sphere size"])
    start = pd.Timestamp("2019-01-01").to_pydatetime()
    days = rng.integers(0, 2000, n)
    owners = ["Hélène Lefèvre", "Jérôme Dupré", "Ann Smith"]
    for i in range(n):
        sheet.append([f"X{i:07d}", f"Zoë{i}", "Müller", "ACME Sàrl", owners[i % 3],
                      start + pd.Timedelta(days=int(days[i])).to_pytimedelta(),
                      int(days[i]) % 900 + 50])
    path = folder / "contacts.xlsx"
    book.save(path)
    return path


def reference_seconds(path: Path, how: str) -> float:
    """Seconds a reference reader takes on the same file (reading only, no checks)."""
    start = time.perf_counter()
    if how == "xlsx":
        from python_calamine import CalamineWorkbook

        with CalamineWorkbook.from_path(str(path)) as book:
            book.get_sheet_by_index(0).to_python()
    else:
        sep, enc = (";", "cp1252") if how == "cp1252" else (",", "utf-8")
        pd.read_csv(path, sep=sep, encoding=enc, dtype=str, keep_default_na=False,
                    engine="c")
    return time.perf_counter() - start


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes)."""
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def print_runs(db: Path, path: Path, kind: str, n: int, reference: str) -> None:
    """Two imports of ``path`` (the first, then the re-import that adds nothing), and the
    reference reader on the same file."""
    ref = reference_seconds(path, reference)
    print(f"{'run':<10} {'read s':>7} {'check s':>8} {'write s':>8} {'total s':>8} "
          f"{'rows/s':>10} {'added':>10}")
    totals = []
    for run in ("first", "re-import"):
        t = timed_import(db, path, kind)
        totals.append(t["total"])
        print(f"{run:<10} {t['read']:>7.2f} {t['check']:>8.2f} {t['write']:>8.2f} "
              f"{t['total']:>8.2f} {n / t['total']:>10,.0f} {t['added']:>10,}  ({load()})")
    name = "python-calamine alone" if reference == "xlsx" else "pandas read_csv (C parser)"
    print(f"reference: {name} reads the file in {ref:.2f} s, {n / ref:,.0f} rows/s")
    # The machine's own speed moves between runs (the reference by half as much again on
    # a shared VM): the first import's time in the reference's is the steadier figure.
    print(f"the first import took {totals[0] / ref:.1f} times the reference's time")


def timed_import(db: Path, path: Path, kind: str = "events") -> dict[str, float]:
    marks: dict[str, float] = {}
    start = time.perf_counter()

    def progress(share: float, stage: str) -> None:
        marks.setdefault(stage, time.perf_counter() - start)

    result = importing.import_file(db, path, kind, as_of=AS_OF, progress=progress)
    total = time.perf_counter() - start
    assert result.prepared.rejected_count == 0, importing.describe_problems(
        result.prepared, "en").head()
    return {"read": marks["check"], "check": marks["write"] - marks["check"],
            "write": total - marks["write"], "total": total,
            "added": result.counts.added if result.counts else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000,
                        help="rows of the CSV events file (0: skip)")
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--activities", type=int, default=1_000_000,
                        help="rows of the Pipedrive activities file (0: skip)")
    parser.add_argument("--xlsx-clients", type=int, default=100_000,
                        help="rows of the XLSX contacts file (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{os.cpu_count()} cores, {load()}")
        clients_path, events_path = write_files(folder, args.clients, args.events)
        size = events_path.stat().st_size / 1024 / 1024
        db = folder / "store.db"
        store.create_store(db)
        importing.import_file(db, clients_path, "clients", as_of=AS_OF)
        if args.events:
            print(f"\nCSV: {args.events:,} event rows ({size:.0f} MB, cp1252, ';') for "
                  f"{args.clients:,} clients")
            print_runs(db, events_path, "events", args.events, "cp1252")
            assert store.info(db).events == args.events
        if args.activities:
            ids = pd.read_csv(clients_path, sep=";", encoding="cp1252",
                              dtype=str)["ID du compte"].to_numpy()
            path = write_activities(folder, ids, args.activities)
            # The flow of issue 11: a contacts export, then its activities export, into a
            # store holding those clients only; then the same file into the store that
            # already holds the events above (its index by client and date kept up to date
            # row by row instead of rebuilt: the slower case, printed too).
            fresh = folder / "activities.db"
            store.create_store(fresh)
            importing.import_file(fresh, clients_path, "clients", as_of=AS_OF)
            print(f"\nCSV: {args.activities:,} activity rows (Pipedrive, "
                  f"{path.stat().st_size / 1024 / 1024:.0f} MB) into a store of the "
                  f"{args.clients:,} clients")
            print_runs(fresh, path, "activities", args.activities, "utf-8")
            t = timed_import(db, path, "activities")
            print(f"into the store that holds the {args.events:,} events too: "
                  f"{t['total']:.2f} s, {args.activities / t['total']:,.0f} rows/s "
                  f"(read {t['read']:.2f}, check {t['check']:.2f}, write {t['write']:.2f}; "
                  f"{load()})")
        if args.xlsx_clients:
            path = write_clients_xlsx(folder, args.xlsx_clients)
            print(f"\nXLSX: {args.xlsx_clients:,} client rows with date cells "
                  f"({path.stat().st_size / 1024 / 1024:.0f} MB)")
            print_runs(db, path, "clients", args.xlsx_clients, "xlsx")
        print(f"\n{load()}")


if __name__ == "__main__":
    main()
