"""``svg``: a static timeline figure of the eras and their milestones, for slides and theses.

The years run left to right; each era is a lane (in the article's order) with a bar over the
span of its works and a dot and label for each milestone, labels stacked in rows so that none
overlap. The figure is 900 units wide with text of at least 12 units: printed across an A4
page's text width (180 mm) its smallest text is about 7 pt. Each milestone carries a
``<title>`` (title, authors, venue, year) that viewers show on hover.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, TextIO

from ..export import Writer, register
from .layout import COLOURS, DEFAULT_TITLE, Band, bands, escape_text, pack, shown, year_range

if TYPE_CHECKING:
    from ..house_style import HouseStyle
    from ..models import Era, Prefer, Reference

__all__ = ["SvgWriter"]

WIDTH = 900
"""Width of the figure in user units (pixels on screen)."""
_MARGIN = 16
_TITLE_SIZE = 20
_HEAD_SIZE = 14
_LABEL_SIZE = 13
_TICK_SIZE = 12
_ROW = 20
"""Height of one row of milestone labels."""
_CHAR = 0.62
"""Width of a character in font sizes, a little above the average of sans-serif fonts, so
that the row packing errs towards space."""
_DOT = 4
_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


@register
class SvgWriter(Writer):
    """A static SVG timeline: eras as lanes along the years, every milestone labelled."""

    name = "svg"
    suffixes: ClassVar[tuple[str, ...]] = (".svg",)
    description = "a timeline figure (SVG) of the eras and milestones, legible at A4 width"

    def __init__(
        self,
        *,
        prefer: Prefer = "published",
        eras: Sequence[Era] | None = None,
        style: HouseStyle | None = None,
        title: str = DEFAULT_TITLE,
    ) -> None:
        super().__init__(prefer=prefer, eras=eras, style=style)
        self.title = title
        """The figure's heading."""

    def write_stream(self, refs: Sequence[Reference], stream: TextIO) -> None:
        groups = bands(refs, self.eras)
        first, last = year_range(groups) if groups else (2000, 2000)
        scale = (WIDTH - 2 * _MARGIN) / (last + 1 - first)

        def x_of(position: float) -> float:
            return _MARGIN + (position - first) * scale

        top = 72
        lanes: list[str] = []
        for index, band in enumerate(groups):
            lane, height = self._lane(band, index, top, x_of)
            lanes.append(lane)
            top += height
        height = top + _MARGIN
        step = max(1, round(40 / scale))  # at least 40 units between year labels
        grid = []
        for year in range(first, last + 2):
            x = x_of(year)
            grid.append(
                f'<line x1="{x:.1f}" y1="44" x2="{x:.1f}" y2="{top}" stroke="#dcdce3" '
                'stroke-width="1"/>\n'
            )
            if (year - first) % step == 0 and year <= last:
                grid.append(
                    f'<text x="{x + 3:.1f}" y="58" font-size="{_TICK_SIZE}" '
                    f'fill="#4f4f58">{year}</text>\n'
                )
        title = escape_text(self.title)
        stream.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" font-family="{_FONT}" role="img" '
            'aria-labelledby="figure-title">\n'
            f'<title id="figure-title">{title}</title>\n'
            f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>\n'
            f'<text x="{_MARGIN}" y="28" font-size="{_TITLE_SIZE}" font-weight="bold" '
            f'fill="#1b1b1f">{title}</text>\n' + "".join(grid) + "".join(lanes) + "</svg>\n"
        )

    def _lane(
        self, band: Band, index: int, top: int, x_of: Callable[[float], float]
    ) -> tuple[str, int]:
        """One era's lane at ``top``: its markup and height."""
        colour, wash = COLOURS[index % len(COLOURS)]
        # A label goes on its dot's roomier side (right, text-anchor start, in the left half;
        # left, anchor end, in the right half), else on the other side, else a row lower.
        choices: list[list[tuple[float, float]]] = []
        rights = []
        for work in band.works:
            x = x_of(work.position)
            width = len(work.label) * _LABEL_SIZE * _CHAR
            right = (x - _DOT, x + _DOT + 3 + width)
            left = (x - _DOT - 3 - width, x + _DOT)
            sides = (right, left) if x < WIDTH / 2 else (left, right)
            inside = [s for s in sides if s[0] >= _MARGIN / 2 and s[1] <= WIDTH - _MARGIN / 2]
            choices.append(inside or [right])
            rights.append(right)
        placed = pack(choices, gap=10)
        rows = [row for row, _ in placed]
        on_right = [c[i] == r for c, r, (_, i) in zip(choices, rights, placed, strict=True)]
        height = 44 + (max(rows) + 1) * _ROW
        start = x_of(band.works[0].position) - _DOT
        end = max(x_of(w.position) for w in band.works) + _DOT
        heading = band.heading if band.years == band.heading else f"{band.heading} ({band.years})"
        out = [
            f'<g class="era" id="{band.anchor}">\n',
            f'<rect x="0" y="{top:.1f}" width="{WIDTH}" height="{height:.1f}" fill="{wash}" '
            'fill-opacity="0.6"/>\n',
            f'<text x="{_MARGIN}" y="{top + 18:.1f}" font-size="{_HEAD_SIZE}" '
            f'font-weight="bold" fill="{colour}">{escape_text(heading)}</text>\n',
            f'<rect x="{start:.1f}" y="{top + 25:.1f}" width="{end - start:.1f}" height="5" '
            f'rx="2.5" fill="{colour}"/>\n',
        ]
        for work, row, is_right in zip(band.works, rows, on_right, strict=True):
            x, y = x_of(work.position), top + 44 + row * _ROW
            facts = shown(work.ref, self.prefer)
            about = ", ".join(p for p in (facts.title, facts.authors, facts.venue_and_year) if p)
            text_x, anchor = (x + _DOT + 3, "start") if is_right else (x - _DOT - 3, "end")
            out.append(
                f'<g class="milestone"><title>{escape_text(f"{work.date_text}: {about}")}</title>'
                f'<circle cx="{x:.1f}" cy="{y - 4:.1f}" r="{_DOT}" fill="{colour}"/>'
                f'<text x="{text_x:.1f}" y="{y:.1f}" font-size="{_LABEL_SIZE}" '
                f'text-anchor="{anchor}" fill="#1b1b1f">{escape_text(work.label)}</text></g>\n'
            )
        out.append("</g>\n")
        return "".join(out), height
