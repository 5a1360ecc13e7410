"""Dialog boxes that take the keys typed into them in the order they were typed, and
dialogs that take the keys typed ahead of them (``TypeAhead``).

Textual hands a key to the widget that has focus when the key arrives and queues it
there; the box inserts a character itself, but an editing key (ctrl+u, backspace) or tab
goes back up to the app to find its binding, after the characters queued behind it. Typed
in one burst (a fast typist, a slow link, a paste into a terminal without bracketed
paste), "tab ctrl+u January 15 enter" in the edit dialog typed the date into the title,
and "ctrl+u New title" cleared "New" after typing it. Here a box runs a key's binding
where the key stands in its queue, and hands a key that reaches it after the focus has
moved on to the box that has the focus now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events
from textual.binding import Binding
from textual.widgets import Input, Select, TextArea
from textual.widgets._select import SelectCurrent, SelectOverlay

from .cursor_list import Pointed

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen
    from textual.widget import Widget

    _Base = Widget
else:
    # a plain mixin: textual reads a widget's styles along its first base that is a widget
    _Base = object


def handed_on(event: events.Key) -> events.Key:
    """A copy of ``event`` to hand to another widget, marked as handed on (the app never
    routes it again: ``TypeAhead``)."""
    key = events.Key(event.key, event.character)
    key.handed_on = True  # type: ignore[attr-defined]
    return key


class InOrder(_Base):
    """Mixed in before a text box class (``class Box(InOrder, Input)``)."""

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not None and self in focused.ancestors:
            # come up from a part of this box that has the focus (a select's open list):
            # handed back to it, the key came up again, and again (the app hung)
            return
        if focused is not None and focused is not self:
            # typed after a tab that moved the focus, but handed here before it moved
            event.stop()
            event.prevent_default()
            focused._forward_event(handed_on(event))
            return
        if self.__dict__.get("_entered"):
            # typed after enter, behind it in this box's queue: "e abc enter a" saved the
            # title "abca" (the save runs once enter's message is read, after the "a")
            event.stop()
            event.prevent_default()
            return
        # an editing key, tab, up/down in a finder, enter: its binding runs here, where
        # the key stands among the characters, looked for from this box up to its dialog
        # and the app as textual looks for it (an action that does not apply, as
        # "down" to scroll a one-line box, goes on to the next); textual would run it
        # once the key had gone back up to the app, behind the keys typed after it. So
        # does a key the box binds though it prints (space ticks a box).
        if ((not event.is_printable or event.key in self._bindings.key_to_bindings)
                and await self.app._check_bindings(event.key)):
            event.stop()
            event.prevent_default()
            if event.key == "enter" and isinstance(self, Input | TextArea):
                # a box's enter submits: until the save it asked for is read (queued
                # behind the keys typed after it), those keys are not typed into it
                self.__dict__["_entered"] = True
                self.call_later(self._enter_read)
            return
        await super()._on_key(event)

    def _enter_read(self) -> None:
        self.__dict__.pop("_entered", None)


class TypeAhead:
    """A dialog that takes the keys typed ahead of it: "e" and a title typed at once
    reached the review screen before the dialog "e" opens, and were lost. The app
    (``WorkbenchApp._on_key``) hands such a key here; it waits until the dialog has its
    focus (``open_to_typing``, on mount), then goes to the box that has it, in order."""

    def type_ahead(self, key: events.Key) -> None:
        waiting = self.__dict__.setdefault("_typed_ahead", [])
        if waiting is None:
            self._hand_on(key)
        else:
            waiting.append(key)

    def open_to_typing(self) -> None:
        waiting = self.__dict__.get("_typed_ahead") or []
        self.__dict__["_typed_ahead"] = None
        for key in waiting:
            self._hand_on(key)

    def _hand_on(self, key: events.Key) -> None:
        screen = cast("Screen", self)
        (screen.focused or screen)._forward_event(key)


class TypedInput(InOrder, Input):
    """An :class:`Input` whose keys take effect in the order typed."""


class TypedArea(InOrder, TextArea):
    """A :class:`TextArea` whose keys take effect in the order typed."""


class TypedSelect(InOrder, Select, inherit_bindings=False):
    """A :class:`Select` whose keys (tab past it, down to open it) take effect in order.
    Enter is the dialog's, as its keys line says ("enter apply"): chosen from the list, a
    status was applied only by a second enter that opened the list again."""

    BINDINGS = [Binding("down,space,up", "show_overlay", "Show menu", show=False,
                        id="select.open", tooltip="Open the list of choices")]

    def compose(self) -> ComposeResult:
        # its list open, ▶ beside the highlighted choice, never its colour alone (Select's
        # own parts, from textual.widgets._select, pinned in requirements.lock: there is
        # no public way to give its list another class)
        yield SelectCurrent(self.prompt)
        yield PointedOverlay(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact)


class PointedOverlay(Pointed, SelectOverlay):
    """A :class:`Select`'s open list, ▶ beside the highlighted choice."""
