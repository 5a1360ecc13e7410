"""A checkbox whose state shows without colour: ``[x]`` checked, ``[ ]`` not.

Textual's own draws ``▐X▌`` both ways and tells them apart by colour alone.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Checkbox

from .boxes import InOrder

CHECKED = "[x]"
UNCHECKED = "[ ]"


def box(checked: bool) -> str:
    return CHECKED if checked else UNCHECKED


class TextCheckbox(InOrder, Checkbox, inherit_bindings=False):
    """Its keys (space, tab) in the order typed, as a dialog's text boxes take theirs.
    Space ticks it; enter is the dialog's (the filter's "enter apply": a tester's enter
    on a box ticked it, and the filter was not applied)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Toggle", show=False, id="checkbox.toggle",
                tooltip="Tick or untick the box"),
    ]

    @property
    def _button(self) -> Content:
        return Content(box(self.value))
