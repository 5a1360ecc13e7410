"""Incremental builds: new documents regroup only the stories they touch, and the result
is the one a full grouping of the whole collection gives."""

from __future__ import annotations

import json
import random
import sqlite3

import pytest

from workbench.db import connect, insert_row, now
from workbench.group import incremental, regroup
from workbench.group.config import GroupingConfig

# Four stories, each told by several sources in their own words: every sentence a claim
# (trigger, names, day). Enough documents (over 20) for the engine to find stories.
STORIES = {
    "quake": [
        ("An earthquake of magnitude 6.1 struck Pellaro in Calabria on March 3, 2021.",
         "struck", ["Pellaro", "Calabria"], "2021-03-03", True),
        ("Rescuers pulled eleven survivors from the rubble of Pellaro on March 4, 2021.",
         "pulled", ["Pellaro"], "2021-03-04", True),
        ("The mayor of Pellaro declared three days of mourning on March 5, 2021.",
         "declared", ["Pellaro"], "2021-03-05", True),
        ("Aftershocks still shake the hills around Pellaro.", "shake", ["Pellaro"], None,
         False),
    ],
    "election": [
        ("Marco Ruspoli won the presidential election in Vetrania on May 9, 2021.",
         "won", ["Marco Ruspoli", "Vetrania"], "2021-05-09", True),
        ("Ilda Konar conceded defeat in Vetrania on May 10, 2021.",
         "conceded", ["Ilda Konar", "Vetrania"], "2021-05-10", True),
        ("Ruspoli was sworn in before the Vetranian parliament on May 20, 2021.",
         "sworn", ["Marco Ruspoli"], "2021-05-20", True),
        ("Ruspoli promises reforms of the Vetranian courts.", "promises", ["Marco Ruspoli"],
         None, False),
    ],
    "fire": [
        ("A wildfire burned forty homes near Oakridge in Delmont County on July 14, 2021.",
         "burned", ["Oakridge", "Delmont County"], "2021-07-14", True),
        ("Deputies evacuated two thousand residents of Oakridge on July 15, 2021.",
         "evacuated", ["Oakridge"], "2021-07-15", True),
        ("Firefighters contained the Oakridge blaze on July 19, 2021.",
         "contained", ["Oakridge"], "2021-07-19", True),
    ],
    "strike": [
        ("Dock workers in Harmsport walked out over pay on September 2, 2021.",
         "walked", ["Harmsport"], "2021-09-02", True),
        ("The Harmsport port authority closed the container terminal on September 3, 2021.",
         "closed", ["Harmsport"], "2021-09-03", True),
        ("Unions and the Harmsport port authority signed a wage deal on September 9, 2021.",
         "signed", ["Harmsport"], "2021-09-09", True),
    ],
    "flood": [
        ("The river Sarne flooded the old town of Sarnico on October 21, 2021.",
         "flooded", ["Sarne", "Sarnico"], "2021-10-21", True),
        ("Soldiers rescued six hundred people from Sarnico on October 22, 2021.",
         "rescued", ["Sarnico"], "2021-10-22", True),
        ("The Sarnico flood damaged the medieval bridge of the town.", "damaged",
         ["Sarnico"], None, True),
    ],
    "match": [
        ("Dravo United beat Kesterton 3-1 in the cup final at Halden Park on April 17, 2021.",
         "beat", ["Dravo United", "Kesterton", "Halden Park"], "2021-04-17", True),
        ("The Dravo captain lifted the trophy before a crowd of fans on April 17, 2021.",
         "lifted", ["Dravo"], "2021-04-17", True),
        ("Supporters paraded through Dravo on April 18, 2021.", "paraded", ["Dravo"],
         "2021-04-18", True),
    ],
    "merger": [
        ("Tellmark agreed to buy the chipmaker Quorvex for nine billion euros on June 8, 2021.",
         "agreed", ["Tellmark", "Quorvex"], "2021-06-08", True),
        ("Quorvex shareholders approved the Tellmark offer on June 30, 2021.", "approved",
         ["Quorvex", "Tellmark"], "2021-06-30", True),
        ("Regulators opened an inquiry into the Quorvex takeover on July 2, 2021.", "opened",
         ["Quorvex"], "2021-07-02", True),
    ],
    "launch": [
        ("The Ostrava rocket lofted the weather satellite Meteor-K into orbit on August 11, "
         "2021.", "lofted", ["Ostrava", "Meteor-K"], "2021-08-11", True),
        ("Engineers received the first Meteor-K pictures on August 13, 2021.", "received",
         ["Meteor-K"], "2021-08-13", True),
        ("The Meteor-K mission will last seven years.", "last", ["Meteor-K"], None, False),
    ],
}
# How the sources differ: words of their own around the same facts (each story's
# sources their own: no two stories share a sentence, so each is a unit of its own).
VOICES = ["Reporters on the scene said so.", "Local radio confirmed the account.",
          "Witnesses described what they saw.", "A spokesman gave the figures.",
          "Agencies carried the report.", "The regional paper published photographs.",
          "Television crews filmed the aftermath.", "Officials repeated the numbers.",
          "Neighbours shared videos online.", "A correspondent filed from nearby.",
          "The wire service updated its bulletin.", "Bloggers posted eyewitness notes.",
          "Photographers captured dramatic images.", "An anchor read the statement aloud.",
          "Columnists weighed the consequences.", "Students followed the livestream."]


def articles(story: str, count: int, seed: int) -> list[tuple[str, list[tuple]]]:
    """``count`` articles on ``story``: each tells most of its facts, in its own order,
    with a sentence of its own between them."""
    rng = random.Random(seed)
    out = []
    for k in range(count):
        facts = [f for f in STORIES[story] if rng.random() < 0.85] or STORIES[story][:1]
        text, claims = "", []
        for fact in facts:
            start = len(text)
            text += fact[0] + " "
            claims.append((start, *fact))
            text += rng.choice(VOICES[list(STORIES).index(story)::len(STORIES)]) + "\n"
        out.append((f"{story}-{seed}-{k}", text, claims))
    return out


# A collection this small moves the limits that are shares of it
# (``GroupingConfig.claim_limits``) every few claims: the event-word limit (5 % of the
# claims) binds in most of its stories, and an incremental build must regroup every
# story a moved limit binds in (``test_a_moved_limit_regroups_the_units_it_binds_in``).
# The other tests keep that limit out of the way.
ROOMY = GroupingConfig(event_word_max_df=0.2)

CORPUS_A = (articles("quake", 6, 1) + articles("election", 10, 2) + articles("fire", 10, 3)
            + articles("strike", 10, 4) + articles("match", 10, 7) + articles("merger", 10, 8)
            + articles("launch", 10, 9))
# B: two more reports of the earthquake (a story A has) and a story A does not have
CORPUS_B = articles("quake", 2, 5) + articles("flood", 4, 6)


def add(db, corpus) -> None:
    with db.conn:
        for name, text, claims in corpus:
            doc = insert_row(db, "documents", {
                "content_hash": name, "path": name, "format": "txt", "text": text,
                "ingested_at": now(), "extracted_at": now()})
            for start, sentence, trigger, names, date, past in claims:
                ents = [{"text": n, "label": "GPE", "norm": n.lower(),
                         "start": sentence.index(n), "end": sentence.index(n) + len(n)}
                        for n in names if n in sentence]
                insert_row(db, "claims", {
                    "document_id": doc, "char_start": start, "char_end": start + len(sentence),
                    "text": sentence, "date": date, "date_precision": "day" if date else None,
                    "date_provenance": "explicit" if date else "none", "date_text": date,
                    "trigger": trigger, "entities": json.dumps(ents), "numbers": "[]",
                    "aspect": "past" if past else "present", "created_at": now()})


def snapshot(db) -> dict:
    """What a reviewer sees, by member claims (document, offset), not by ids: each group's
    members, title, date, background flag and conflicts, and the importance order."""
    key = {cid: (path, start) for cid, path, start in db.execute(
        "SELECT c.id, d.path, c.char_start FROM claims c JOIN documents d ON d.id = c.document_id")}
    members: dict[int, set] = {}
    for cid, gid in db.execute("SELECT claim_id, group_id FROM group_members"):
        members.setdefault(gid, set()).add(key[cid])
    groups = {}
    order = []
    for gid, title, date, precision, background, sources, importance in db.execute(
            "SELECT id, title, event_date, date_precision, background, sources, importance "
            "FROM groups ORDER BY importance DESC, event_date, id"):
        conflicts = sorted((kind, subject, values) for kind, subject, values in db.execute(
            "SELECT kind, subject, \"values\" FROM conflicts WHERE group_id = ?", [gid]))
        who = frozenset(members[gid])
        groups[who] = (title, date, precision, background, sources, round(importance, 6),
                       conflicts)
        order.append((round(importance, 6), who))
    return {"groups": groups, "importance": sorted(order, key=lambda x: (-x[0], sorted(x[1])))}


@pytest.fixture
def built(tmp_path):
    """A grouped, then B added and grouped incrementally; and A and B grouped at once."""
    inc = connect(tmp_path / "inc.db")
    add(inc, CORPUS_A)
    regroup(inc, config=ROOMY)
    full = connect(tmp_path / "full.db")
    add(full, CORPUS_A + CORPUS_B)
    regroup(full, config=ROOMY)
    yield inc, full
    inc.conn.close()
    full.conn.close()


def test_adding_documents_regroups_only_the_stories_they_touch(built):
    inc, _ = built
    untouched = {gid: row for gid, *row in inc.execute(
        "SELECT g.id, g.title, g.event_date, g.version, g.updated_at FROM groups g "
        "WHERE NOT EXISTS (SELECT 1 FROM group_members m JOIN claims c ON c.id = m.claim_id "
        "JOIN documents d ON d.id = c.document_id WHERE m.group_id = g.id "
        "AND d.path LIKE 'quake-%')")}
    add(inc, CORPUS_B)
    report = regroup(inc, incremental=True, config=ROOMY)
    assert report.incremental
    quake_and_flood = inc.execute(
        "SELECT count(*) FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE d.path LIKE 'quake-%' OR d.path LIKE 'flood-%'").fetchone()[0]
    assert report.regrouped == quake_and_flood < report.claims
    after = {gid: row for gid, *row in inc.execute(
        "SELECT id, title, event_date, version, updated_at FROM groups")}
    assert {gid: after.get(gid) for gid in untouched} == untouched


def test_incremental_equals_a_full_grouping(built):
    inc, full = built
    add(inc, CORPUS_B)
    regroup(inc, incremental=True, config=ROOMY)
    got, want = snapshot(inc), snapshot(full)
    assert got["groups"] == want["groups"]
    assert got["importance"] == want["importance"]


def test_a_decision_on_an_untouched_group_survives_an_incremental_add(built):
    inc, _ = built
    gid = inc.execute(
        "SELECT m.group_id FROM group_members m JOIN claims c ON c.id = m.claim_id "
        "JOIN documents d ON d.id = c.document_id WHERE d.path LIKE 'election-%' "
        "AND c.text LIKE 'Marco Ruspoli won%'").fetchone()[0]
    with inc.conn:
        inc.execute("UPDATE groups SET status = 'accepted', title = 'Ruspoli elected', "
                    "note = 'two sources', edited = '[\"title\"]' WHERE id = ?", [gid])
    row = inc.execute("SELECT * FROM groups WHERE id = ?", [gid]).fetchone()
    members = inc.execute("SELECT * FROM group_members WHERE group_id = ? ORDER BY claim_id",
                          [gid]).fetchall()
    decisions = inc.execute("SELECT count(*) FROM decisions").fetchone()[0]
    add(inc, CORPUS_B)
    assert regroup(inc, incremental=True, config=ROOMY).incremental
    assert inc.execute("SELECT * FROM groups WHERE id = ?", [gid]).fetchone() == row
    assert inc.execute("SELECT * FROM group_members WHERE group_id = ? ORDER BY claim_id",
                       [gid]).fetchall() == members
    assert inc.execute("SELECT count(*) FROM decisions").fetchone()[0] == decisions


def test_a_re_extracted_document_regroups_its_story(built):
    inc, _ = built
    doc, = inc.execute("SELECT id FROM documents WHERE path = 'fire-3-0'").fetchone()
    # re-extraction (a corrected publication date, a new extractor) stamps the document
    # anew and may date its claims otherwise
    with inc.conn:
        inc.execute("UPDATE documents SET extracted_at = ? WHERE id = ?",
                    ["2099-01-01T00:00:00", doc])
        inc.execute("UPDATE claims SET date = '2021-07-16' WHERE document_id = ? "
                    "AND text LIKE 'Deputies evacuated%'", [doc])
    report = regroup(inc, incremental=True, config=ROOMY)
    fire = inc.execute("SELECT count(*) FROM claims c JOIN documents d ON d.id = c.document_id "
                       "WHERE d.path LIKE 'fire-%'").fetchone()[0]
    assert report.incremental and report.regrouped == fire
    date = inc.execute(
        "SELECT g.event_date FROM groups g JOIN group_members m ON m.group_id = g.id "
        "JOIN claims c ON c.id = m.claim_id WHERE c.document_id = ? "
        "AND c.text LIKE 'Deputies evacuated%'", [doc]).fetchone()[0]
    assert date in ("2021-07-15", "2021-07-16")
    conflicts = inc.execute(
        "SELECT count(*) FROM conflicts k JOIN group_members m ON m.group_id = k.group_id "
        "JOIN claims c ON c.id = m.claim_id WHERE c.document_id = ? AND k.kind = 'date'",
        [doc]).fetchone()[0]
    assert conflicts >= 1  # the other sources say July 15: the reviewer sees it


def test_nothing_new_regroups_nothing(built):
    inc, _ = built
    before = inc.execute("SELECT * FROM groups ORDER BY id").fetchall()
    report = regroup(inc, incremental=True, config=ROOMY)
    assert report.incremental and report.regrouped == 0
    assert inc.execute("SELECT * FROM groups ORDER BY id").fetchall() == before


def test_a_large_change_groups_everything(tmp_path):
    db = connect(tmp_path / "w.db")
    add(db, CORPUS_A[:24])
    regroup(db, config=ROOMY)
    add(db, CORPUS_A[24:] + CORPUS_B)  # 18 documents more to 24: past the share
    report = regroup(db, incremental=True, config=ROOMY)
    assert not report.incremental and report.regrouped == report.claims
    db.conn.close()


@pytest.mark.slow
def test_build_into_a_grouped_database_regroups_only_the_stories_new_articles_join(tmp_path):
    """The product path: `workbench build A/`, a decision, then `workbench build B/`
    (spaCy extracts only B's articles; only the stories they join are regrouped)."""
    from click.testing import CliRunner

    from workbench.cli import cli

    for folder, corpus in (("a", CORPUS_A), ("b", CORPUS_B)):
        (tmp_path / folder).mkdir()
        for name, text, _ in corpus:
            (tmp_path / folder / f"{name}.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "w.db"
    first = CliRunner().invoke(cli, ["--db", str(path), "build", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    db = connect(path)
    strike = {gid: tuple(row) for gid, *row in db.execute(
        "SELECT g.id, g.title, g.event_date, g.version, g.updated_at FROM groups g "
        "WHERE EXISTS (SELECT 1 FROM group_members m JOIN claims c ON c.id = m.claim_id "
        "JOIN documents d ON d.id = c.document_id WHERE m.group_id = g.id "
        "AND d.path LIKE '%strike-%')")}
    assert strike
    decided = next(iter(strike))
    with db.conn:
        db.execute("UPDATE groups SET status = 'accepted' WHERE id = ?", [decided])
    strike[decided] = db.execute("SELECT title, event_date, version, updated_at FROM groups "
                                 "WHERE id = ?", [decided]).fetchone()
    extracted = db.execute("SELECT id, extracted_at FROM documents").fetchall()
    db.conn.close()
    second = CliRunner().invoke(cli, ["--db", str(path), "build", str(tmp_path / "b")])
    assert second.exit_code == 0, second.output
    assert "claims regrouped, in the stories new or re-extracted documents touch" in (
        second.output)
    db = connect(path)
    assert db.execute("SELECT id, extracted_at FROM documents WHERE id IN "
                      f"({', '.join(str(d) for d, _ in extracted)})").fetchall() == extracted
    assert {gid: db.execute("SELECT title, event_date, version, updated_at FROM groups "
                            "WHERE id = ?", [gid]).fetchone() for gid in strike} == strike
    assert db.execute("SELECT status FROM groups WHERE id = ?", [decided]).fetchone()[0] == (
        "accepted")
    db.conn.close()


def bridge_article() -> tuple[str, str, list[tuple]]:
    """One article telling the earthquake and the dock strike: it links their stories."""
    (_, quake, quake_claims), = articles("quake", 1, 11)
    (_, strike, strike_claims), = articles("strike", 1, 12)
    return ("bridge-0", quake + strike,
            quake_claims + [(start + len(quake), *rest) for start, *rest in strike_claims])


def test_an_article_bridging_two_units_merges_them_as_a_full_grouping_does(tmp_path):
    inc, full = connect(tmp_path / "inc.db"), connect(tmp_path / "full.db")
    add(inc, CORPUS_A)
    regroup(inc, config=ROOMY)
    units_before = dict(inc.execute(
        "SELECT d.path, g.unit FROM grouped_documents g JOIN documents d "
        "ON d.id = g.document_id"))
    assert units_before["quake-1-0"] != units_before["strike-4-0"]
    add(full, CORPUS_A + [bridge_article()])
    regroup(full, config=ROOMY)
    add(inc, [bridge_article()])
    report = regroup(inc, incremental=True, config=ROOMY)
    quake_strike_bridge = inc.execute(
        "SELECT count(*) FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE d.path LIKE 'quake-%' OR d.path LIKE 'strike-%' OR d.path LIKE 'bridge-%'"
    ).fetchone()[0]
    assert report.incremental and report.regrouped == quake_strike_bridge
    units = dict(inc.execute("SELECT d.path, g.unit FROM grouped_documents g "
                             "JOIN documents d ON d.id = g.document_id"))
    assert units["quake-1-0"] == units["strike-4-0"] == units["bridge-0"]
    assert snapshot(inc) == snapshot(full)
    inc.conn.close()
    full.conn.close()


def test_a_moved_limit_regroups_the_units_it_binds_in(tmp_path, monkeypatch):
    """With the default limits, adding B moves the event-word limit past words some
    stories A has hold: those stories are regrouped too, and the result is still a full
    grouping's."""
    monkeypatch.setattr(incremental, "MAX_REGROUPED_SHARE", 1.0)  # never the full path
    inc, full = connect(tmp_path / "inc.db"), connect(tmp_path / "full.db")
    add(inc, CORPUS_A)
    regroup(inc)
    add(full, CORPUS_A + CORPUS_B)
    regroup(full)
    add(inc, CORPUS_B)
    report = regroup(inc, incremental=True)
    quake_and_flood = inc.execute(
        "SELECT count(*) FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE d.path LIKE 'quake-%' OR d.path LIKE 'flood-%'").fetchone()[0]
    assert report.incremental and quake_and_flood < report.regrouped < report.claims
    got, want = snapshot(inc), snapshot(full)
    assert got["groups"] == want["groups"]
    assert got["importance"] == want["importance"]
    inc.conn.close()
    full.conn.close()


def copy_documents(base, db, names: list[str]) -> None:
    """The documents ``names`` (external ids) of ``base`` and their claims into ``db``, as
    extracted (no spaCy)."""
    src = sqlite3.connect(base)
    doc_cols = [r[1] for r in src.execute("PRAGMA table_info(documents)") if r[1] != "id"]
    claim_cols = [r[1] for r in src.execute("PRAGMA table_info(claims)")
                  if r[1] not in ("id", "document_id")]
    with db.conn:
        for name in names:
            old, *values = src.execute(f"SELECT id, {', '.join(doc_cols)} FROM documents "
                                       "WHERE external_id = ?", [name]).fetchone()
            new = db.conn.execute(f"INSERT INTO documents({', '.join(doc_cols)}) VALUES "
                                  f"({', '.join('?' * len(doc_cols))})", values).lastrowid
            for row in src.execute(f"SELECT {', '.join(claim_cols)} FROM claims "
                                   "WHERE document_id = ? ORDER BY id", [old]).fetchall():
                db.conn.execute(f"INSERT INTO claims(document_id, {', '.join(claim_cols)}) "
                                f"VALUES (?, {', '.join('?' * len(claim_cols))})", [new, *row])
    src.close()


@pytest.mark.slow
def test_ecbplus_split_in_two_grouped_incrementally_equals_a_full_grouping(
        ecbplus_claims, tmp_path, monkeypatch):
    """Three ECB+ topics, every other article of each first, then the others (new
    articles of every story: they join units, bridge and re-split stories) grouped
    incrementally: the same groups as grouping all of them at once."""
    monkeypatch.setattr(incremental, "MAX_CHANGED_SHARE", 1.0)  # half the collection is
    monkeypatch.setattr(incremental, "MAX_REGROUPED_SHARE", 1.0)  # new: never the full path
    src = sqlite3.connect(ecbplus_claims)
    names = [r[0] for r in src.execute("SELECT external_id FROM documents ORDER BY external_id")]
    src.close()
    first, second = names[::2], names[1::2]
    inc, full = connect(tmp_path / "inc.db"), connect(tmp_path / "full.db")
    copy_documents(ecbplus_claims, inc, first)
    regroup(inc)
    copy_documents(ecbplus_claims, inc, second)
    report = regroup(inc, incremental=True)
    assert report.incremental and report.regrouped
    copy_documents(ecbplus_claims, full, first + second)
    regroup(full)
    got, want = snapshot(inc), snapshot(full)
    assert len(got["groups"]) > 100
    assert got["groups"] == want["groups"]
    assert got["importance"] == want["importance"]
    inc.conn.close()
    full.conn.close()
