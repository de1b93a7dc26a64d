"""A bar chart of findings per policy per week, as SVG text made on the server (no JavaScript)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Colour-blind-safe palette (Okabe-Ito), dark enough against white for the bars' edges.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F6A00", "#000000")


@dataclass(frozen=True, slots=True)
class WeekCounts:
    week_start: dt.date  # a Monday
    counts: Mapping[str, int]  # policy -> findings that week


def week_start(ts: float) -> dt.date:
    d = dt.datetime.fromtimestamp(ts, dt.UTC).date()
    return d - dt.timedelta(days=d.weekday())


def weeks_ending(now: float, n: int) -> list[dt.date]:
    last = week_start(now)
    return [last - dt.timedelta(weeks=i) for i in range(n - 1, -1, -1)]


def render(weeks: Sequence[WeekCounts], *, title: str = "Findings per policy per week") -> Markup:
    """Stacked bars, one per week, one colour per policy, with a legend and a text table fallback in <title>/<desc>."""
    policies = sorted({p for w in weeks for p, c in w.counts.items() if c})
    colour = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(policies)}
    width, height = 640, 260
    left, right, top, bottom = 40, 10, 16, 40
    legend_h = 20 * ((len(policies) + 2) // 3)
    total_h = height + legend_h
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((sum(w.counts.values()) for w in weeks), default=0)
    scale_max = max(1, peak)
    n = max(1, len(weeks))
    slot = plot_w / n
    bar_w = max(4.0, slot * 0.6)
    desc = "; ".join(
        f"week of {w.week_start:%d %b}: " + (", ".join(f"{p} {c}" for p, c in sorted(w.counts.items()) if c) or "none")
        for w in weeks
    )
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc" '
        f'viewBox="0 0 {width} {total_h}" width="100%" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{total_h}" fill="#ffffff"/>',
    ]
    # y axis: 0, half, max
    for frac in (0.0, 0.5, 1.0):
        value = scale_max * frac
        y = top + plot_h - plot_h * frac
        label = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#cccccc"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#333">{label}</text>'
        )
    for i, w in enumerate(weeks):
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h
        for p in policies:
            c = w.counts.get(p, 0)
            if not c:
                continue
            h = plot_h * c / scale_max
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour[p]}" '
                f'stroke="#ffffff" stroke-width="0.5"><title>{escape(p)}: {c} (week of {w.week_start:%d %b})</title></rect>'
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11" '
            f'fill="#333">{w.week_start:%d %b}</text>'
        )
    if not policies:
        parts.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" text-anchor="middle" font-size="14" '
            f'fill="#333">No findings in these weeks</text>'
        )
    for i, p in enumerate(policies):
        lx = left + (i % 3) * 200
        ly = height + 20 * (i // 3)
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour[p]}"/>')
        parts.append(f'<text x="{lx + 18}" y="{ly}" font-size="12" fill="#111">{escape(p)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
