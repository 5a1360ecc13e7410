"""A checkbox whose state shows without colour: ``[x]`` checked, ``[ ]`` not.

Textual's own draws ``▐X▌`` both ways and tells them apart by colour alone.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

from .boxes import InOrder

CHECKED = "[x]"
UNCHECKED = "[ ]"


def box(checked: bool) -> str:
    return CHECKED if checked else UNCHECKED


class TextCheckbox(InOrder, Checkbox):
    """Its keys (space, tab) in the order typed, as a dialog's text boxes take theirs."""

    @property
    def _button(self) -> Content:
        return Content(box(self.value))
