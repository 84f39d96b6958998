"""A grouped bar chart as inline SVG (no script, no build step): one group per sub-district or
community, one bar per rate, and a dashed line per target."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    values: list[float]
    target: float | None = None


def bars(groups: list[str], series: list[Series], *, width: int = 860, height: int = 300) -> str:
    """The SVG markup: rates 0–100% on the y axis, groups along x, a legend on top."""
    left, top, bottom = 48, 34, 56
    plot_w, plot_h = width - left - 12, height - top - bottom
    n = max(len(groups), 1)
    group_w = plot_w / n
    bar_w = max(min(group_w * 0.8 / max(len(series), 1), 28), 3)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-label="覆盖率图">']
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - pct / 100)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 12}" y2="{y:.1f}" stroke="#e3e3e3"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{pct}%</text>')
    for gi, g in enumerate(groups):
        x0 = left + gi * group_w + (group_w - bar_w * len(series)) / 2
        for si, s in enumerate(series):
            v = max(0.0, min(1.0, s.values[gi]))
            h = plot_h * v
            out.append(f'<rect x="{x0 + si * bar_w:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 1:.1f}" '
                       f'height="{h:.1f}" fill="{s.colour}"><title>{escape(g)} {escape(s.label)} '
                       f'{v:.1%}</title></rect>')
        out.append(f'<text x="{left + gi * group_w + group_w / 2:.1f}" y="{top + plot_h + 16}" '
                   f'font-size="11" text-anchor="middle">{escape(g)}</text>')
    for si, s in enumerate(series):
        lx = left + si * 190
        out.append(f'<rect x="{lx}" y="8" width="12" height="12" fill="{s.colour}"/>'
                   f'<text x="{lx + 16}" y="18" font-size="12">{escape(s.label)}</text>')
        if s.target is not None:
            y = top + plot_h * (1 - s.target)
            out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 12}" y2="{y:.1f}" stroke="{s.colour}" '
                       f'stroke-dasharray="6 4" stroke-width="1.5"><title>{escape(s.label)}目标 '
                       f'{s.target:.0%}</title></line>'
                       f'<text x="{width - 14 - si * 70}" y="{y - 3:.1f}" font-size="10" text-anchor="end" '
                       f'fill="{s.colour}">目标 {s.target:.0%}</text>')
    out.append("</svg>")
    return "".join(out)
