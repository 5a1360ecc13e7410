"""The review TUI (Textual), on top of the headless core in ``workbench.review``.

``workbench review`` opens :class:`workbench.tui.app.WorkbenchApp`. Layout: a progress
line, a timeline strip, the queue (a DataTable holding a window of rows paged from SQLite)
and the selected group in detail; side by side from 150 columns, stacked below.

Keys are remappable by binding id in ``$WORKBENCH_CONFIG`` or
``~/.config/workbench/config.toml``::

    reviewer = "ana"
    [keys]
    accept = "y"
    reject = "n"

``?`` lists every binding with its id; ``ctrl+p`` runs any action, filter or the export.
"""
