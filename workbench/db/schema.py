"""Ordered schema migrations. The database records how many it has applied in
``PRAGMA user_version``; every table and column is documented in ``db/README.md``.

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the whole first schema.
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        external_id TEXT,
        format TEXT NOT NULL,
        title TEXT,
        source TEXT,
        url TEXT,
        published TEXT,
        published_precision TEXT,
        published_provenance TEXT NOT NULL DEFAULT 'unknown',
        published_evidence TEXT,
        text TEXT NOT NULL,
        skipped TEXT NOT NULL DEFAULT '[]',
        ingested_at TEXT NOT NULL,
        extracted_at TEXT,
        extractor_version TEXT
    );

    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'event',
        date TEXT,
        date_precision TEXT,
        date_provenance TEXT NOT NULL DEFAULT 'none',
        date_text TEXT,
        date_base TEXT,
        speaker TEXT,
        speaker_norm TEXT,
        reporting_verb TEXT,
        trigger TEXT,
        entities TEXT NOT NULL DEFAULT '[]',
        numbers TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL
    );
    CREATE INDEX claims_document ON claims(document_id, char_start);

    CREATE TABLE groups (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        title_claim_id INTEGER REFERENCES claims(id) ON DELETE SET NULL,
        event_date TEXT,
        date_precision TEXT,
        sources INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'accepted', 'rejected', 'skipped')),
        note TEXT,
        edited TEXT NOT NULL DEFAULT '[]',
        changed_since_review INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX groups_queue ON groups(status, event_date);

    CREATE TABLE group_members (
        claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
        group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        similarity REAL NOT NULL DEFAULT 1.0,
        pinned INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX group_members_group ON group_members(group_id);

    CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('date', 'number', 'name')),
        subject TEXT NOT NULL,
        "values" TEXT NOT NULL,
        claim_ids TEXT NOT NULL,
        resolution TEXT
    );
    CREATE INDEX conflicts_group ON conflicts(group_id);

    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        action TEXT NOT NULL,
        group_id INTEGER,
        before TEXT NOT NULL DEFAULT '{}',
        after TEXT NOT NULL DEFAULT '{}',
        undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX decisions_group ON decisions(group_id);

    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

    CREATE VIRTUAL TABLE claims_fts USING fts5(
        text, content='claims', content_rowid='id', tokenize='porter unicode61'
    );
    CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN
        INSERT INTO claims_fts(rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER claims_fts_ad AFTER DELETE ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TRIGGER claims_fts_au AFTER UPDATE OF text ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO claims_fts(rowid, text) VALUES (new.id, new.text);
    END;

    CREATE VIRTUAL TABLE groups_fts USING fts5(
        title, note, content='groups', content_rowid='id', tokenize='porter unicode61'
    );
    CREATE TRIGGER groups_fts_ai AFTER INSERT ON groups BEGIN
        INSERT INTO groups_fts(rowid, title, note) VALUES (new.id, new.title, new.note);
    END;
    CREATE TRIGGER groups_fts_ad AFTER DELETE ON groups BEGIN
        INSERT INTO groups_fts(groups_fts, rowid, title, note)
            VALUES ('delete', old.id, old.title, old.note);
    END;
    CREATE TRIGGER groups_fts_au AFTER UPDATE OF title, note ON groups BEGIN
        INSERT INTO groups_fts(groups_fts, rowid, title, note)
            VALUES ('delete', old.id, old.title, old.note);
        INSERT INTO groups_fts(rowid, title, note) VALUES (new.id, new.title, new.note);
    END;
    """,
    # 2: old claim ids that re-extraction replaced, so decisions naming them stay readable.
    """
    CREATE TABLE claim_aliases (
        old_id INTEGER PRIMARY KEY,
        new_id INTEGER REFERENCES claims(id) ON DELETE SET NULL,
        at TEXT NOT NULL
    );
    """,
    # 3: what a claim's source itself says about its date, kept while its group has set a
    # sharper date (the source's "2003", the group's April 28, 2003).
    """
    ALTER TABLE claims ADD COLUMN stated_date TEXT;
    ALTER TABLE claims ADD COLUMN stated_provenance TEXT;
    -- weekdays pinned before this column existed: a bare weekday in the source
    UPDATE claims SET stated_provenance = 'relative'
        WHERE date_provenance = 'corroborated' AND date_base LIKE 'weekday matches the date%';
    """,
    # 4: chronology entries. A group is one occasion (an entry); inside it, ``event`` keeps
    # the finer event each claim reports (conflicts compare claims of one event). A claim's
    # ``aspect`` says whether it tells a happening; a group of claims that tell none is
    # ``background`` (hidden from the default queue); ``importance`` ranks entries.
    """
    ALTER TABLE claims ADD COLUMN aspect TEXT;
    ALTER TABLE groups ADD COLUMN background INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE groups ADD COLUMN importance REAL NOT NULL DEFAULT 0;
    ALTER TABLE group_members ADD COLUMN event INTEGER;
    CREATE INDEX groups_rank ON groups(background, importance);
    """,
    # 5: the metadata a document's file itself gave when last read (sidecar, front matter,
    # JSON line), so the next ingest notices when it changes, and only then.
    """
    ALTER TABLE documents ADD COLUMN file_meta TEXT;
    """,
    # 6: why a document could not be extracted (it is skipped, not retried, until the
    # extractor changes), so one bad document never stops a build.
    """
    ALTER TABLE documents ADD COLUMN extract_problem TEXT;
    ALTER TABLE documents ADD COLUMN extract_problem_version TEXT;
    """,
    # 7: what the last grouping knew of each document (its extraction and its stories), so
    # a build regroups only the stories that new or re-extracted documents touch.
    """
    CREATE TABLE grouped_documents (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        extracted_at TEXT,
        story INTEGER,
        tight INTEGER
    );
    """,
    # 8: each document's unit (``GroupingConfig.unit_threshold``): grouping reads one unit
    # at a time, and an incremental build regroups whole units. ``story`` and ``tight``
    # are now the stories before they are split into occasions.
    "ALTER TABLE grouped_documents ADD COLUMN unit INTEGER;",
    # 9: how an entry's date is known: 'sources' (its claims state it), 'published' (none
    # does; the day its first report was published) or 'reviewer' (typed in review), NULL
    # when undated. Dates written before came from the sources or a reviewer's edit.
    """
    ALTER TABLE groups ADD COLUMN date_basis TEXT;
    UPDATE groups SET date_basis = CASE WHEN edited LIKE '%"event_date"%' THEN 'reviewer'
        ELSE 'sources' END WHERE event_date IS NOT NULL;
    """,
    # 10: the phrases of a claim that a date of their own places ("charged him in the 1995
    # shooting", told on Monday: "the 1995 shooting" is 1995), JSON.
    "ALTER TABLE claims ADD COLUMN dated_parts TEXT NOT NULL DEFAULT '[]';",
    # 11: the aliases that name a claim, found by the claim: deleting a claim (re-extraction)
    # empties them (ON DELETE SET NULL), which without it read the whole table per claim,
    # and re-extraction points them at the claim that took its place.
    "CREATE INDEX claim_aliases_new ON claim_aliases(new_id);",
    # 12: a search finds the words it shows: those that start with what the reviewer typed,
    # as the detail pane finds and marks them. Stemmed (Porter), "elections" became the
    # prefix "elect" and found entries about electricity, in which the pane found nothing.
    """
    DROP TABLE claims_fts;
    CREATE VIRTUAL TABLE claims_fts USING fts5(
        text, content='claims', content_rowid='id', tokenize='unicode61'
    );
    INSERT INTO claims_fts(claims_fts) VALUES ('rebuild');
    DROP TABLE groups_fts;
    CREATE VIRTUAL TABLE groups_fts USING fts5(
        title, note, content='groups', content_rowid='id', tokenize='unicode61'
    );
    INSERT INTO groups_fts(groups_fts) VALUES ('rebuild');
    """,
    # 13: one day's entries and the claims that name a day, found by the day: a decision
    # ranks its entry's day again (``group.rank.rank_day``), and reading them by scanning
    # 100,000 groups and 175,000 claims made a reject 130 ms.
    """
    CREATE INDEX groups_day ON groups(event_date, date_precision);
    CREATE INDEX claims_day ON claims(coalesce(stated_date, date));
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
