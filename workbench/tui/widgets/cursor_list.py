"""An option list that points at its highlighted option with ▶, as the queue points at
its current row: Textual's own tells the highlighted option by colour alone (a tester in
the resolve dialog pressed down, then enter, and chose "leave unresolved" unseen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import OptionList

from .symbols import CURSOR

if TYPE_CHECKING:
    _Base = OptionList
else:
    # a plain mixin: textual reads a widget's styles along its first base that is a widget
    _Base = object

GUTTER = 2  # "▶ " on the first line of the highlighted option, two spaces elsewhere


class Pointed(_Base):
    """Mixed in before an :class:`OptionList` class: a gutter that shows ``▶`` beside the
    highlighted option (on its first line; the lines it wraps onto and the other options
    get spaces)."""

    def _get_left_gutter_width(self) -> int:
        return GUTTER

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # the options are laid out in what the gutter leaves (as ``_update_lines`` does)
        return super().get_content_height(container, viewport, max(1, width - GUTTER))

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            index, line_no = self._lines[self.scroll_offset.y + y]
            option = self.options[index]
        except IndexError:
            return Strip([Segment(" " * GUTTER), *line])
        here = index == self.highlighted and not option.disabled
        # the row's own style (as ``OptionList.render_line`` picks it): the highlight's bar
        # runs under the marker, and a click on the marker picks its option
        part = ("option-list--option-disabled" if option.disabled
                else "option-list--option-highlighted" if here
                else "option-list--option-hover" if self._mouse_hovering_over == index
                else "")
        style = (self.get_visual_style("option-list--option", part) if part
                 else self.get_visual_style("option-list--option")).rich_style
        style += Style(meta={"option": index})
        if here and line_no == 0:
            return Strip([Segment(f"{CURSOR} ", style + Style(bold=True)), *line])
        return Strip([Segment(" " * GUTTER, style), *line])


class CursorList(Pointed, OptionList):
    """An option list whose highlighted option ▶ points at."""
