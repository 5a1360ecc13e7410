"""Every format is written as it is read: the memory an export takes does not grow with
the chronology, and a list is written item by item as it is produced.

Memory is Python's own (tracemalloc: deterministic, whatever else the machine runs), on
two synthetic chronologies, one four times the other. Holding the chronology, or any
list of its events, rows or citations, makes the larger export's peak about four times
the smaller's; streaming keeps them level. SQLite's own memory (its page cache, the sort
it spills to disk) is not Python's and is bounded by its settings.
"""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc

import pytest
from builders import Builder
from hypothesis import given
from hypothesis import strategies as st

from workbench import export
from workbench.db import connect
from workbench.export import export_chronology, model, reader
from workbench.export.reader import load_chronology, open_chronology
from workbench.export.to_json import dumps, write_json

CASES = [("md", {}), ("html", {}), ("json", {}), ("csv", {}), ("csv", {"claims": True}),
         ("timelinejs", {}), ("json", {"everything": True})]  # fmt: skip


def _build(path, events: int):
    """``events`` accepted events on a day of their own, with distinct titles; every
    other one rests on a single source, a warning the export must not hold either, and
    every one has a twin the same day under the same title: a duplicate the check finds,
    which it must not hold either."""
    db = connect(path)
    b = Builder(db)
    day = dt.date(2001, 1, 1)
    for i in range(events):
        date = (day + dt.timedelta(days=i)).isoformat()
        claims = []
        for source in ("Wire", "Daily")[: 1 + i % 2]:
            sentence = f"Delegation {i} met envoy {i * 7 + 3} in city {i} on {date} ({source})."
            doc = b.document(f"Report {i}.\n\n{sentence}\n", title=f"{source} report {i}",
                             path=f"{source}/{i}.txt", source=source, published=date)
            claims.append(b.claim(doc, sentence, date=date, date_text=date))
        b.group(claims, title=f"Delegation {i} meets envoy {i * 7 + 3}", status="accepted")
        twin = f"Delegation {i} and envoy {i * 7 + 3} met again on {date}."
        doc = b.document(f"{twin}\n", title=f"Post report {i}", path=f"Post/{i}.txt",
                         source="Post", published=date)
        b.group([b.claim(doc, twin, date=date, date_text=date)],
                title=f"Delegation {i} meets envoy {i * 7 + 3}", status="accepted")
    b.commit()
    return db


@pytest.fixture(scope="module")
def sizes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("streaming")
    small, large = _build(folder / "small.db", 150), _build(folder / "large.db", 600)
    yield small, large
    small.conn.close()
    large.conn.close()


class _Null(io.RawIOBase):
    """A binary sink that keeps nothing (what /dev/null is to a file)."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        return len(data)


def _peak(db, fmt, options) -> int:
    export_chronology(db, fmt, _Null(), **options)  # warm: imports, registrations
    # the small caches of dates and documents fill up to their bound in either export
    model._parse_date.cache_clear()
    reader._document.cache_clear()
    tracemalloc.start()
    try:
        export_chronology(db, fmt, _Null(), **options)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(("fmt", "options"), CASES,
                         ids=[f + "".join(f"-{k}" for k in o) for f, o in CASES])  # fmt: skip
def test_memory_does_not_grow_with_the_chronology(sizes, fmt, options, monkeypatch):
    # the output buffer (64 KiB) would otherwise hold all of the smaller export
    monkeypatch.setattr(export._Sink, "SIZE", 2048)
    small, large = sizes
    assert load_chronology(large).event_count == 4 * load_chronology(small).event_count
    a, b = _peak(small, fmt, options), _peak(large, fmt, options)
    # level when streamed; x4 when the events are held (x2 would still be a leak)
    assert b < 1.5 * a, f"{fmt}: peak {a:,} B for 150 events, {b:,} B for 600"


def test_the_stream_reads_what_the_whole_chronology_holds(sizes):
    _small, large = sizes
    whole = load_chronology(large)
    with open_chronology(large) as streamed:
        assert (streamed.event_count, streamed.citation_count, streamed.document_count) == (
            whole.event_count, whole.citation_count, whole.document_count)
        assert list(streamed.iter_events()) == list(whole.events)
        assert list(streamed.iter_citations()) == list(whole.citations)


def test_a_list_is_written_item_by_item_as_it_is_produced():
    out = io.StringIO()
    seen = []

    def items():
        for i in range(5):
            # every item produced before this one is already written, to its last key
            assert out.getvalue().count('"deep"') == len(seen)
            item = {"n": i, "quote": f"q{i}\n", "tags": [i, {"deep": "x"}]}
            seen.append(item)
            yield item

    write_json({"title": "t", "events": items(), "empty": iter(()), "nested": {"a": iter([1])}},
               out)
    assert out.getvalue() == dumps({"title": "t", "events": seen, "empty": [],
                                    "nested": {"a": [1]}})


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _lazy(value, flags):
    """``value`` with some of the lists that are values of its dicts (at any depth of
    dicts) turned into iterators: where write_json streams them."""
    if isinstance(value, dict):
        return {k: _lazy(v, flags) if isinstance(v, dict) else
                iter(v) if isinstance(v, list) and next(flags, True) else v
                for k, v in value.items()}
    return value


@given(_JSON, st.lists(st.booleans()))
def test_written_as_it_goes_is_what_json_dumps_writes(value, flags):
    out = io.StringIO()
    write_json(_lazy(value, iter(flags)), out)
    assert out.getvalue() == dumps(value)
