"""Command line: ``python -m refdash <command>``.

Commands: ``demo`` (generate a demo store), ``info`` (counts and schema version); further
commands register themselves in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from refdash import i18n
from refdash.data import store
from refdash.data.store import failures
from refdash.errors import RefdashError


def _cmd_demo(args: argparse.Namespace) -> int:
    from refdash.data import demo
    from refdash.model import kept

    started = time.perf_counter()
    result = demo.write_demo_store(args.db, n_clients=args.clients, seed=args.seed,
                                   as_of=args.as_of)
    print(f"Demo store written to {result.path} in {time.perf_counter() - started:.1f} s: "
          f"{result.clients:,} clients, {result.events:,} events, {result.referrals:,} referrals, "
          f"{result.owners} sales leads (seed {args.seed}).")
    started = time.perf_counter()
    if kept.prepare(result.path):
        print(f"Ready for the dashboard's first open in {time.perf_counter() - started:.1f} s "
              "(the store read and its trust model kept beside it).")
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    result = store.info(args.db)
    print(f"store           {result.path}")
    print(f"schema version  {result.schema_version} (this refdash writes {store.SCHEMA_VERSION})")
    print(f"clients         {result.clients:,}")
    print(f"events          {result.events:,}")
    print(f"referrals       {result.referrals:,}")
    print(f"sales leads     {result.owners}")
    demo_text = f"yes (seed {result.demo_seed})" if result.is_demo else "no"
    print(f"demo data       {demo_text}")
    return 0


def _add_demo(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="generate a demo portfolio into a new store")
    p.add_argument("--clients", type=int, default=500, help="number of clients (default 500)")
    p.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p.add_argument("--as-of", default=None, help="the portfolio's today, YYYY-MM-DD (default: today)")
    p.add_argument("--db", type=Path, default=store.default_store_path(),
                   help="path of the new store (default: $REFDASH_DB or data/refdash.db)")
    p.set_defaults(func=_cmd_demo)


def _add_info(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="counts and schema version of a store")
    p.add_argument("--db", type=Path, default=store.default_store_path(),
                   help="the store (default: $REFDASH_DB or data/refdash.db)")
    p.set_defaults(func=_cmd_info)


#: Functions that add a subcommand to the parser (other modules' commands are appended here).
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [_add_demo, _add_info]

# import, export, backup, restore (refdash/cli/data.py)
from refdash.cli import data as data_cli  # noqa: E402

COMMANDS += data_cli.COMMANDS
# gate-check (refdash/cli/gate.py)
from refdash.cli import gate as gate_cli  # noqa: E402

COMMANDS += gate_cli.COMMANDS
# worklist (refdash/cli/worklist.py)
from refdash.cli import worklist as worklist_cli  # noqa: E402

COMMANDS += worklist_cli.COMMANDS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m refdash", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; errors print one clear line on stderr and exit non-zero."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except RefdashError as exc:
        # Commands with --lang report in that language; demo and info speak English.
        lang = i18n.normalise_language(getattr(args, "lang", None) or "en")
        print(f"error: {exc.message(lang)}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        # A failure of the store file that escaped its own wording (pandas wraps SQLite's
        # errors): named from SQLite's error code, never a traceback.
        cause = failures.sqlite_cause(exc)
        if cause is None:
            raise
        db = Path(getattr(args, "db", None) or store.default_store_path())
        lang = i18n.normalise_language(getattr(args, "lang", None) or "en")
        known = failures.classify(exc, db) or RefdashError(
            "store.failed", detail=failures.errorname(cause) or type(cause).__name__)
        print(f"error: {known.message(lang)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
