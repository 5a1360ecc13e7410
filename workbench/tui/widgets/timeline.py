"""A compact strip of events over time: pending and accepted per day, week, month or year
(whatever the story spans), with the current group's place marked, the few entries
dated far from the story (``queue.story_span``) counted at its ends, and the entries only
their first report's day dates ("~" in the queue) counted beside their row, not drawn."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ...review.queue import TimelineBucket

BARS = " ▁▂▃▄▅▆▇█"
LABEL = 9  # width of the "pending  " / "accepted " labels
MONTH_MARK = "·"  # over the days of a month that a month-dated event falls in
WIDE = 120  # from this many columns the labels are whole: "off the strip", "not drawn"


class TimelineStrip(Widget):
    """Three lines: pending bars, accepted bars, and an axis with the current group (▲)."""

    DEFAULT_CSS = """
    TimelineStrip { height: 3; }
    """

    # the current entry's bucket key, or its month ("2025-05") when only a month dates it
    # and the strip counts days or weeks
    current: reactive[str | None] = reactive(None)
    # the current entry's day when only its first report dates it ("~" in the queue)
    current_reported: reactive[str | None] = reactive(None)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.bucket = "day"
        self.buckets: list[TimelineBucket] = []
        self.earlier = 0  # dated entries before the strip's first bucket, not drawn
        self.later = 0  # ... and after its last
        self.reported_pending = 0  # entries only a report's day dates: counted, not drawn
        self.reported_accepted = 0

    def set_data(self, bucket: str, buckets: list[TimelineBucket], earlier: int = 0,
                 later: int = 0, reported_pending: int = 0, reported_accepted: int = 0) -> None:
        self.bucket = bucket
        self.buckets = buckets
        self.earlier, self.later = earlier, later
        self.reported_pending, self.reported_accepted = reported_pending, reported_accepted
        self.refresh()

    def watch_current(self, _value: str | None) -> None:
        self.refresh()

    def _width(self) -> int:
        """Columns for the bars, once the labels have their place (the end label at its
        longest: "per 12 days · N earlier, N later off the strip"; the rows' counts of
        entries a report dates sit above it, in the same columns)."""
        after = max(len(self._end_label(99)), len(self._reported(self.reported_pending)),
                    len(self._reported(self.reported_accepted)))
        return max(0, self.size.width - LABEL - after)

    def _reported(self, n: int) -> str:
        """What a row says after its bars about its entries only a report's day dates
        (the strip leaves them out): in full where there is room, and at 80 columns still
        in words ("· 499 by first report" and "· 499 ~dated, not drawn" were riddles to
        testers there)."""
        if not n:
            return ""
        if self.size.width >= WIDE:
            return f" · {n} dated by first report, not drawn"
        return f" · {n} dated by first report"

    def _end_label(self, per: int) -> str:
        end = f" {self._label(self.buckets[-1].key)} {self._per(per)}"
        off = [f"{n} {word}" for n, word in ((self.earlier, "earlier"), (self.later, "later"))
               if n]
        if off:  # (in words where there is room; the bars need it more on a narrow screen)
            end += f" · {', '.join(off)}" + (" off the strip" if self.size.width >= WIDE else "")
        return end

    def _fold(self, width: int) -> int:
        """How many buckets one column holds at ``width``."""
        return max(1, -(-len(self.buckets) // width)) if width > 0 else 1

    def _per(self, per: int) -> str:
        """ "per day", or "per 4 days" when a column holds several buckets."""
        return f"per {self.bucket}" if per == 1 else f"per {per} {self.bucket}s"

    def _month_columns(self, width: int) -> list[tuple[str, str, int, int, int, int]]:
        """Fold buckets into at most ``width`` columns: (first key, last key, pending,
        accepted, and the month-dated events over the column: pending, accepted)."""
        n = len(self.buckets)
        if n == 0 or width <= 0:
            return []
        per = self._fold(width)
        cols = []
        for i in range(0, n, per):
            chunk = self.buckets[i : i + per]
            cols.append(
                (
                    chunk[0].key,
                    chunk[-1].key,
                    sum(b.pending for b in chunk),
                    sum(b.accepted for b in chunk),
                    max(b.month_pending for b in chunk),
                    max(b.month_accepted for b in chunk),
                )
            )
        return cols

    def _label(self, key: str) -> str:
        """A bucket's first day as short as the span allows: "06-02" within one year,
        "2010-06" across years, "1955" by year."""
        if self.bucket == "year":
            return key[:4]
        if self.bucket == "month" or self.buckets[0].key[:4] != self.buckets[-1].key[:4]:
            return key[:7]
        return key[5:]

    def _current_label(self) -> str:
        """The current group's bucket as the strip counts it: the day, "week of" its
        Monday, the month or the year (not the bucket's first day, which for a group of
        June 25 in a strip by year would read "2009-01-01"); an entry only its first
        report dates, "~" and its day."""
        if self.current_reported:  # its day, written as the queue writes it
            return f"~{self.current_reported}"
        key = self.current or ""
        if len(key) == 7:  # a month-dated entry: its month, not a day no source gives
            return key
        return {"week": f"week of {key}", "month": key[:7], "year": key[:4]}.get(
            self.bucket, key)

    @staticmethod
    def _column_of(current: str | None, cols: list) -> int | None:
        """The column the current entry is marked under: the one holding its day, or for
        a month-dated entry the first column inside its month (the strip may begin or end
        inside it), None when it is off the strip."""
        if not current:
            return None
        for i, (first, last, *_counts) in enumerate(cols):
            if (first[:7] <= current <= last[:7] if len(current) == 7
                    else first <= current <= last):
                return i
        return None

    def _empty(self) -> Text:
        if self.buckets:
            # dated entries, but no column left for a bar (a tester at 48 columns read
            # "no dated groups yet" over hundreds of them)
            return Text("timeline  (too narrow to draw: widen the window)", style="dim")
        left_out = self.reported_pending + self.reported_accepted
        return Text("timeline  (no dated groups yet"
                    + (f" · {left_out} dated by first report, not drawn" if left_out else "")
                    + ")", style="dim")

    def render(self) -> Text:
        if not self.buckets:
            return self._empty()
        # the last bucket's label after the bars is kept in view: the bars make way for it
        width = self._width()
        end = self._end_label(self._fold(width))
        mcols = self._month_columns(width)
        cols = [c[:4] for c in mcols]
        if not cols:
            return self._empty()
        top = max(max(p for _a, _b, p, _c in cols), max(a for _a, _b, _p, a in cols), 1)

        def bar(n: int) -> str:
            if n == 0:
                return " "
            return BARS[max(1, round(n / top * (len(BARS) - 1)))]

        here = self._column_of(self.current, cols)
        pending = Text("pending  ", style="dim")
        accepted = Text("accepted ", style="dim")
        for i, (_f, _l, p, a, mp, ma) in enumerate(mcols):
            style = "reverse" if i == here else ""
            # a month-dated event has no day: "·" over its month where no day has a bar
            pending.append(bar(p) if p or not mp else MONTH_MARK, style=style)
            accepted.append(bar(a) if a or not ma else MONTH_MARK, style=style)
        # the entries a row leaves out, where the end label stands on the axis below
        pending.append(self._reported(self.reported_pending), style="dim")
        accepted.append(self._reported(self.reported_accepted), style="dim")
        # Axis: first day in the label column, the ▲ under the current group, last day after.
        axis = Text(f"{self._label(cols[0][0]) + ' →':<{LABEL}}", style="dim")
        line = [" "] * len(cols)
        if here is not None:
            line[here] = "▲"
        marker = f"  ▲ {self._current_label()}" if here is not None and self.current else ""
        if marker and len(marker) > self.size.width - LABEL - len(cols) - len(end):
            # no room after the counts (at 80 columns a bare ▲ ended the line, its day cut
            # off): the day under the bars, beside its ▲, as the axis writes one ("01-12")
            day = self.current_reported or self.current or ""
            # "~" once: the current label writes it itself (MJ at 80 columns, a strip by
            # month, read "~~2011-01-11")
            short = (("~" if self.current_reported else "") + self._label(day)
                     if self.bucket == "day" and len(day) > 7 else self._current_label())
            if here is not None and here + 2 + len(short) <= len(line):
                line[here + 2:here + 2 + len(short)] = short
                marker = ""
            elif here is not None and here >= len(short) + 1:
                line[here - 1 - len(short):here - 1] = short
                marker = ""
        axis.append("".join(line))
        axis.append(end, style="dim")
        if marker:
            axis.append(marker, style="bold")
        elif self.current and here is None:
            axis.append(f"  {self.current} is off the strip", style="bold")
        out = Text("\n").join([pending, accepted, axis])
        out.no_wrap = True
        out.overflow = "crop"
        return out
