"""Text boxes that take the keys typed into them in the order they were typed.

Textual hands a key to the widget that has focus when the key arrives and queues it
there; the box inserts a character itself, but an editing key (ctrl+u, backspace) or tab
goes back up to the app to find its binding, after the characters queued behind it. Typed
in one burst (a fast typist, a slow link, a paste into a terminal without bracketed
paste), "tab ctrl+u January 15 enter" in the edit dialog typed the date into the title,
and "ctrl+u New title" cleared "New" after typing it. Here a box runs its own bindings and
tab where the key stands in its queue, and hands a key that reaches it after the focus
has moved on to the box that has the focus now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    # a plain mixin: textual reads a widget's styles along its first base that is a widget
    _Base = object

_FOCUS_KEYS = {"tab": "focus_next", "shift+tab": "focus_previous"}


class InOrder(_Base):
    """Mixed in before a text box class (``class Box(InOrder, Input)``)."""

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not None and focused is not self:
            # typed after a tab that moved the focus, but handed here before it moved
            event.stop()
            event.prevent_default()
            focused._forward_event(events.Key(event.key, event.character))
            return
        if not event.is_printable:
            for key in event.aliases:
                bindings = self._bindings.key_to_bindings.get(key)
                if bindings:
                    event.stop()
                    event.prevent_default()
                    await self.run_action(bindings[0].action)
                    return
                if key in _FOCUS_KEYS and not self._tab_is_text():
                    event.stop()
                    event.prevent_default()
                    getattr(self.screen, _FOCUS_KEYS[key])()
                    return
        await super()._on_key(event)

    def _tab_is_text(self) -> bool:
        """Does tab type a tab here (a text area that indents with it)?"""
        return getattr(self, "tab_behavior", "focus") == "indent"


class TypedInput(InOrder, Input):
    """An :class:`Input` whose keys take effect in the order typed."""


class TypedArea(InOrder, TextArea):
    """A :class:`TextArea` whose keys take effect in the order typed."""
