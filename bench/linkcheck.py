"""The link check of tests/test_publish_site.py over a whole published site: `python -m bench.linkcheck SITE`.

Every `href` and `src` of every HTML page that is not external must lead to a file of the site, and a
`#fragment` to an element with that id. A link to a resource's `index.ttl` leads to `index.ttl.gz`,
which the site's rewrite rules send for it.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")


def _read(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(page: Path, path: str) -> Path:
    target = (page.parent / unquote(path)).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    compressed = target.with_name(target.name + ".gz")
    return compressed if target.suffix == ".ttl" and not target.exists() and compressed.is_file() else target


def check(site: Path) -> tuple[int, int, list[str]]:
    """Pages read, internal links checked, and the broken ones (page → link)."""
    site = site.resolve()
    broken: list[str] = []
    checked = pages = 0
    anchors: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        pages += 1
        for link in _read(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = _target(page, parts.path)
            checked += 1
            if not target.is_file() or site not in target.parents:
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif parts.fragment and target.suffix == ".html":
                if target not in anchors:
                    anchors[target] = _read(target).ids
                if unquote(parts.fragment) not in anchors[target]:
                    broken.append(f"{page.relative_to(site)} -> {link} (no such anchor)")
    return pages, checked, broken


if __name__ == "__main__":
    pages, checked, broken = check(Path(sys.argv[1]))
    print(f"{pages} pages, {checked} internal links, {len(broken)} broken")
    for line in broken[:20]:
        print(line)
    sys.exit(1 if broken else 0)
