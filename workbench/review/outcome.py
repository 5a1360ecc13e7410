"""What a reviewer's action gives back: what it did (``Outcome``), or why it could not be
done (``ReviewError``, ``StaleGroup``). Its own module, so that the actions on groups
(``actions``) and on documents (``documents``) both use it and neither imports the other
for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class ReviewError(Exception):
    """An action that cannot be done; the message is meant for the reviewer."""


class StaleGroup(ReviewError):
    """Someone else (another process) changed the group since it was shown."""

    def __init__(self, group_ids: Iterable[int], message: str | None = None,
                 decision_id: int | None = None):
        self.group_ids = sorted(set(group_ids))
        self.decision_id = decision_id  # the logged action an undo or redo could not replay
        ids = ", ".join(f"#{g}" for g in self.group_ids)
        super().__init__(
            message
            or f"group {ids} was changed by another process since it was shown; "
            "the screen has been refreshed, please look again"
        )


@dataclass(frozen=True)
class Outcome:
    """What an action did, for the UI to say so and to know where to go next."""

    decision_id: int | None
    action: str
    group_ids: tuple[int, ...]  # groups that exist afterwards and were touched
    message: str
    focus: int | None = None  # the group to show next, when the action implies one
    redated: tuple[int, ...] = ()  # documents whose publication date changed
    # the entry that took a rejected one's place among its day's (``group.rank``): a queue
    # sorted by importance shows it next, or it is passed over above the cursor
    opens: int | None = None
    opens_at: str = ""  # where it stands now: "the first entry of 2010-01-12"
    # days whose entries the caller ranks again once the decision is committed
    # (``actions.rank_again``), each with the entry rejected on it, if one was
    rank_later: tuple[tuple[str, int | None], ...] = ()
