"""On the seed corpus: the Medinsky spellings of seeds 002 and 003 are flagged across
groups, and the same day's reports are suggested as one occasion."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from workbench.review.spellings import name_variants
from workbench.review.suggest import suggest_merges


@pytest.fixture
def seeds_conn(seed_db_path, tmp_path):
    """A connection to a private copy of the built seeds, for a test that decides on it."""
    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    conn = sqlite3.connect(path)
    yield conn
    conn.close()

pytestmark = pytest.mark.slow


def test_vladimir_and_volodymyr_medinsky_are_flagged_across_groups(seed_db):
    conn = seed_db.conn
    found = {}
    for (gid,) in conn.execute("SELECT id FROM groups"):
        for v in name_variants(conn, gid):
            if v.key == "medinsky":
                found[gid] = v
    spellings = {s for v in found.values() for s in v.here}
    assert {"Vladimir Medinsky", "Volodymyr Medinsky"} <= spellings, found
    files = set()
    for gid, v in found.items():
        assert all(gid not in s.group_ids for s in v.elsewhere)  # another group each time
        files |= {r[0].rsplit("/", 1)[-1][:3] for r in conn.execute(
            "SELECT d.path FROM group_members m JOIN claims c ON c.id = m.claim_id "
            "JOIN documents d ON d.id = c.document_id WHERE m.group_id = ?", [gid])}
    assert {"002", "003"} <= files


def test_reports_of_the_same_day_are_suggested(seed_db):
    """Groups whose sources state the same day are offered for merging (a day only the
    publication gives is weaker: see the next test)."""
    conn = seed_db.conn
    days = conn.execute(
        "SELECT event_date, group_concat(id) FROM groups WHERE length(event_date) = 10 "
        "AND date_basis = 'sources' GROUP BY event_date HAVING count(*) > 1").fetchall()
    assert days, "the seeds report one day in several groups"
    for _day, ids in days:
        ids = [int(i) for i in ids.split(",")]
        suggested = {s.id for s in suggest_merges(conn, ids[0])}
        assert set(ids[1:]) <= suggested


def test_a_day_only_the_publication_gives_is_said_so(seed_db):
    """An entry no source dates carries the day its first report was published, and a
    merge suggestion resting on that day says it was reported, not stated."""
    conn = seed_db.conn
    reported = conn.execute(
        "SELECT id, event_date FROM groups WHERE date_basis = 'published' AND background = 0 "
        "ORDER BY id").fetchall()
    assert reported, "003's drone strikes and front-line news are dated by no source"
    same_day = 0
    for gid, day in reported:
        for s in suggest_merges(conn, gid, limit=10):
            if s.event_date == day:
                same_day += 1
                assert "same day reported" in s.likeness.why
    assert same_day, "003's entries, all reported on one day, are offered to each other"


def test_a_reopened_session_resumes_in_the_queues_date_order(seeds_conn):
    """After deciding the last day the sources state (June 19), the next session opens on
    the first entry dated only by its report, not on one reported before June 19."""
    from workbench.review.actions import decide
    from workbench.review.queue import Filter, resume_group

    conn = seeds_conn
    last_stated, version = conn.execute(
        "SELECT id, version FROM groups WHERE date_basis = 'sources' AND background = 0 "
        "ORDER BY event_date DESC, id DESC LIMIT 1").fetchone()
    decide(conn, last_stated, "accept", version=version, reviewer="t")
    first_reported = conn.execute(
        "SELECT id FROM groups WHERE date_basis = 'published' AND background = 0 "
        "AND status = 'pending' ORDER BY event_date, id LIMIT 1").fetchone()[0]
    assert resume_group(conn, Filter()) == first_reported


def test_an_entry_reads_as_what_its_sources_report_together(seed_db):
    """In the seeds' biggest entry (the 2 June talks, four articles) the claims that report
    one fine event stand together, the one most sources report first, each section headed
    by its counts; the claims told once come last under one heading."""
    from workbench.review.detail import load_detail

    conn = seed_db.conn
    (gid,) = conn.execute(
        "SELECT group_id FROM group_members GROUP BY group_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    claims = load_detail(conn, gid).claims
    events = [c.event for c in claims]
    sections = [i for i, c in enumerate(claims) if c.report_claims]
    assert sections and sections[0] == 0
    seen: set = set()
    for i, c in enumerate(claims):  # each fine event in one run
        if i and c.event != claims[i - 1].event:
            assert c.event not in seen, f"fine event {c.event} comes back at claim {i + 1}"
        seen.add(c.event)
    reported = [c for c in claims if c.report_claims > 1]
    assert len(reported) >= 2
    for c in reported:  # the heading's counts are the section's
        run = [x for x in claims if x.event == c.event]
        assert c.report_claims == len(run) == events.count(c.event)
        assert c.report_sources == len({x.document_id for x in run})
    widest = [c.report_sources for c in reported]
    assert widest == sorted(widest, reverse=True)
    once = [c for c in claims if c.report_claims == 1]
    assert len(once) == 1
    rest = claims[claims.index(once[0]):]
    assert all(events.count(c.event) == 1 for c in rest)
    assert {c.id for c in claims} == {r[0] for r in conn.execute(
        "SELECT claim_id FROM group_members WHERE group_id = ?", [gid])}


def _group_of(conn, text):
    return conn.execute(
        "SELECT g.id, g.version, g.title, g.event_date FROM groups g JOIN group_members m "
        "ON m.group_id = g.id JOIN claims c ON c.id = m.claim_id WHERE c.text LIKE ?",
        [text + "%"]).fetchone()


def test_a_claim_moved_into_an_entry_does_not_take_it_over(seeds_conn):
    """One sentence on the May 16 talks, moved into the June 19 swap's entry (one source
    against one), dated the swap May 16, titled it with the moved sentence and showed a
    date conflict of its making."""
    from workbench.review import actions

    conn = seeds_conn
    may = "The previous meeting between the two parties was held in Istanbul on May 16"
    src, src_version, _, _ = _group_of(conn, may)
    swap, swap_version, title, date = _group_of(conn, "The swap, which took place on June 19")
    assert date == "2025-06-19"
    (claim,) = conn.execute("SELECT id FROM claims WHERE text LIKE ?", [may + "%"]).fetchone()
    actions.split(conn, src, [claim], version=src_version, into=swap,
                  into_version=swap_version, reviewer="t")
    assert _group_of(conn, "The swap, which took place on June 19")[2:] == (title, date)


def test_the_main_entry_merged_into_a_one_sentence_one_keeps_a_title_of_its_own(
        seeds_conn):
    """The June 2 talks (four sources) merged into a one-sentence entry from a suggestion
    took that sentence as its title: the title is chosen again among all the claims."""
    from workbench.group import group_claims
    from workbench.group.titles import best_title_claim
    from workbench.review import actions

    conn = seeds_conn
    small, small_version, small_title, _ = _group_of(conn, "Russian delegation head Vladimir "
                                                           "Medinsky shared")
    talks, talks_version, _, _ = _group_of(conn, "The Istanbul negotiations, which took place")
    assert conn.execute("SELECT count(*) FROM group_members WHERE group_id = ?",
                        [small]).fetchone() == (1,)
    actions.merge(conn, {talks: talks_version}, small, target_version=small_version,
                  reviewer="t")
    _, _, title, date = _group_of(conn, "Russian delegation head Vladimir Medinsky shared")
    claims, _ = group_claims(conn, small)
    assert title != small_title and date == "2025-06-02"
    assert title == best_title_claim(claims, date)["text"]


def test_a_one_source_entry_merged_into_another_leaves_its_title(seeds_conn):
    """A tester merged Medinsky's outcomes (one source) into the families at the border
    (one source) and the families' entry was renamed after Medinsky; the target keeps its
    own title when what came in brings no more sources than it had."""
    from workbench.review import actions

    conn = seeds_conn
    small, small_version, _, _ = _group_of(conn, "Russian delegation head Vladimir "
                                                 "Medinsky shared")
    families, version, title, _ = _group_of(conn, "Families of missing Ukrainian soldiers")
    out = actions.merge(conn, {small: small_version}, families, target_version=version,
                        reviewer="t")
    assert _group_of(conn, "Families of missing Ukrainian soldiers")[2] == title
    assert "now reads" not in out.message


def test_splitting_the_title_out_of_an_accepted_entry_says_what_it_became(
        seeds_conn):
    """Half of an accepted entry split off, its title and date with it: the entry, still
    accepted, was another event, and nothing said so."""
    from workbench.review import actions

    conn = seeds_conn
    swap, version, title, _ = _group_of(conn, "The swap, which took place on June 19")
    actions.decide(conn, swap, "accept", version=version, reviewer="t")
    (titled,) = conn.execute("SELECT title_claim_id FROM groups WHERE id = ?", [swap]).fetchone()
    outcome = actions.split(conn, swap, [titled], version=version + 1, reviewer="t")
    (now_title, status) = conn.execute("SELECT title, status FROM groups WHERE id = ?",
                                       [swap]).fetchone()
    assert now_title != title and status == "accepted"
    assert f"#{swap} now reads “{now_title[:20]}" in outcome.message
    assert outcome.message.endswith("still accepted")
