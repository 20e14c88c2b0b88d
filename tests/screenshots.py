"""Screenshots of what a user sees first: `python -m tests.screenshots OUTDIR [--store oxigraph:build/store]`.

Draws the states view, the meetings view and the map with `diplograph export html`, serves the
store with `diplograph serve` for the JP–PE relation page and the query editor (with the answer of a
catalogue example), and photographs each in headless Chromium with every non-local request blocked.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import chromium_browser, offline_page  # noqa: E402
from ld_server import running_server  # noqa: E402

VIEWPORT = {"width": 1400, "height": 900}


def _export(view: str, store: str, out: Path) -> Path:
    path = out / f"{view}.html"
    command = [sys.executable, "-m", "diplograph.cli", "export", "html", view, "--store", store, "--out", str(path)]
    subprocess.run(command, check=True)
    return path


def _shoot(browser, url: str, path: Path, ready: str | None = None, then=None) -> list[str]:
    blocked: list[str] = []
    page = offline_page(browser, blocked)
    page.set_viewport_size(VIEWPORT)
    page.goto(url)
    if ready:
        page.wait_for_function(ready, timeout=300_000)
    if then:
        then(page)
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))
    page.close()
    print(f"{path}{'  BLOCKED: ' + ', '.join(blocked) if blocked else ''}")
    return blocked


def _run_example(page) -> None:
    page.locator("a.example", has_text="between").first.click()
    page.wait_for_selector(".yasr table tbody tr", timeout=120_000)
    page.locator("#yasgui").scroll_into_view_if_needed()


def main(argv: list[str] | None = None) -> int:
    """Write states.png, meetings.png, map.png, relation-JP-PE.png and query.png into OUTDIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--store", default="oxigraph:build/store")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    drawn = "() => window.diplographStatus && window.diplographStatus.stabilized"
    blocked: list[str] = []
    with chromium_browser() as browser:
        for view in ("states", "meetings", "map"):
            page = _export(view, args.store, args.out)
            blocked += _shoot(browser, page.resolve().as_uri(), args.out / f"{view}.png", drawn)
        store = Path(args.store.split(":", 1)[1])
        with running_server(store.resolve(), args.out) as server:
            # vis-timeline keeps itself hidden for a moment after its items are in place
            timeline = (
                "() => !!window.diplographTimeline && document.querySelectorAll('.vis-item').length > 0"
                " && getComputedStyle(document.querySelector('.vis-timeline')).visibility === 'visible'"
            )
            blocked += _shoot(browser, server.url + "relation/JP-PE", args.out / "relation-JP-PE.png", timeline)
            blocked += _shoot(
                browser, server.url + "sparql", args.out / "query.png", "() => !!window.diplographYasgui", _run_example
            )
    return 1 if blocked else 0


if __name__ == "__main__":
    sys.exit(main())
