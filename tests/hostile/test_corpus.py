"""The whole hostile corpus in one folder, built into a database that already holds a
reviewer's decisions: no traceback, every good document built, the bad ones named, the
decisions kept, and the TUI opens on the result with every text inert."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from builders import sample_database
from click.testing import CliRunner
from tui.conftest import make_app, settle

from workbench.cli import cli

from .inputs import (
    ANSI,
    BIDI,
    MARKUP_CLAIM,
    MARKUP_TITLE,
    OSC8,
    OSC52,
    RAW,
    SEVEN_THOUSAND_YEARS,
    emphasis_bomb,
    huge_paragraph,
    nested_html,
    story,
    stray_close_html,
    symbol_run,
)

GOOD = {  # file -> words its claims must quote
    "plain.txt": "exchange 1,000 prisoners",
    "old.txt": "founded 7,000 years ago",
    "long.txt": "12 people were injured",
    "symbols.txt": "agreed to exchange",
    "nested.html": "talks in Istanbul had ended",
    "stray.html": "talks in Ankara had ended",
    "bomb.md": "Delegates met on June 2, 2025",
    "markup.md": "prisoners [/] were",
    "escapes.txt": "agreed to exchange",
}
BAD = {  # file -> what its one error line says
    "charset.html": "not valid UTF-8",
    "sidecar.txt": "larger than 1 MB",
    "fifo.txt": "not a regular file",
}


def _corpus(folder):
    folder.mkdir()
    (folder / "plain.txt").write_text(story())
    (folder / "old.txt").write_text(SEVEN_THOUSAND_YEARS)
    (folder / "long.txt").write_text("Injuries in Kyiv\n\n" + huge_paragraph(20_000) + "\n")
    (folder / "symbols.txt").write_text(symbol_run(100_000) + "\n" + story())
    (folder / "nested.html").write_text(nested_html(10_000, "main"))
    (folder / "stray.html").write_text(stray_close_html(100_000))
    (folder / "bomb.md").write_text(emphasis_bomb(25_000))
    (folder / "markup.md").write_text(f"# {MARKUP_TITLE}\n\n{MARKUP_CLAIM}\n\n" + story())
    (folder / "escapes.txt").write_text(
        f"Talks {OSC52} and {BIDI}\n\n" + story(f"Envoys {ANSI} met {OSC8} on June 3.")
    )
    (folder / "charset.html").write_bytes(
        b'<html><head><meta charset="undefined"></head><body><article><p>Officials said on '
        b"June 2, 2025 that the caf\xe9 talks had ended.</p></article></body></html>")
    (folder / "sidecar.txt").write_text(story("A sidecar of a gigabyte came on June 4."))
    with open(folder / "sidecar.meta.json", "wb") as f:
        f.truncate(1024 ** 3)
    (folder / "feed.jsonl").write_text(json.dumps({
        "id": "x1", "title": f"Feed {MARKUP_TITLE} {OSC52}",
        "text": story(f"Feed item {OSC52} [/] arrived on June 5."),
    }) + "\n")
    os.mkfifo(folder / "fifo.txt")


@pytest.mark.slow
def test_the_hostile_corpus_builds_and_reviews(tmp_path, monkeypatch):
    from workbench.extract.nlp import load_nlp

    # pieces spaCy accepts whatever its limit: never E088 (its limit lowered to 10,000 here)
    monkeypatch.setattr(load_nlp(), "max_length", 10_000)
    path = tmp_path / "w.db"
    sample_database(path)
    conn = sqlite3.connect(path)
    accepted = conn.execute("SELECT id FROM groups ORDER BY id LIMIT 2").fetchall()
    conn.executemany("UPDATE groups SET status = 'accepted', version = version + 1 "
                     "WHERE id = ?", accepted)
    from workbench.extract import current_version

    conn.execute("UPDATE documents SET extractor_version = ?", [current_version()])
    conn.commit()
    decided = conn.execute("SELECT id, status, title FROM groups WHERE status = 'accepted'"
                           ).fetchall()
    conn.close()
    folder = tmp_path / "hostile"
    _corpus(folder)

    result = CliRunner().invoke(cli, ["--db", str(path), "build", str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    for ch in RAW:
        assert ch not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    for name, words in BAD.items():
        assert [e for e in errors if name in e and words in e], (name, errors)
    assert len(errors) == len(BAD), errors

    conn = sqlite3.connect(path)
    quoted = {}
    for doc_path, text in conn.execute(
            "SELECT d.path, c.text FROM claims c JOIN documents d ON d.id = c.document_id"):
        quoted.setdefault(os.path.basename(doc_path).split(":")[0], []).append(text)
    for name, words in GOOD.items():
        assert any(words in q for q in quoted.get(name, [])), (name, quoted.get(name))
    assert quoted.get("feed.jsonl")
    # nothing already in the database lost: a decided group keeps its title and its
    # decision, or is back in the queue marked as having new evidence
    for gid, status, title in decided:
        now, title_now, changed = conn.execute(
            "SELECT status, title, changed_since_review FROM groups WHERE id = ?",
            [gid]).fetchone()
        assert title_now == title and (now == status or changed == 1)
    assert conn.execute("SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM "
                        "group_members m WHERE m.claim_id = c.id)").fetchone()[0] == 0
    conn.close()
    assert CliRunner().invoke(cli, ["--db", str(path), "check"]).exit_code == 0


async def test_the_tui_opens_on_the_hostile_corpus(tmp_path):
    """The same texts as groups (no spaCy): the app starts and every row is inert."""
    from builders import Builder

    from workbench.db import connect

    path = tmp_path / "w.db"
    db = connect(path)
    b = Builder(db)
    for i, title in enumerate([MARKUP_TITLE, f"Feed {OSC52} {BIDI}", f"{ANSI} {OSC8}",
                               "[@click=app.quit]", "x\\", "[/]"]):
        text = f"Claim {title} number {i} was made on June {i + 2}.\n"
        d = b.document(text, title=title, path=f"in/{title}.txt")
        b.group([b.claim(d, text.strip(), date=f"2025-06-{i + 2:02d}")], title=title)
    b.commit()
    db.conn.close()
    app = make_app(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for _ in range(6):
            await pilot.press("j")
            await settle(pilot)
            shown = app.export_screenshot()
            for ch in RAW:
                assert ch not in shown
        assert app.is_running and app.return_code is None
