"""Charts for documents: figures in, PNG bytes out, drawn by matplotlib on the server (no browser).

Chinese labels need a font that has the characters; ``cjk_font`` finds one among the installed
fonts by asking each whether it has the glyphs (Debian's fonts-noto-cjk, or any other). With none
installed it returns None and callers leave the chart out with a note: a chart of boxes is worse
than no chart.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

_PROBE = "督查通报指标单位亮灯完成率序时进度"
_LIGHT_COLOURS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}
_LIGHT_NAMES = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
# matplotlib's own fallback (3.10+): it "has" every character, each drawn as a box with its code.
_NOT_A_FONT = "Last Resort"
MAX_BARS = 30  # more bars than this do not read on a page; the worst come first


@cache
def cjk_font() -> str | None:
    """The family name of an installed font with every probe character; simplified Chinese first.

    Fonts installed after matplotlib cached its font list are not in it: when the list has none,
    the system's font files it lacks are asked too, and the one that has the characters is added.
    """
    from matplotlib import font_manager

    found = _first_cjk(font_manager.fontManager.ttflist)
    if found is None and _add_unlisted_cjk_fonts():
        found = _first_cjk(font_manager.fontManager.ttflist)
    return found


def _first_cjk(entries) -> str | None:
    ordered = sorted(
        (e for e in entries if not e.name.startswith(_NOT_A_FONT)),
        key=lambda f: (not any(mark in f.name for mark in (" SC", "CN", "GB", "Hei", "Song")), f.name),
    )
    return next((entry.name for entry in ordered if _has_probe(entry.fname)), None)


def _has_probe(path: str) -> bool:
    from matplotlib import font_manager

    try:
        font = font_manager.get_font(path)
    except (OSError, RuntimeError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in _PROBE)


def _add_unlisted_cjk_fonts() -> bool:
    """Add the system's font files that matplotlib's cached list lacks and that have the characters."""
    from matplotlib import font_manager

    listed = {entry.fname for entry in font_manager.fontManager.ttflist}
    added = False
    for path in sorted(font_manager.findSystemFonts()):
        if path not in listed and _has_probe(path):
            font_manager.fontManager.addfont(path)
            added = True
    return added


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # completion as a fraction


def _figure(height_in: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.3, height_in), dpi=160)
    FigureCanvasAgg(figure)
    return figure


def _png(figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


_LABEL_PT = 8  # the size of the bars' labels
_EM_NARROW = 0.6  # a Latin letter or digit, in ems of a Chinese character


def _fit(figure, labels: Sequence[str]) -> None:
    """Margins that hold the bars' labels on the left and the axis and its title below.

    Measured from the labels' characters rather than by matplotlib's tight layout, which draws
    the whole figure once more just to measure it: half a chart's time.
    """
    ems = max((_ems(label) for label in labels), default=0.0)
    width, height = figure.get_figwidth(), figure.get_figheight()
    left = (ems * _LABEL_PT / 72 + 0.2) / width
    figure.subplots_adjust(left=min(left, 0.5), right=0.97, top=1 - 0.12 / height, bottom=0.5 / height)


def _ems(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else _EM_NARROW for c in text)


def completion_chart(bars: Sequence[Bar], time_progress: float, font: str) -> bytes:
    """Horizontal bars of completion against the annual target, with the time progress marked."""
    shown = list(bars)[:MAX_BARS]
    figure = _figure(0.9 + 0.32 * len(shown))
    axes = figure.add_subplot()
    names = [b.label for b in shown][::-1]
    values = [min(b.value, 1.5) * 100 for b in shown][::-1]
    colours = ["#2e7d32" if b.value >= time_progress else "#c62828" for b in shown][::-1]
    axes.barh(names, values, color=colours, height=0.6)
    axes.axvline(time_progress * 100, color="#555555", linestyle="--", linewidth=1)
    axes.text(
        time_progress * 100,
        len(shown) - 0.4,
        f" 序时进度{time_progress * 100:.0f}%",
        fontfamily=font,
        fontsize=8,
    )
    axes.set_xlabel("完成年度目标（%）", fontfamily=font, fontsize=9)
    _style(axes, font)
    _fit(figure, names)
    return _png(figure)


def lights_chart(units: Sequence[tuple[str, dict[str, int]]], font: str) -> bytes:
    """Stacked bars of each unit's tasks by light, the units with most red first."""
    shown = sorted(units, key=lambda u: (-u[1].get("red", 0), -u[1].get("yellow", 0), u[0]))[:MAX_BARS]
    figure = _figure(0.9 + 0.3 * len(shown))
    axes = figure.add_subplot()
    names = [name for name, _ in shown][::-1]
    left = [0] * len(shown)
    for light in ("green", "yellow", "red"):
        counts = [lights.get(light, 0) for _, lights in shown][::-1]
        axes.barh(
            names, counts, left=left, color=_LIGHT_COLOURS[light], label=_LIGHT_NAMES[light], height=0.6
        )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.set_xlabel("任务数（项）", fontfamily=font, fontsize=9)
    axes.legend(prop={"family": font, "size": 8}, loc="lower right", frameon=False)
    _style(axes, font)
    _fit(figure, names)
    return _png(figure)


def _style(axes, font: str) -> None:
    for label in axes.get_yticklabels():
        label.set_fontfamily(font)
        label.set_fontsize(_LABEL_PT)
    for label in axes.get_xticklabels():
        label.set_fontsize(8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
