"""The review core: the queue, the detail of one group, and every reviewer action.

Plain Python over SQLite; it never imports textual, so the CLI, tests and any other front
end can drive a review exactly as the TUI does.
"""

from .actions import (
    decide,
    decide_many,
    drop,
    edit,
    merge,
    redo,
    redo_target,
    resolve,
    split,
    undo,
    undo_target,
)
from .config import Config, ConfigError, load_config
from .detail import GroupDetail, load_detail, load_document
from .outcome import Outcome, ReviewError, StaleGroup
from .queue import Filter, Progress, QueueRow, count, page, position, progress, resume_group

__all__ = [
    "Config",
    "ConfigError",
    "Filter",
    "GroupDetail",
    "Outcome",
    "Progress",
    "QueueRow",
    "ReviewError",
    "StaleGroup",
    "count",
    "decide",
    "decide_many",
    "drop",
    "edit",
    "load_config",
    "load_detail",
    "load_document",
    "merge",
    "page",
    "position",
    "progress",
    "redo",
    "redo_target",
    "resolve",
    "resume_group",
    "split",
    "undo",
    "undo_target",
]
