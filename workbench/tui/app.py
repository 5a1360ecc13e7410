"""The review workbench: a Textual app over the review core.

The app owns two connections to the one SQLite file: ``conn`` for writes (on the UI
thread, one short transaction per reviewer action) and a read connection used by thread
workers under a lock. It polls ``PRAGMA data_version`` to notice commits by other processes.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from .. import db as dbmod
from ..review.config import Config, load_config
from ..review.queue import SORTS, Filter, position, resume_group
from ..review.state import load_filter, opening_note, save_state, saved_claim, saved_group
from ..text import safe_text
from .screens.empty import EmptyScreen
from .screens.help import HelpScreen
from .screens.review import ReviewScreen
from .widgets.boxes import TypeAhead, handed_on

T = TypeVar("T")


class WorkbenchApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "workbench"
    BINDINGS = [
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            id="help",
            tooltip="List every key binding",
            key_display="?",
        ),
        Binding(
            "q",
            "quit",
            "Quit",
            id="quit",
            show=False,
            tooltip="Quit; nothing to save, every decision is already in the database",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            id="command_palette",
            tooltip="Every action and filter by name",
        ),
    ]

    def __init__(
        self,
        db_path: str | Path,
        *,
        config: Config | None = None,
        cursor_blink: bool = True,
        poll_interval: float = 1.5,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.config = config or load_config()
        self.cursor_blink = cursor_blink
        self.poll_interval = poll_interval
        self.db = dbmod.connect(self.db_path, create=False)
        self.conn: sqlite3.Connection = self.db.conn
        # One read connection per kind of work, so showing a group never waits behind a
        # slow queue reload; each is used by one thread at a time under its own lock.
        self._readers: dict[str, tuple[sqlite3.Connection, threading.Lock]] = {}
        self._quitting = False  # "q" was pressed: the keys typed after it are dropped
        self._readers_lock = threading.Lock()
        self._data_version = self._version()
        self._content = self._content_stamp()
        self._terminal: int | None = None  # stdin's descriptor when it is a terminal
        # a day of the story (the timeline's busiest), for the dialogs' example dates
        self.example_day: str | None = None

    # -- database --------------------------------------------------------------------------

    def _reader(self, channel: str) -> tuple[sqlite3.Connection, threading.Lock]:
        with self._readers_lock:
            if channel not in self._readers:
                conn = dbmod.open_reader(self.db_path)
                self._readers[channel] = (conn, threading.Lock())
            return self._readers[channel]

    def read(self, fn: Callable[[sqlite3.Connection], T], channel: str = "queue") -> T:
        """Run a read on the ``channel``'s read connection; safe from any thread."""
        conn, lock = self._reader(channel)
        with lock:
            try:
                return fn(conn)
            finally:
                # Never hold a read snapshot open between queries: WAL would keep old pages.
                if conn.in_transaction:
                    conn.rollback()

    def _version(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def _content_stamp(self) -> tuple:
        """What another process may change that the screen shows: decisions, groups,
        documents. Another session only moving its cursor writes its place (settings) and
        changes none of these: no refresh for that."""
        return self.conn.execute(
            "SELECT (SELECT max(id) FROM decisions), (SELECT count(*) FROM groups), "
            "(SELECT max(updated_at) FROM groups), (SELECT count(*) FROM documents), "
            "(SELECT count(*) FROM claims)").fetchone()

    def own_write(self) -> None:
        """This session committed a change: it is on screen already, not another
        process's news (another session writing only its place would otherwise make the
        next poll report this one's own decision as changed elsewhere)."""
        self._data_version = self._version()
        self._content = self._content_stamp()

    def _poll(self) -> None:
        if self._terminal_gone():
            # the terminal hung up (an SSH connection dropped, a tmux window killed under
            # `make run`, whose make never passes the hangup on): Textual's input thread
            # would read end-of-file in a busy loop, holding the database open for ever.
            # Every decision is in the database already, so there is nothing to save.
            self.exit(return_code=1)
            return
        version = self._version()
        if version == self._data_version:
            return
        self._data_version = version
        content = self._content_stamp()
        if content == self._content:
            return
        self._content = content
        screen = self.review_screen
        if screen is not None:
            screen.database_changed()
        elif isinstance(self.screen, EmptyScreen) and self._group_count():
            self._open_review()

    def _terminal_gone(self) -> bool:
        """Was the app started on a terminal that is no longer one (hung up: ``isatty``
        turns false and reads fail)? Never true without a terminal (tests, pipes)."""
        return self._terminal is not None and not os.isatty(self._terminal)

    def _group_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM groups").fetchone()[0]

    # -- screens ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.config.keys:
            self.set_keymap(self.config.keys)
            known = {
                b.id for b in [*ReviewScreen.BINDINGS, *self.BINDINGS] if isinstance(b, Binding)
            }
            unknown = sorted(set(self.config.keys) - known)
            if unknown:
                self.notify(
                    safe_text(f"{self.config.path}: unknown binding id(s) in [keys]: "
                              f"{', '.join(unknown)} (? lists every binding with its id)"),
                    severity="warning",
                    markup=False,
                    timeout=12,
                )
        if self._group_count():
            self._open_review()
        else:
            documents = self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            self.push_screen(EmptyScreen(str(self.db_path), documents))
        try:
            fd = sys.__stdin__.fileno() if sys.__stdin__ is not None else None
        except (OSError, ValueError):  # a replaced or closed stdin
            fd = None
        self._terminal = fd if fd is not None and os.isatty(fd) else None
        self.set_interval(self.poll_interval, self._poll)

    def _open_review(self) -> None:
        flt = load_filter(self.db)
        saved = saved_group(self.db)
        note = opening_note(self.db)

        def start_at(conn: sqlite3.Connection) -> int | None:
            # Where the reviewer was, if that group is still in the saved filter's queue;
            # else the first pending group after the last decision.
            if saved is not None and position(conn, flt, saved) is not None:
                return saved
            return resume_group(conn, flt)

        start = self.read(start_at)
        # and on the claim the reviewer left the claim cursor on, in that entry
        screen = ReviewScreen(flt, start, note,
                              saved_claim(self.db) if start == saved else None)
        if isinstance(self.screen, EmptyScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @property
    def review_screen(self) -> ReviewScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                return screen
        return None

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        sections = []
        if self.review_screen is not None:
            sections.append(
                ("Review", [b for b in ReviewScreen.BINDINGS if isinstance(b, Binding)])
            )
            sections.append(
                (
                    "Moving",
                    [
                        Binding(
                            "up,down", "", "Move", tooltip="Previous / next group in the queue"
                        ),
                        Binding(
                            "pageup,pagedown", "", "Page", tooltip="A screen of groups up / down"
                        ),
                        Binding(
                            "home,end", "", "Ends", tooltip="First / last group of the whole queue"
                        ),
                        Binding(
                            "tab",
                            "",
                            "Focus",
                            tooltip="Switch between the queue and the group detail",
                        ),
                    ],
                )
            )
        sections.append(("App", [b for b in self.BINDINGS if isinstance(b, Binding)]))
        self.push_screen(HelpScreen(sections))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        review = self.review_screen
        if review is None:
            return
        for b in ReviewScreen.BINDINGS:
            if isinstance(b, Binding):
                yield SystemCommand(b.description, b.tooltip, partial(review.run_action, b.action))
        presets: list[tuple[str, str, dict[str, Any]]] = [
            ("Filter: pending only", "Only groups not yet decided", {"status": "pending"}),
            ("Filter: accepted only", "Only accepted groups", {"status": "accepted"}),
            ("Filter: rejected only", "Only rejected groups", {"status": "rejected"}),
            ("Filter: skipped only", "Only groups skipped for later", {"status": "skipped"}),
            (
                "Filter: conflicts only",
                "Only groups whose sources disagree",
                {"conflicts_only": True},
            ),
            (
                "Filter: 2+ sources",
                "Only groups reported by several sources",
                {"multi_source": True},
            ),
            (
                "Filter: new evidence since decided",
                "Decided groups that the last regroup attached new claims to (marked *)",
                {"changed_only": True},
            ),
        ]
        for title, help_text, change in presets:
            yield SystemCommand(title, help_text, partial(self._preset, change))
        yield SystemCommand("Filter: clear", "Show every group", partial(self._preset, None))
        for key, sort in SORTS.items():
            yield SystemCommand(
                f"Sort: {sort.label}", f"Order the queue {sort.label}", partial(self._sort, key)
            )
        from ..export import FORMATS

        for fmt in FORMATS:
            yield SystemCommand(
                f"Export chronology: {fmt}",
                f"Write the accepted groups as {fmt} to a file you name (default: here)",
                partial(self.action_export, fmt),
            )

    def _preset(self, change: dict[str, Any] | None) -> None:
        review = self.review_screen
        if review is None:
            return
        from dataclasses import replace

        review.set_filter(
            Filter(sort=review.flt.sort) if change is None else replace(review.flt, **change)
        )

    def _sort(self, key: str) -> None:
        review = self.review_screen
        if review is not None:
            from dataclasses import replace

            review.set_filter(replace(review.flt, sort=key))

    def action_export(self, fmt: str = "md") -> None:
        """Ask where to write (a file in the current directory unless told otherwise: never
        into the checkout beside the database; an existing file only once the reviewer
        agrees), then show the result and every warning."""
        from ..export import DEFAULT_NAMES
        from .screens.dialogs import ExportScreen

        def apply(data: dict[str, Any]) -> str | None:
            # as text, so that "nope/" still names a folder (a Path drops the slash) and
            # the exporter refuses one that is not there; one that is gets the default name
            out = os.path.expanduser(data["path"].strip())
            if out.endswith(("/", os.sep)) and os.path.isdir(out):
                out = os.path.join(out, DEFAULT_NAMES[fmt])
            self._export(fmt, out, screen, data["overwrite"])
            return None

        screen = ExportScreen(fmt, DEFAULT_NAMES[fmt], apply)
        self.push_screen(screen)
        self._check_export(screen)

    @work(thread=True, exclusive=True, group="export-check", exit_on_error=False,
          description="export check")
    def _check_export(self, screen: Any) -> None:
        """The pre-export check, shown in the dialog before anything is written."""
        from ..export import NOTHING_ACCEPTED
        from ..export.checks import check_chronology

        try:
            db = dbmod.connect(self.db_path, create=False)
        except (sqlite3.Error, OSError):
            return  # the export itself will say what is wrong with the database
        try:
            issues = [str(i) for i in check_chronology(db)]
            if not db.execute("SELECT 1 FROM groups WHERE status = 'accepted' "
                              "LIMIT 1").fetchone():
                issues.append(f"{NOTHING_ACCEPTED} (a accepts an entry)")
        except sqlite3.Error:
            return
        finally:
            db.conn.close()
        self.call_from_thread(screen.show_check, issues)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False, description="export")
    def _export(self, fmt: str, out: str, screen: Any, overwrite: bool) -> None:
        from ..export import NOTHING_ACCEPTED, ExportError, export_chronology, name_says_otherwise

        try:
            # Its own connection: the UI thread keeps writing decisions on ``conn`` meanwhile.
            db = dbmod.connect(self.db_path, create=False)
        except (sqlite3.Error, OSError) as exc:
            self.call_from_thread(screen.show_error,
                                  f"export failed: {dbmod.explain(self.db_path, exc)}")
            return
        try:
            # overwrite only what the reviewer agreed to: a file that appeared since the
            # dialog looked is refused
            result = export_chronology(db, fmt, out, overwrite=overwrite)
        except (ExportError, OSError) as exc:  # the exporter's own error, shown, not a crash
            self.call_from_thread(screen.show_error, f"export failed: {exc}")
            return
        except sqlite3.Error as exc:  # locked by a build, say: said, never a worker dying quietly
            self.call_from_thread(screen.show_error,
                                  f"export failed: {dbmod.explain(self.db_path, exc)}")
            return
        finally:
            db.conn.close()
        # as the command line says it: "no warnings" over an empty file read as all well
        empty = [f"{NOTHING_ACCEPTED} (a accepts an entry)"] if result.empty else []
        said = name_says_otherwise(out, fmt)  # "x.pdf": written, and said as the CLI says it
        self.call_from_thread(
            screen.show_result, result.summary(),
            [str(i) for i in result.issues] + list(result.omitted) + empty
            + ([said] if said else []),
        )

    async def action_quit(self) -> None:
        review = self.review_screen
        if review is not None and review.queue.current is not None:
            gid, claim = review.queue.current.id, review.detail_pane.current_claim
            shown = review.detail_pane.detail
            try:
                save_state(self.db, review.flt, gid,
                           claim.id if claim and shown is not None and shown.id == gid
                           else None)
            except sqlite3.Error:
                pass  # a read-only or full database: quitting must still work
        self._quitting = True
        self.exit()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self._quitting:
            # typed after "q" while the app comes down ("q" then "a" accepted an entry on
            # the way out; "e" opened a dialog into a closing app): not carried out
            event.stop()
            event.prevent_default()
            return
        if isinstance(event, events.Key) and not event.is_forwarded:
            # where the key was typed: a key typed ahead of a dialog is told by it below
            event.typed_at = self.screen  # type: ignore[attr-defined]
            event.focus_at = self.focused  # type: ignore[attr-defined]
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        """A key no widget took, back at the app. Typed at the review screen in the same
        burst as the key that opens a dialog ("e" and a new title), or at a dialog before
        its box had the focus, it belongs in the dialog now on screen: handed there once
        (``TypeAhead``), else textual looks for a binding and drops it."""
        screen = self.screen
        if isinstance(screen, ReviewScreen) and screen.hold_key(event):
            event.stop()
            event.prevent_default()  # typed after a jump still on its way: after it lands
            return
        if (isinstance(screen, TypeAhead) and not getattr(event, "handed_on", False)
                and (getattr(event, "typed_at", screen) is not screen
                     or getattr(event, "focus_at", screen) is None)):
            event.stop()
            event.prevent_default()
            screen.type_ahead(handed_on(event))

    def on_unmount(self) -> None:
        # A worker may be in the middle of a read (the suggestions take tens of ms on a
        # large database): stop it and wait for its lock, as closing a connection another
        # thread is using crashes the interpreter.
        for conn, lock in list(self._readers.values()):
            conn.interrupt()
            with lock:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
