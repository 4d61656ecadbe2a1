"""Icon arrays: "38 out of 41" drawn as 41 people, 38 of them filled, in rows of 10.

Plain escaped SVG: the picture carries role="img", an aria-label and a <title> with the sentence in words,
so screen readers get the same numbers as the eye.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

PER_ROW = 10
MAX_ICONS = 200  # above this, draw "about N out of 100" instead of hundreds of tiny people
FILLED = "#1d6a96"
EMPTY = "#ffffff"
EMPTY_OUTLINE = "#59636e"  # 6:1 against white: the people not filled in are seen, not guessed (WCAG 1.4.11)
ICON_W, ICON_H, GAP = 18, 26, 4


@dataclass(frozen=True)
class Frequency:
    """The natural frequency drawn: `count` filled icons out of `total` icons."""

    count: int
    total: int
    scaled: bool = False  # True when rescaled to "out of 100"

    @property
    def words(self) -> str:
        about = "about " if self.scaled else ""
        return f"{about}{self.count} out of {self.total}"


def natural_frequency(count: int, total: int) -> Frequency:
    """The frequency to draw; very large totals become a rounded "out of 100"."""
    if total < 1:
        raise ValueError("total must be at least 1")
    count = max(0, min(count, total))
    if total <= MAX_ICONS:
        return Frequency(count, total)
    return Frequency(round(100 * count / total), 100, scaled=True)


def _person(x: float, y: float, colour: str) -> str:
    outline = f' stroke="{EMPTY_OUTLINE}" stroke-width="1.5"' if colour == EMPTY else ""
    head = f'<circle cx="{x + ICON_W / 2:.1f}" cy="{y + 5:.1f}" r="4.5" fill="{colour}"{outline}/>'
    body = (f'<path d="M{x + 2:.1f},{y + ICON_H:.1f} v-9 a7,7 0 0 1 7,-7 h0 a7,7 0 0 1 7,7 v9 z" '
            f'fill="{colour}"{outline}/>')
    return head + body


def icon_array_svg(count: int, total: int, label: str, per_row: int = PER_ROW) -> str:
    """An SVG icon array: `count` filled people out of `total`, grouped in rows of `per_row`.

    `label` is the sentence in words; it becomes the picture's accessible name.
    """
    freq = natural_frequency(count, total)
    rows = -(-freq.total // per_row)
    width = per_row * (ICON_W + GAP)
    height = rows * (ICON_H + GAP)
    name = html.escape(f"{label} (picture: {freq.words} people filled in)", quote=True)
    icons = []
    for i in range(freq.total):
        row, col = divmod(i, per_row)
        colour = FILLED if i < freq.count else EMPTY
        icons.append(_person(col * (ICON_W + GAP), row * (ICON_H + GAP), colour))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}" class="icon-array" '
            f'data-filled="{freq.count}" data-total="{freq.total}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<title>{name}</title>{"".join(icons)}</svg>')
