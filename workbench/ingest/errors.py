"""The one exception the ingest readers raise for bad input."""

from __future__ import annotations


class IngestError(Exception):
    """Input that cannot be ingested. ``str(exc)`` is the problem, for one line after the
    file name; it never needs a traceback to be understood."""
