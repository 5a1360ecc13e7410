"""Stage 1, ingest: articles come in, safely.

``workbench ingest PATH...`` (or :func:`ingest_paths`) stores each article as one row of
``documents``, with its text exactly as claims will cite it.

Formats
    ``.txt``  plain text, UTF-8. The title is the first line that is not boilerplate if it
              looks like a headline (at most 25 words, no final full stop), else none.
    ``.md``   Markdown with optional front matter (``---`` fenced ``key: value`` lines, no
              YAML library needed). Inline markup (``#``, links, emphasis, images) is
              removed so claims quote words; the first ``# heading`` is the title.
    ``.html`` / ``.htm``  the article text only (see ``html_extract``): scripts, styles,
              navigation, header/footer, share/comment/related widgets dropped; the
              ``<article>``/``<main>``/densest block kept; paragraphs as blank-line
              separated blocks. Metadata from meta tags and JSON-LD.
    ``.jsonl`` one article per line: ``{"text": "...", "id", "title", "url", "source",
              "published"}``; every field but ``text`` optional, all strings (``id`` may be
              an integer). The stored path is ``file.jsonl:LINE``.
    Sidecar ``NAME.meta.json`` (or ``NAME.txt.meta.json``) beside ``NAME.txt``/``.md``/
    ``.html`` gives the same fields (``id``, ``title``, ``source``, ``url``, ``published``;
    aliases such as ``date`` or ``headline`` are accepted) and wins over metadata in the
    file itself. A sidecar that is not valid JSON is an error for its article: once
    stored, the text could not get its metadata later (the same text again is a
    duplicate).

Folders are walked recursively in sorted order; hidden files, ``*.meta.json`` and files
of other types in folders are skipped quietly, but a file of another type named on the
command line is an error. Symbolic links are followed, each file and folder once.

Stored text
    Decoded as UTF-8 (a BOM is dropped; other encodings are refused, except an HTML page
    whose ``<meta charset>`` declares one); line ends normalised to ``\\n``; otherwise
    unchanged, except text a tokenizer wrote (``tokenized``: research corpora such as
    Timeline17 store "said , adding -LRB- ... -RRB-" and "Reuters\\/AP"), which is
    stored as the prose it was, line by line: claims quote prose and page furniture is
    found in it. A file stored as tokens by an earlier version is still that document.
    ``content_hash`` is the SHA-256 of the stored text: the same content again is counted
    as "already present" and its text never changes. What changes is what is known of it:
    newer metadata from its own file (below; a copy of the text in a file of another
    name, or on another line of a ``.jsonl``, changes nothing, and metadata of its own
    that differs is one warning), and page furniture that this version's rules
    find and the first reading's did not (a comment thread), which is marked and makes
    the next extract read the document again.

Publication date
    From metadata (front matter, sidecar, JSON line, HTML meta/JSON-LD), normalised to
    ``YYYY-MM-DD``/``YYYY-MM``/``YYYY`` with its precision and provenance ``given``;
    ``published_evidence`` says where it came from. A value that is not a date is a
    one-line warning and is ignored. Without one, the article's address may state it
    (``dates.address_date``): the day in its URL (``/2010/01/13/``, ``/2010/jan/13/``, a
    month as ``/2010/01/``), in its file name (``haiti-2010-01-13.txt``), or a folder
    named by the day (``2010-01-13/``, ``2010/01/13/``), as archives and news-tls corpora
    file them; evidence ``url: 2010-01-13``, ``folder name: 2010-01-13``. Such a date
    fills a gap on a later build too, but never replaces a date stated by metadata or the
    reviewer. Otherwise ``published`` is NULL, provenance ``unknown``; the extract stage
    infers dates from the text, ingest never does.

Limits
    A ``.txt``/``.md``/``.html`` file over 10 MiB (``readers.MAX_DOCUMENT_BYTES``) is
    refused from its size, without being read. ``.jsonl`` files are streamed line by line
    (bounded memory at any size); a line over 10 MiB is refused. A sidecar over 1 MB is
    refused from its size too. A FIFO, device or socket is never opened, whatever its
    name. HTML elements nest at most 128 deep and Markdown markup is matched over at most
    1,000 characters, so every parser is linear in the size of the file.

Bad input
    Each problem is one ``error:`` line naming the file (``file:line`` for JSON lines) and
    the problem, never a traceback; the other files (and lines) are still ingested. Each
    document is inserted in its own transaction, so a failure never changes what is
    already stored. Missing paths, empty or binary (NUL) files, invalid UTF-8, HTML with no
    article text, malformed/ill-typed/duplicate-id JSON lines, broken sidecars, unsupported
    types and broken links are all reported this way.

Boilerplate
    Page furniture is never evidence, but the text is kept as it was: ``documents.skipped``
    holds ``[start, end, reason]`` ranges from :func:`find_boilerplate`: navigation and
    social/comment widget lines (``widget``), URL/path lines and embed credits
    (``markup``), date-stamp lines (``dateline``), lines of at most three words without
    sentence punctuation (``short line``), teasers cut off with "..." (``truncated
    teaser``), repeats of an earlier line (``repeated``; the first copy is kept), a
    "Read also"/"Related"/"Latest" section in the last 70% of the text up to the next real
    paragraph (``related links``), credit lines that say only who reported, wrote or
    edited the story ("Reporting by X; Editing by Y", "X contributed to this report.")
    or took its pictures ("Photograph: Susana Gonzalez/Reuters", "(Photo: American Red
    Cross)"): ``credit``) and wire disclaimers and coverage teasers ("Reuters is not
    responsible for the content in this press release.", "(For full coverage, click
    (nFLU))": ``wire notice``), a page's word to the browser where a video was ("To play
    this content JavaScript must be turned on ...": ``player notice``) and a web server's
    error message printed in the page (``page error``). A credit or notice run into a
    line of article text is skipped alone, where it stands apart from the sentences (in
    brackets, as the line's last sentence, a picture credit where its agency ends it),
    never cut out of a sentence. Detection is by shape, not by known pages; see
    ``boilerplate``. A text whose every line is boilerplate is stored with a warning.
"""

from __future__ import annotations

from .boilerplate import find_boilerplate, guess_title
from .errors import IngestError
from .pipeline import content_hash, ingest_paths
from .report import IngestReport

__all__ = [
    "IngestError",
    "IngestReport",
    "content_hash",
    "find_boilerplate",
    "guess_title",
    "ingest_paths",
]
