"""Input readers: every format, and the bad inputs a batch must survive."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sitrep.ingest import InputDocument, InputError, read_inputs
from sitrep.model import Document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REPORT = ("ANKARA - Turkish artillery shelled government positions near Saraqib on Monday after a convoy "
          "came under fire, the defence ministry said. Two soldiers were wounded.")


def read(*paths, **kwargs):
    return list(read_inputs([str(p) for p in paths], **kwargs))


def only_doc(items) -> InputDocument:
    assert len(items) == 1 and isinstance(items[0], InputDocument), items
    return items[0]


def only_error(items) -> InputError:
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


# --- plain text --------------------------------------------------------------------------------

def test_txt_file_uses_stem_and_fills_missing_metadata(tmp_path):
    path = tmp_path / "saraqib-report.txt"
    path.write_text(REPORT + "\n", encoding="utf-8")
    doc = only_doc(read(path, published="2020-02-03", outlet="Anadolu Agency"))
    assert isinstance(doc, Document)
    assert doc.text == REPORT + "\n"          # offsets refer to the file as it is
    assert (doc.id, doc.published, doc.outlet) == ("saraqib-report", "2020-02-03", "Anadolu Agency")
    assert doc.warnings == []
    assert doc.to_dict() == {"text": REPORT + "\n", "id": "saraqib-report", "title": None,
                             "published": "2020-02-03", "outlet": "Anadolu Agency", "url": None}


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Clashes near Ma\u2019arrat al-Nu\u2019man, caf\xe9 destroyed.".encode("cp1252"))
    doc = only_doc(read(path))
    assert "\ufffd" in doc.text and "Clashes near Ma" in doc.text
    assert any("UTF-8" in w for w in doc.warnings)


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + REPORT.encode())
    assert only_doc(read(path)).text == REPORT


def test_binary_file_is_an_error(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    error = only_error(read(path))
    assert "binary" in error.message and error.id == "photo"


def test_mostly_control_bytes_is_binary_even_without_nul(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 200 + b"some words")
    assert "binary" in only_error(read(path)).message


def test_empty_and_whitespace_only_text(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\t \n")
    errors = read(tmp_path / "empty.txt", tmp_path / "blank.txt")
    assert [e.message for e in errors] == ["empty text", "empty text"]


def test_too_large_document(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 400)
    error = only_error(read(path, max_chars=1000))
    assert error.message.startswith("document too large") and "MB" in error.message
    assert isinstance(only_doc(read(path, max_chars=5000)), InputDocument)


def test_a_single_path_may_be_given_without_a_list(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(REPORT)
    assert [d.id for d in read_inputs(str(path))] == ["one"]
    assert [d.id for d in read_inputs(path)] == ["one"]


def test_missing_path_is_an_error_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(REPORT)
    items = read(tmp_path / "nope.txt", good)
    assert isinstance(items[0], InputError) and "no such file" in items[0].message
    assert isinstance(items[1], InputDocument)
    assert str(items[0]).endswith("no such file or directory")


# --- HTML --------------------------------------------------------------------------------------

ARTICLE_PARAS = [
    ("IDLIB, Syria - Air strikes hit a market in the town of Ariha on Thursday, killing at least nine "
     "civilians, a monitoring group and rescuers said."),
    ("The monitor said the raids were carried out by Russian aircraft, while rescuers said they were still "
     "searching the rubble of two collapsed buildings for survivors late in the evening."),
    "Russia's Defence Ministry denied that its aircraft had flown any missions near the town that day.",
]
NOISY_HTML = f"""<!DOCTYPE html><html><head><title>Strikes hit Ariha market | Demo News</title>
<meta property="og:site_name" content="Demo News">
<meta property="article:published_time" content="2020-01-30T18:00:00+03:00">
<script>var tracker = "SECRET_TRACKER_CODE"; function go() {{ return tracker; }}</script>
<style>.x {{ color: red }}</style></head>
<body><nav><a href="/">Home</a> <a href="/sport">Sport section</a> <a href="/weather">Weather today</a></nav>
<div class="ad">BUY CHEAP FLIGHTS NOW</div>
<article><h1>Strikes hit Ariha market</h1>
{''.join(f'<p>{p}</p>' for p in ARTICLE_PARAS)}
<script>document.write("INJECTED_AD_TEXT");</script></article>
<aside><h3>Popular</h3><ul><li>Celebrity wedding photos</li><li>Ten tips for gardening</li></ul></aside>
<footer>Copyright Demo News, all rights reserved</footer>
<script>console.log("FOOTER_SCRIPT_TEXT")</script></body></html>"""


def test_html_page_keeps_only_the_article(tmp_path):
    path = tmp_path / "ariha.html"
    path.write_text(NOISY_HTML, encoding="utf-8")
    doc = only_doc(read(path, outlet="Fallback Outlet"))
    for para in ARTICLE_PARAS:
        assert para in doc.text
    for junk in ("SECRET_TRACKER_CODE", "INJECTED_AD_TEXT", "FOOTER_SCRIPT_TEXT", "BUY CHEAP FLIGHTS",
                 "Sport section", "Celebrity wedding", "Copyright Demo News", "color: red"):
        assert junk not in doc.text
    assert doc.text.startswith("IDLIB, Syria")          # the repeated headline is moved to title
    assert doc.title and "Ariha" in doc.title
    assert doc.published and doc.published.startswith("2020-01-30")
    assert doc.outlet == "Demo News"                      # the page's own metadata wins
    assert doc.id == "ariha"


def test_html_with_only_scripts_is_empty(tmp_path):
    path = tmp_path / "scripts.htm"
    path.write_text("<html><head><script>var a = 'not an article';</script></head><body>"
                    "<script>alert('still not an article')</script></body></html>")
    assert only_error(read(path)).message == "empty text"


def test_html_fallback_strips_scripts_and_navigation():
    from sitrep.ingest.html import _fallback_text

    text, title = _fallback_text("<html><head><title>T</title><script>x()</script></head><body>"
                                 "<nav><p>Menu item</p></nav><p>Shelling hit Saraqib.</p>"
                                 "<footer><p>Legal</p></footer></body></html>")
    assert text == "Shelling hit Saraqib." and title == "T"


# --- JSON Lines --------------------------------------------------------------------------------

def test_jsonl_good_and_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": REPORT, "published": "2020-02-03", "outlet": "TASS", "title": "T"}),
        "{not json at all",
        json.dumps({"id": "no-text", "title": "headline only"}),
        "",
        json.dumps({"text": "Second report without an id about shelling near Taftanaz."}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "num", "text": 42}),
        json.dumps({"id": "blank", "text": "   "}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path, outlet="Default Outlet", published="2020-03-01")
    kinds = [(type(i).__name__, i.id) for i in items]
    assert kinds == [("InputDocument", "a1"), ("InputError", "batch-2"), ("InputError", "no-text"),
                     ("InputDocument", "batch-5"), ("InputError", "batch-6"), ("InputError", "num"),
                     ("InputError", "blank")]
    first, bad_json, no_text, second, not_obj, num, blank = items
    assert (first.outlet, first.published, first.title, first.line) == ("TASS", "2020-02-03", "T", 1)
    assert (second.outlet, second.published) == ("Default Outlet", "2020-03-01")
    assert bad_json.line == 2 and "line 2" in bad_json.message and "JSON" in bad_json.message
    assert 'missing "text"' in no_text.message
    assert "not a JSON object" in not_obj.message
    assert "not a string" in num.message
    assert blank.message == "empty text"
    assert bad_json.to_dict() == {"id": "batch-2", "source": str(path), "message": bad_json.message, "line": 2}


def test_jsonl_oversized_documents_and_lines(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "long", "text": "x " * 300}),
        json.dumps({"id": "huge", "text": "y" * 200_000}),      # longer than the raw-line limit too
        json.dumps({"id": "ok", "text": "short report"}),
    ]))
    items = read(path, max_chars=100)
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "InputDocument"]
    assert all("document too large" in e.message for e in items[:2])
    assert items[1].line == 2 and items[2].id == "ok"


def test_jsonl_invalid_utf8_line_warns(tmp_path):
    path = tmp_path / "enc.jsonl"
    path.write_bytes(b'{"id": "e", "text": "Kafranbel \xff captured"}\n')
    doc = only_doc(read(path))
    assert "\ufffd" in doc.text and doc.warnings


class _OneChunkThenFail(io.RawIOBase):
    """A stream that serves one chunk and then fails: proves reading is incremental."""

    def __init__(self, first: bytes):
        self.first = first

    def readable(self):
        return True

    def read(self, size=-1):
        if self.first is None:
            raise AssertionError("the reader asked for more input than it needed")
        data, self.first = self.first, None
        return data


def test_jsonl_from_stdin_is_streamed():
    first_line = json.dumps({"id": "s1", "text": REPORT}).encode() + b"\n"
    stream = _OneChunkThenFail(first_line + b'{"id": "s2", "text": "part')
    items = read_inputs(["-"], stdin=stream)
    doc = next(items)
    assert doc.id == "s1" and doc.source == "<stdin>"


@pytest.mark.parametrize("payload, expected_id, expected_start", [
    (json.dumps({"text": "stdin report one"}) + "\n" + json.dumps({"text": "two"}), "stdin-1", "stdin report"),
    ("<html><body><article><p>" + REPORT + "</p></article></body></html>", "stdin", "ANKARA"),
    ("  Plain report: clashes near Kafr Nabl left four fighters dead.", "stdin", "  Plain report"),
])
def test_stdin_format_detection(payload, expected_id, expected_start):
    items = list(read_inputs(["-"], stdin=io.BytesIO(payload.encode()), published="2020-02-25"))
    assert items[0].id == expected_id and items[0].text.startswith(expected_start)
    assert items[0].published == "2020-02-25"


def test_stdin_binary_and_empty():
    assert "binary" in only_error(list(read_inputs(["-"], stdin=io.BytesIO(b"\x00\x01\x02abc")))).message
    assert only_error(list(read_inputs(["-"], stdin=io.BytesIO(b"")))).message == "empty text"


# --- CSV ---------------------------------------------------------------------------------------

def test_csv_columns_quotes_and_bad_rows(tmp_path):
    path = tmp_path / "reports.csv"
    path.write_text(
        'ID,Title,Text,Published,Outlet,URL\n'
        'c1,Strike,"Strikes hit Ariha, killing nine.\nRescuers searched the rubble.",2020-01-30,AFP,'
        'https://x.example.org/1\n'
        'c2,Empty,,2020-01-31,AFP,\n'
        ',No id,"Protest on the M4 highway near Nayrab.",,,\n', encoding="utf-8")
    items = read(path, outlet="CSV Outlet")
    assert [type(i).__name__ for i in items] == ["InputDocument", "InputError", "InputDocument"]
    first, empty, third = items
    assert first.text == "Strikes hit Ariha, killing nine.\nRescuers searched the rubble."
    assert (first.id, first.title, first.outlet, first.url) == ("c1", "Strike", "AFP", "https://x.example.org/1")
    assert empty.id == "c2" and empty.message == "empty text"
    assert third.id == "reports-4" and third.outlet == "CSV Outlet"


def test_csv_without_text_column(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("id,headline\n1,Something\n")
    assert 'no "text" column' in only_error(read(path)).message


# --- RSS / Atom --------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Demo Feed</title>
<item><title>Shelling near Morek</title><link>https://feed.example.org/1</link><guid>g-1</guid>
<pubDate>Sat, 01 Feb 2020 23:30:00 +0300</pubDate>
<description>&lt;p&gt;Shells landed near a Turkish post.&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;</description></item>
<item><title>Camps overcrowded</title><link>https://feed.example.org/2</link>
<content:encoded><![CDATA[<p>Families reached the border camps.</p><p>Aid groups asked for tents.</p>]]></content:encoded>
</item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Demo</title>
<entry><title>Patrol shortened</title><id>urn:demo:1</id><published>2020-03-15T12:00:00Z</published>
<link rel="alternate" href="https://atom.example.org/1"/><summary>The first joint patrol was cut short.</summary></entry>
</feed>"""


def test_rss_items(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    first, second = read(path)
    assert (first.id, first.title, first.published, first.url) == (
        "g-1", "Shelling near Morek", "2020-02-01", "https://feed.example.org/1")
    assert first.text == "Shells landed near a Turkish post." and "evil" not in first.text
    assert first.outlet == "Demo Feed"
    assert second.id == "feed-2" and second.text == "Families reached the border camps.\nAid groups asked for tents."
    assert second.published is None


def test_atom_entries(tmp_path):
    path = tmp_path / "atom.xml"
    path.write_text(ATOM, encoding="utf-8")
    doc = only_doc(read(path))
    assert (doc.id, doc.published, doc.url, doc.outlet) == (
        "urn:demo:1", "2020-03-15", "https://atom.example.org/1", "Atom Demo")


def test_malformed_and_empty_feeds(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel><item><title>x</title><description>text</description></item><item>")
    items = read(broken)
    assert isinstance(items[0], InputDocument) and "malformed XML" in items[-1].message
    empty = tmp_path / "empty.xml"
    empty.write_text("<rss><channel><title>Nothing</title></channel></rss>")
    assert "no RSS" in only_error(read(empty)).message


# --- folders -----------------------------------------------------------------------------------

def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b.txt").write_text("Report B about shelling in Ariha.")
    (tmp_path / "a.txt").write_text("Report A about a protest in al-Bab.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_text("<html><body><p>Report C from a web page.</p></body></html>")
    (tmp_path / "sub" / "d.jsonl").write_text(json.dumps({"text": "Report D"}) + "\n")
    (tmp_path / "notes.md").write_text("not read")
    (tmp_path / ".hidden.txt").write_text("not read either")
    (tmp_path / "e.bin.txt").write_bytes(b"\x00\x00\x00")
    items = read(tmp_path)
    assert [i.id for i in items] == ["a", "b", "e.bin", "sub/c", "sub/d-1"]
    assert isinstance(items[2], InputError) and "binary" in items[2].message


def test_example_corpus_and_files_read_cleanly():
    corpus = read(EXAMPLES / "corpus.jsonl")
    assert len(corpus) >= 44 and all(isinstance(d, InputDocument) and not d.warnings for d in corpus)
    assert len({d.id for d in corpus}) == len(corpus)
    files = read(EXAMPLES / "files")
    assert len(files) >= 5 and all(isinstance(d, InputDocument) for d in files)
    page = next(d for d in files if d.id == "taftanaz-shelling")
    assert "renderAd" not in page.text and "Subscribe now" not in page.text and "Taftanaz" in page.text
