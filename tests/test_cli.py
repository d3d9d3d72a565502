"""The `sitrep extract` command: formats, stdin, batches with bad documents, exit codes."""
from __future__ import annotations

import json

from click.testing import CliRunner

from sitrep.cli import main

REPORT = ("Syrian government warplanes bombed the town of Saraqib on Tuesday, killing five civilians, "
          "the Syrian Observatory for Human Rights said.")


def _run(args, stdin=None):
    return CliRunner().invoke(main, args, input=stdin)


def test_single_file_with_published_and_outlet(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = _run(["extract", str(path), "--published", "2020-02-05", "--outlet", "AFP", "-o", "-",
                   "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout.strip().splitlines()[0])
    assert doc["outlet"] == "AFP" and doc["published"] == "2020-02-05"
    strikes = [e for e in doc["events"] if e["type"] == "AIR_STRIKE"]
    assert strikes and strikes[0]["date"]["start"] == "2020-02-04"
    assert any(c["killed"] == 5 for e in strikes for c in e["casualties"])


def test_table_format_shows_one_row_per_event(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = _run(["extract", str(path), "--published", "2020-02-05", "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "AIR_STRIKE" in result.output and "Saraqib" in result.output


def test_stdin_html_to_json(tmp_path):
    html = f"<html><head><script>alert(1)</script></head><body><article><p>{REPORT}</p></article></body></html>"
    result = _run(["extract", "-", "--format", "json", "--published", "2020-02-05"], stdin=html)
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert len(docs) == 1 and docs[0]["events"]
    assert "alert" not in json.dumps(docs[0]["events"])


def test_batch_goes_on_after_bad_lines_and_exit_code_says_so(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": "good", "text": REPORT, "published": "2020-02-05"}),
             "{this is not json",
             json.dumps({"id": "empty", "text": "   "}),
             json.dumps({"id": "good2", "text": REPORT})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = _run(["extract", str(path), "-o", str(out)])
    assert result.exit_code == 1
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in docs][0] == "good" and docs[-1]["id"] == "good2"
    assert len(docs) == 4
    assert docs[0]["events"] and docs[-1]["events"]
    assert sum(1 for d in docs if d.get("error")) == 2
    assert "failed" in result.stderr


def test_invalid_utf8_and_binary_files(tmp_path):
    bad = tmp_path / "latin.txt"
    bad.write_bytes(REPORT.encode("utf-8") + b" caf\xe9 \xff")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 50)
    out = tmp_path / "out.jsonl"
    result = _run(["extract", str(bad), str(binary), "-o", str(out)])
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 2
    assert docs[0]["events"] and not docs[0].get("error")
    assert docs[1].get("error")
    assert result.exit_code == 1


def test_missing_file_and_bad_date_are_clear_errors(tmp_path):
    result = _run(["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    result = _run(["extract", "x.txt", "--published", "21/02/2020"])
    assert result.exit_code == 2 and "ISO date" in result.output


def test_python_api_returns_typed_records():
    import sitrep

    result = sitrep.extract(REPORT, published="2020-02-05", outlet="AFP")
    assert result.events and result.to_dict()["events"][0]["evidence"]["start"] >= 0
