"""Screenshots of every page on a fresh demo store (for the README and reviews).

Run: .venv/bin/python scripts/screenshots.py [--lang en fr it] [--out docs/screenshots]

Each page at 1440x900 (``<page>-<lang>.png``, the first screen) and 390 px wide
(``<page>-<lang>-mobile.png``, 2400 px tall: most of the page).
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
    parser.add_argument("--lang", nargs="+", default=["en"], choices=["en", "fr", "it"])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--as-of", default="2026-11-26")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        demo.write_demo_store(db, n_clients=500, seed=7, as_of=args.as_of)
        server = StreamlitServer(db, env={"REFDASH_AS_OF": args.as_of}).start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                # Streamlit scrolls inside its main block: a tall phone viewport shows more of it.
                for width, height, suffix in ((1440, 900, ""), (390, 2400, "-mobile")):
                    page = browser.new_page(viewport={"width": width, "height": height})
                    for lang in args.lang:
                        for script in sorted((ROOT / "pages").glob("*.py")):
                            name = script.stem
                            goto(page, server, "" if name == "portfolio" else name, f"lang={lang}")
                            page.wait_for_timeout(2500)  # plotly draws lazily
                            target = args.out / f"{name}-{lang}{suffix}.png"
                            page.screenshot(path=str(target), full_page=bool(suffix))
                            print(target)
                    page.close()
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
