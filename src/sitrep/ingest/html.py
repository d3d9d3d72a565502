"""HTML pages to article text: trafilatura first, a tag-stripping fallback second."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

_BLOCK_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
               "iframe", "svg", "button", "template")
_logger = logging.getLogger(__name__)


@dataclass
class HtmlArticle:
    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    method: str = "trafilatura"


def _trafilatura(html: str):
    import trafilatura

    # Quiet trafilatura's own logging of "discarding" etc.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    return trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True,
        favor_precision=True, date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _fallback_text(html: str) -> tuple[str, str | None]:
    """Visible text of the body without scripts, navigation and boilerplate blocks."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - lxml raises several types on junk
        return re.sub(r"<[^>]+>", " ", html), None
    title_el = root.find(".//title")
    title = title_el.text_content().strip() if title_el is not None else None
    for el in [el for el in root.iter(*_BLOCK_TAGS)]:
        if el.getparent() is not None:
            el.drop_tree()
    body = root.find(".//body")
    node = body if body is not None else root
    paragraphs = []
    for block in node.iter("p", "h1", "h2", "h3", "li", "blockquote", "pre"):
        text = " ".join(block.text_content().split())
        if text:
            paragraphs.append(text)
    if not paragraphs:
        paragraphs = [" ".join(node.text_content().split())]
    return "\n".join(paragraphs), title or None


def fragment_text(markup: str) -> str:
    """Text of an HTML fragment (RSS descriptions), paragraphs on separate lines."""
    if "<" not in markup:
        return markup.strip()
    text, _ = _fallback_text(f"<html><body>{markup}</body></html>")
    return text.strip()


_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _page_title(html: str) -> str | None:
    match = _TITLE_RE.search(html[:200_000])
    return match.group(1) if match else None


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _drop_headline(text: str, titles: list[str | None]) -> str:
    """Remove a first line that only repeats the page title (it is kept in ``title``)."""
    first, _, rest = text.partition("\n")
    head = _norm(first)
    if rest.strip() and head and len(head.split()) <= 30 and any(
            t and (head == _norm(t) or head in _norm(t)) for t in titles):
        return rest.lstrip("\n")
    return text


def extract_html(html: str) -> HtmlArticle:
    """Main text and metadata of one HTML page (empty ``text`` when nothing is found)."""
    try:
        result = _trafilatura(html)
    except Exception as exc:  # noqa: BLE001 - trafilatura/lxml can fail on malformed pages
        _logger.debug("trafilatura failed: %s", exc)
        result = None
    if result is not None and (getattr(result, "text", None) or "").strip():
        title = getattr(result, "title", None) or None
        return HtmlArticle(
            text=_drop_headline(result.text.strip(), [title, _page_title(html)]),
            title=title,
            published=getattr(result, "date", None) or None,
            outlet=getattr(result, "sitename", None) or None,
            url=getattr(result, "url", None) or None,
        )
    text, title = _fallback_text(html)
    return HtmlArticle(text=text.strip(), title=title, method="fallback")
