"""Paths in, documents stored: the loop that ties walking, reading and storing together."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..dates import DateError, normalise_published
from ..db import dumps, inserted_id, loads, now, transaction
from ..text import one_line
from .amend import FILE_ACTION, amend, file_changes, file_record
from .boilerplate import all_skipped, find_boilerplate, guess_title
from .errors import IngestError
from .metadata import Metadata, dated_by_address, read_sidecar
from .paths import Found, Problem, display, expand, stored
from .readers import Article, LineProblem, read_document, read_jsonl
from .report import IngestReport
from .tokenized import looks_tokenized, untokenize

if TYPE_CHECKING:
    import sqlite_utils

    from ..console import Reporter


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Run:
    def __init__(self, db: sqlite_utils.Database, reporter: Reporter | None):
        self.db = db
        self.reporter = reporter
        self.report = IngestReport()

    def fail(self, where: str, problem: str) -> None:
        message = f"{where}: {problem}"
        self.report.failed += 1
        self.report.errors.append(message)
        if self.reporter is not None:
            self.reporter.error(message)

    def warn(self, where: str, problem: str) -> None:
        message = f"{where}: {problem}"
        self.report.warnings.append(message)
        if self.reporter is not None:
            self.reporter.warning(message)

    def ingest_file(self, found: Found) -> None:
        where = display(found.path)
        if found.fmt == "jsonl":
            try:
                for item in read_jsonl(found.path, stored(found.path)):
                    if isinstance(item, LineProblem):
                        self.fail(f"{where}:{item.line}", item.message)
                    else:
                        self.store(item, dated_by_address(item.meta, None),
                                   f"{where}:{item.line}")
            except IngestError as exc:
                self.fail(where, str(exc))
            return
        try:
            sidecar = read_sidecar(found.path)
            article = read_document(found.path, found.fmt, stored(found.path))
        except IngestError as exc:
            self.fail(where, str(exc))
            return
        self.store(article, dated_by_address(sidecar.over(article.meta), found.path), where)

    def store(self, article: Article, meta: Metadata, where: str) -> None:
        # a research corpus's tokens ("said , adding -LRB- ... -RRB-"): its prose is meant
        text = untokenize(article.text) if looks_tokenized(article.text) else article.text
        given = {"text": text, **{k: v for k, v in vars(meta).items() if isinstance(v, str)}}
        bad = [name for name, value in given.items() if not _encodable(value)]
        if bad:
            # Lone surrogates (JSON "\ud800" escapes) cannot be stored as UTF-8.
            self.fail(where, f"{bad[0]} holds text that is not valid Unicode")
            return
        digest = content_hash(text)
        known = self._known(digest)
        if not known and text != article.text and self._known(content_hash(article.text)):
            # stored as tokens by a version that did not read them as prose: that document
            known, text = True, article.text
        if known:
            # re-ingesting a corpus is cheap, and says nothing new about it, unless its
            # metadata changed since it was read (a sidecar added after the first build);
            # a copy of the text from another file changes nothing of the first
            document_id = self.report.document_ids[-1]
            if not self._copy_of(document_id, article.where, meta, where):
                self._amend(document_id, meta, where)
            self._mark_anew(document_id, text, where)
            return
        published = precision = evidence = None
        provenance = "unknown"
        if meta.published is not None:
            try:
                normal = normalise_published(meta.published)
            except DateError as exc:
                self.warn(where, f"{exc}; publication date ignored")
            else:
                published, precision, provenance = normal.value, normal.precision, "given"
                evidence = f"{meta.published_origin or 'metadata'}: {meta.published}"
        skipped = find_boilerplate(text)
        if all_skipped(text, skipped):
            self.warn(where, "every line looks like page furniture; nothing in it can be a claim")
        title = meta.title
        if title is None and article.guess_title:
            title = guess_title(text, skipped)
        row = {
            "content_hash": digest,
            "path": article.where,
            "external_id": meta.external_id,
            "format": article.format,
            "title": title,
            "source": meta.source,
            "url": meta.url,
            "published": published,
            "published_precision": precision,
            "published_provenance": provenance,
            "published_evidence": evidence,
            "text": text,
            "skipped": dumps([list(r) for r in skipped]),
            "ingested_at": now(),
            "file_meta": dumps(file_record(meta)),
        }
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        try:
            with transaction(self.db):  # one per document: a failure touches nothing else
                cursor = self.db.conn.execute(
                    f"INSERT INTO documents ({columns}) VALUES ({marks}) "
                    "ON CONFLICT(content_hash) DO NOTHING",
                    list(row.values()),
                )
        except sqlite3.Error as exc:
            self.fail(where, f"could not be stored ({exc})")
            return
        if cursor.rowcount == 1:
            self.report.added += 1
            self.report.document_ids.append(inserted_id(cursor))
        elif not self._known(digest):  # another writer stored it between our two looks
            self.fail(where, "could not be stored (the database refused it)")

    def _copy_of(self, document_id: int, found_at: str, meta: Metadata, where: str) -> bool:
        """Is this text, stored before, a copy from another file (another name, or another
        line of a JSON Lines file)? A wire story filed again on a later day, under another
        date, is not a correction of the first: the document keeps what its own file says,
        and what the copy says otherwise is told, not applied."""
        row = self.db.conn.execute("SELECT path FROM documents WHERE id = ?",
                                   [document_id]).fetchone()
        if row is None or Path(row[0]).name == Path(found_at).name:
            return False
        try:
            changes, _record = file_changes(self.db.conn, document_id, meta)
        except IngestError:
            changes = {}
        said = [f"{name} {one_line(str(changes[k]), 80)}" for k, name in _FIELD_NAMES.items()
                if changes.get(k)]
        if said:
            self.warn(where, f"the same text as {display(row[0])}, already stored: that "
                             f"document keeps its own metadata, not this copy's "
                             f"{'; '.join(said)}")
        return True

    def _amend(self, document_id: int, meta: Metadata, where: str) -> None:
        """Apply what the file's metadata says anew to a document already stored."""
        try:
            changes, record = file_changes(self.db.conn, document_id, meta)
            row = self.db.conn.execute("SELECT file_meta FROM documents WHERE id = ?",
                                       [document_id]).fetchone()
            if not changes and loads(row[0], None) == record:
                return
            done = amend(self.db.conn, document_id, changes, reviewer="workbench",
                         action=FILE_ACTION, file_meta=record)
        except IngestError as exc:
            self.warn(where, f"{exc}; the new metadata is ignored")
            return
        except sqlite3.Error as exc:
            self.fail(where, f"could not update its metadata ({exc})")
            return
        if done.changed:
            self.report.amended += 1

    def _mark_anew(self, document_id: int, text: str, where: str) -> None:
        """Page furniture found by rules newer than the document's first reading (a comment
        thread, a credit line) is marked now, and the document is extracted again at the next
        extract: an upgrade must not leave the old claims on a re-built collection."""
        skipped = dumps([list(r) for r in find_boilerplate(text)])
        try:
            with transaction(self.db):
                changed = self.db.conn.execute(
                    "UPDATE documents SET skipped = ?, extractor_version = NULL "
                    "WHERE id = ? AND skipped IS NOT ?", [skipped, document_id, skipped]
                ).rowcount
        except sqlite3.Error as exc:
            self.fail(where, f"could not update its page furniture ({exc})")
            return
        self.report.remarked += changed

    def _known(self, digest: str) -> bool:
        """Count an already stored text as a duplicate; whether it was one."""
        try:
            row = self.db.conn.execute(
                "SELECT id FROM documents WHERE content_hash = ?", [digest]
            ).fetchone()
        except sqlite3.Error:
            return False  # the insert that follows reports the database problem
        if row is None:
            return False
        self.report.duplicates += 1
        self.report.document_ids.append(row[0])
        return True


# what a copy's metadata may say otherwise, as a warning names it
_FIELD_NAMES = {"published": "publication date", "title": "title", "source": "source",
                "url": "address"}


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@contextmanager
def _progress(reporter: Reporter | None, total: int):
    if reporter is None:
        yield lambda n=1: None
    else:
        with reporter.progress("ingest", total) as advance:
            yield advance


def ingest_paths(
    db: sqlite_utils.Database, paths: list[Path], reporter: Reporter | None = None
) -> IngestReport:
    """Ingest files and folders into ``db``; see the package docstring for the rules.

    Never raises for bad input: each problem is one ``reporter.error`` line naming the
    file, counted in ``report.failed``, and the other files are still ingested.
    """
    run = _Run(db, reporter)
    items = list(expand([Path(p) for p in paths]))
    total = sum(isinstance(item, Found) for item in items)
    with _progress(reporter, total) as advance:
        for item in items:
            if isinstance(item, Problem):
                (run.warn if item.warning else run.fail)(display(item.path), item.message)
                continue
            try:
                run.ingest_file(item)
            except sqlite3.Error:
                raise  # the database, not this file: the command says what to do
            except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
                run.fail(display(item.path),
                         f"could not be read ({one_line(f'{type(exc).__name__}: {exc}', 200)})")
            advance(1)
    return run.report
