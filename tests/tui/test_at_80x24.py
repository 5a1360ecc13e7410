"""At 80x24, the smallest terminal the workbench is made for: every dialog's text is on
the screen whole (a tester found keys, a title and a date cut off)."""

from __future__ import annotations

import sqlite3

from builders import Builder

from workbench.db import connect

from .conftest import make_app, screen_text, settle
from .test_app import goto

SMALL = (80, 24)


def add_entry(path, sentences: int, *, gid: int | None = None, title: str | None = None) -> int:
    """A group of ``sentences`` long claims from one new article, added to the database at
    ``path``; its id ``gid`` when given (ids of 4 digits, as a large story has)."""
    db = connect(path)
    try:
        b = Builder(db)
        said = [f"Report {i}: rescue teams working through the night in the capital said "
                f"that survivors were still being pulled from collapsed buildings, day {i}."
                for i in range(sentences)]
        doc = b.document(" ".join(said), title="Long report", published="2025-06-10")
        claims = [b.claim(doc, sentence, date="2025-06-09") for sentence in said]
        if gid is not None:  # a new group's id is one past the highest
            b.conn.execute("INSERT INTO groups(id, title, created_at, updated_at) "
                           "VALUES (?, 'placeholder', 'x', 'x')", [gid - 1])
        new = b.group(claims, title=title)
        if gid is not None:
            b.conn.execute("DELETE FROM groups WHERE id = ?", [gid - 1])
            assert new == gid
        b.commit()
        return new
    finally:
        db.conn.close()


async def test_the_split_dialogs_keys_are_on_the_screen(sample):
    """A tester splitting a large entry saw '... n to a new group · g' and no more: the
    list of claims filled the dialog's height and the wrapped keys' second line fell off."""
    path, _ids = sample
    gid = add_entry(path, 12)
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await goto(pilot, gid, "s")
        shown = screen_text(app)
        assert "n to a new group · g into another group · esc cancel" in shown, shown
        await pilot.press("n")  # nothing chosen: the reason shows, the keys stay
        await settle(pilot)
        shown = screen_text(app)
        assert "choose at least one claim" in shown and "esc cancel" in shown, shown
        # the list shows a few claims of 12: the title says how many are chosen
        assert "0 of 12 chosen" in shown, shown
        await pilot.press("space", "down", "space")
        await settle(pilot)
        assert "2 of 12 chosen" in screen_text(app)
        await pilot.press("space")
        await settle(pilot)
        assert "1 of 12 chosen" in screen_text(app)


async def test_the_merge_finder_names_a_long_entry_in_one_whole_sentence(sample):
    """'Merge #1663 “Estimates of how many people died following the 7…” int': the quoted
    title is shortened so that the sentence ends on the screen."""
    path, _ids = sample
    title = ("Estimates of how many people died following the 7.0 magnitude earthquake "
             "vary widely")
    gid = add_entry(path, 2, gid=1663, title=title)
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await goto(pilot, gid, "m")
        line = next(x for x in screen_text(app).splitlines() if "Merge #1663" in x)
        assert "Merge #1663 “Estimates of how many people died" in line
        assert "…” into…" in line, line


async def test_brackets_in_the_merged_entrys_title_are_text(sample):
    path, _ids = sample
    gid = add_entry(path, 1, title="Talks [/] resumed [b]today[/b]")
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await goto(pilot, gid, "m")
        assert "Merge #10 “Talks [/] resumed [b]today[/b]” into…" in screen_text(app)


async def _open_document_dialog(pilot, gid) -> str:
    """Open the source of ``gid``'s first claim, then its document dialog (``d``): what
    its labels say."""
    await settle(pilot)
    await goto(pilot, gid, "o")
    await pilot.press("d")
    await settle(pilot)
    return " ".join(str(w.render()) for w in pilot.app.screen.query("Label"))


async def test_a_documents_guessed_date_reads_once_and_whole(sample):
    """'Published: 2025-06-07 (now published 2025-06-07 (inferred from the l': the date
    said twice, and why it is a guess cut off. The dialog says it once, whole, with its
    keys still on the screen."""
    path, ids = sample
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE documents SET published_provenance = 'inferred', "
                     "published_evidence = 'latest date in the text, its year from the corpus' "
                     "WHERE id = (SELECT document_id FROM claims WHERE id = ?)",
                     [ids["c_border"]])
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        said = await _open_document_dialog(pilot, ids["border"])
        assert said.lower().count("published") == 1, said
        assert ("inferred from the latest date the text mentions, its year from the "
                "collection") in said
        shown = screen_text(app)
        assert "its year from the collection" in shown, shown  # the end of the line
        assert "esc cancel" in shown, shown


async def test_a_long_title_leaves_the_dialogs_keys_on_the_screen(sample):
    """Seed 002's headline for a title took two lines of the dialog and its keys fell off
    a 24-line screen."""
    path, ids = sample
    headline = ("New Developments in Russia-Ukraine Talks: Prisoner Exchange Agreed, Yet "
                "Ceasefire Remains Elusive")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE documents SET title = ?, published_provenance = 'inferred', "
                     "published_evidence = 'latest date in the text, its year from the corpus' "
                     "WHERE id = (SELECT document_id FROM claims WHERE id = ?)",
                     [headline, ids["c_border"]])
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await _open_document_dialog(pilot, ids["border"])
        shown = screen_text(app)
        assert "About New Developments in Russia-Ukraine" in shown and "…" in shown, shown
        assert "esc cancel" in shown, shown


async def test_a_stated_date_is_not_called_a_guess(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        said = await _open_document_dialog(pilot, ids["border"])
        assert said.lower().count("published") == 1 and "inferred" not in said, said
        assert app.screen.query_one("#docmeta-published").value == "2025-06-10"


async def test_widening_the_window_widens_the_queues_titles(sample):
    """A tester opened the seeds at 80x24 and widened the terminal to 160x48: the titles
    stayed cut at the old width, with no "…" to say so."""
    path, ids = sample
    title = ("Russia and Ukraine have reached an agreement for a new prisoner exchange "
             "following a second round of renewed peace talks in Istanbul on Monday")
    conn = sqlite3.connect(path)
    # not the entry the queue opens on, whose detail shows its title whole
    conn.execute("UPDATE groups SET title = ? WHERE id = ?", [title, ids["fidan"]])
    conn.commit()
    conn.close()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        narrow = screen_text(app)
        assert title[:39] in narrow and title[:48] not in narrow
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert title[:48] in screen_text(app)  # the title column took the new width
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert title[:48] not in screen_text(app)
        row = next(line for line in screen_text(app).splitlines() if title[:30] in line)
        assert "…" in row  # cut again, and says so


def _cursor_wholly_in_sight(pane) -> bool:
    current = next(w for w in pane.query(".claim") if "-current" in w.classes)
    where = current.virtual_region
    top = pane.scroll_offset.y
    return top <= where.y and where.y + where.height <= top + pane.size.height


async def test_a_search_scrolls_the_claim_it_found_into_sight(sample):
    """At 80x24 `/Annabi` opened the right entry on the claim it found (34 of 255), but the
    pane stayed at its top: the claim, and its ▶, out of sight below. Then what the
    second read found (suggestions) was laid out above the claims and pushed it below the
    pane again (a search's next hit showed the claim before the one found), as a narrower
    window does."""
    path, _ids = sample
    gid = add_entry(path, 12)
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Report 10", "enter")
        await settle(pilot)
        pane = app.review_screen.detail_pane
        assert pane.detail is not None and pane.detail.id == gid
        assert pane.claim_index == 10
        assert _cursor_wholly_in_sight(pane)
        assert pane.search == "Report 10"  # its words stand out in the claims shown
        pane.show(_with_suggestions(pane.detail, 3), pane.claim_index)
        await settle(pilot)
        assert _cursor_wholly_in_sight(pane)
        await pilot.resize_terminal(64, 24)  # narrower: more lines above the claim
        await settle(pilot)
        assert _cursor_wholly_in_sight(pane)


def _with_suggestions(detail, n: int):
    """``detail`` with ``n`` suggested merges above its claims."""
    from dataclasses import replace

    from workbench.review.suggest import Likeness, Suggestion

    return replace(detail, suggestions=tuple(
        Suggestion(900 + k, f"Another report of the rescue, number {k}", "2025-06-09",
                   "pending", 1, Likeness(0.5, ("same day",))) for k in range(n)))


async def test_a_search_that_finds_an_entrys_first_claim_keeps_it_in_sight(sample):
    """At 160x48 `/rescued` opened a 296-claim entry on its first claim, which the search
    had found, but the entry's conflicts and suggestions stood above it and pushed it
    below the fold: the first claim found is brought into sight as any other is."""
    path, _ids = sample
    gid = add_entry(path, 12)
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Report 0", "enter")
        await settle(pilot)
        pane = app.review_screen.detail_pane
        assert pane.detail is not None and pane.detail.id == gid
        assert pane.claim_index == 0
        pane.show(_with_suggestions(pane.detail, 5), pane.claim_index)
        await settle(pilot)
        assert _cursor_wholly_in_sight(pane)


async def test_the_queue_fits_its_width_with_more_rows_than_it_shows(sample):
    """A tester at 80x24 found the queue one column too wide once its rows outnumbered the
    screen: a row went to a horizontal scrollbar and Right scrolled the table sideways."""
    path, _ids = sample
    for k in range(12):
        add_entry(path, k + 1, title=f"Another long entry title number {k} about rescue teams "
                                 "working through the night")
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        queue = app.review_screen.queue
        assert queue.max_scroll_y > 0  # more rows than it shows: the vertical bar is there
        assert queue.max_scroll_x == 0 and not queue.show_horizontal_scrollbar
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert queue.max_scroll_x == 0


async def test_a_suggestions_title_is_cut_to_the_panes_width(sample):
    """A tester at 160x48 saw a suggestion's "…" wrap onto a line of its own ("t…"), and
    zoomed, with 150 columns free, the title still cut at 44 characters. At 80x24 the
    block took every row of the pane: an entry opened with none of its claims in sight,
    so there it is one line of keys, ids and dates, the whole block zoomed."""
    from dataclasses import replace

    from workbench.review.suggest import Likeness, Suggestion

    path, ids = sample
    long = ("The 7.0-magnitude quake, Haiti's worst in two centuries, struck at 16:53 local "
            "time some 15 km south-west of the capital, Port-au-Prince")
    for size in (SMALL, (160, 48)):
        app = make_app(path)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await goto(pilot, ids["fidan"])  # an entry with no conflict above its claims
            pane = app.review_screen.detail_pane
            # the third a background group: said on the one line too (a tester took
            # one for an entry)
            found = tuple(Suggestion(900 + k, long, "2010-01-12", "pending", 1,
                                     Likeness(0.5, ("same day",)), background=k == 2)
                          for k in range(3))
            pane.show(replace(pane.detail, suggestions=found), pane.claim_index)
            await settle(pilot)
            block = pane.query_one(".suggest")
            shown = str(block.render())
            if size == SMALL:
                assert block.region.height <= 2 and "Haiti" not in shown
                assert " 1  #900 2010-01-12 " in shown
                assert " 3  #902 2010-01-12 (background)" in shown
                assert "▶ 1/1" in screen_text(app)  # the claim in sight as it opens
            else:
                assert block.region.height == 1 + 2 * 3, size  # a line a title, no wrap
                assert "Haiti's worst in" in shown and "…" in shown
            await pilot.press("tab", "z")  # zoomed: the whole block, the whole width
            await settle(pilot)
            block = pane.query_one(".suggest")
            assert "same day" in str(block.render())
            if size != SMALL:
                assert "15 km south-west of the capital" in str(block.render())
                assert block.region.height == 1 + 2 * 3


def test_a_decided_suggestion_shows_its_status_on_the_one_line_of_keys():
    """A tester at 80x24 read "1 #381 2009-06-25", pressed 1 and merged the fans' vigil into
    the accepted death: a decided suggestion keeps the merge's target, so the short line
    says it is decided, with the queue's symbol."""
    from types import SimpleNamespace

    from workbench.review.suggest import Likeness, Suggestion
    from workbench.tui.widgets.detail import DetailPane

    found = (Suggestion(381, "Jackson died", "2009-06-25", "accepted", 14,
                        Likeness(0.8, ("same day",))),
             Suggestion(508, "Jackson died at home", "2009-06-25", "pending", 2,
                        Likeness(0.7, ("same day",))))
    line = DetailPane._suggestions(SimpleNamespace(suggestions=found, name_variants=()),
                                   room=78, compact=True).plain
    assert "#381 2009-06-25 ✓" in line and "#508 2009-06-25 ✓" not in line
    full = DetailPane._suggestions(SimpleNamespace(suggestions=found, name_variants=()),
                                   room=90).plain  # a wide pane says which way a key merges
    assert "or this entry into a decided one" in full


async def test_the_pane_names_its_entry_while_the_head_is_out_of_sight(sample):
    """A search opened a 58-claim entry on its 33rd claim at 80x24: title and date were
    scrolled away, and nothing on the screen said which entry or day it was. The pane's
    border says them while its head is out of sight (the title's markup as text)."""
    path, _ids = sample
    gid = add_entry(path, 12, title="Rescuers [b]dig[/b] on")
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await goto(pilot, gid)
        pane = app.review_screen.detail_pane
        assert str(pane.border_title) == f"Group #{gid}"
        for _ in range(8):
            await pilot.press("j")
        await settle(pilot)
        shown = screen_text(app)
        assert f"#{gid} 2025-06-09 · Rescuers [b]dig[/b] on" in shown, shown
        for _ in range(9):  # back to the first claim, and one more to the head
            await pilot.press("k")
        await settle(pilot)
        assert f"Group #{gid}" in screen_text(app)
