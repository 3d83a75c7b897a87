"""Reading report files and the seed reports; shared by the commands and the page."""

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

from django.utils.translation import gettext

# Control characters a page or a feed may carry (NUL from a binary file read as
# text): PostgreSQL refuses NUL in text, and none of them is a report's.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(text: str) -> str:
    """text without control characters (tabs and line breaks kept)."""
    return _CONTROL.sub("", text)


class _TextOnly(HTMLParser):
    _SKIP = {"script", "style", "noscript", "head"}
    _BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "tr",
        "article",
        "section",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    lines = (line.strip() for line in printable("".join(parser.parts)).splitlines())
    return "\n".join(line for line in lines if line)


def article_text(html: str | bytes, *, url: str = "") -> str:
    """An article page's main text (trafilatura: the menus, the "Subscribe" and
    the related links left out; given bytes, it reads the page's own charset);
    the page's whole text where it finds none."""
    import trafilatura

    text = trafilatura.extract(
        html, url=url or None, include_comments=False, favor_precision=True
    )
    if text:
        return printable(text).strip()
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    return html_to_text(html)


def report_text_from_bytes(data: bytes, *, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            # The Add report page shows this; the commands run in English.
            gettext("%(name)s is not UTF-8 text (%(reason)s at byte %(byte)s)")
            % {"name": name, "reason": exc.reason, "byte": exc.start}
        ) from exc
    if name.lower().endswith((".html", ".htm")) or text.lstrip().startswith("<"):
        text = article_text(text)
    if not text.strip():
        raise ValueError(gettext("%(name)s has no text") % {"name": name})
    return text


def report_text_from_file(path: Path) -> str:
    if not path.is_file():
        raise ValueError(f"{path} does not exist or is not a file")
    if path.suffix.lower() not in {".txt", ".html", ".htm"}:
        raise ValueError(f"{path.name}: reports are .txt or .html files")
    return report_text_from_bytes(path.read_bytes(), name=path.name)


def report_file_and_date(path: Path, published: str) -> tuple[str, dt.date]:
    """A report file's text and its --published date, or a ValueError saying why not."""
    try:
        date = dt.date.fromisoformat(published)
    except ValueError:
        raise ValueError(
            f"--published {published!r} is not a date (YYYY-MM-DD)"
        ) from None
    return report_text_from_file(path), date


# What the seed files do not say about themselves: when and where they appeared.
# The dates are those of the attacks they describe (publication the same day).
SEED_REPORTS = {
    "000_5fad0b857c584b43.txt": {
        "published": "2024-06-13",
        "outlet": "TASS (via aggregator)",
    },
    "001_c67a95d22191ea58.txt": {"published": "2025-08-28", "outlet": "LN247"},
    "002_f9cf7102d32236eb.txt": {
        "published": "2025-11-14",
        "outlet": "AFP (via aggregator)",
    },
}


def seed_reports(seeds_dir: Path) -> list[tuple[Path, dt.date, str]]:
    found = []
    for name, meta in SEED_REPORTS.items():
        path = seeds_dir / name
        if path.exists():
            found.append(
                (path, dt.date.fromisoformat(meta["published"]), meta["outlet"])
            )
    return found
