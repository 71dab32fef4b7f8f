"""Screenshots of every page on a fresh demo store (for the README and reviews).

Run: .venv/bin/python scripts/screenshots.py [--lang en] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from playwright.sync_api import sync_playwright  # noqa: E402

from refdash.data import demo  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, goto  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="en", choices=["en", "fr", "it"])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--as-of", default="2026-11-26")
    parser.add_argument("--height", type=int, default=1000,
                        help="viewport height in pixels (Streamlit scrolls inside the page, so a "
                             "taller viewport shows more of it)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        demo.write_demo_store(db, n_clients=500, seed=7, as_of=args.as_of)
        server = StreamlitServer(db, env={"REFDASH_AS_OF": args.as_of}).start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": args.height})
                for script in sorted((ROOT / "pages").glob("*.py")):
                    name = script.stem
                    goto(page, server, "" if name == "portfolio" else name, f"lang={args.lang}")
                    page.wait_for_timeout(2500)  # plotly draws lazily
                    target = args.out / f"{name}-{args.lang}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
