"""Charts as SVG made on the server: no script, no external request, printable."""

from django.utils.html import escape

NAVY = "#1d3b5c"
TEAL = "#2f7f73"
GREY = "#c5ccd4"
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def progress_chart(cumulative_by_month: list[int], target: int, label: str, width: int = 640, height: int = 250) -> str:
    """People so far, month by month, against the straight line to the yearly target. Every label stays inside."""
    left, right, top, bottom = 44, 56, 22, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max([target, *cumulative_by_month, 1])

    def x(month_index):  # month_index 0 = start of January, 12 = end of December
        return left + plot_w * month_index / 12

    def y(value):
        return top + plot_h * (1 - value / top_value)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)} per månad mot årsmålet {target}">'
    ]
    for step in range(5):
        value = round(top_value * step / 4)
        parts.append(f'<line x1="{left}" x2="{x(12):.1f}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e4e7eb"/>')
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="10" text-anchor="end" fill="#52606d">{value}</text>')  # fmt: skip
    for index, name in enumerate(MONTHS):
        parts.append(f'<text x="{x(index + 0.5):.1f}" y="{height - 10}" font-size="10" text-anchor="middle" fill="#52606d">{name}</text>')  # fmt: skip
    if target:
        parts.append(f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(12)}" y2="{y(target):.1f}" stroke="{GREY}" stroke-width="2" stroke-dasharray="6 4"/>')  # fmt: skip
        parts.append(f'<text x="{x(12) + 4:.1f}" y="{y(target) + 4:.1f}" font-size="10" fill="#52606d">Mål {target}</text>')  # fmt: skip
    if cumulative_by_month:
        points = " ".join(f"{x(i + 1):.1f},{y(v):.1f}" for i, v in enumerate(cumulative_by_month))
        parts.append(
            f'<polyline points="{x(0):.1f},{y(0):.1f} {points}" fill="none" stroke="{NAVY}" stroke-width="3"/>'
        )
        last, value = len(cumulative_by_month), cumulative_by_month[-1]
        anchor, dx = ("end", -8) if last >= 10 else ("start", 8)
        parts.append(f'<circle cx="{x(last):.1f}" cy="{y(value):.1f}" r="4" fill="{NAVY}"/>')
        parts.append(f'<text x="{x(last) + dx:.1f}" y="{max(y(value) - 8, 12):.1f}" font-size="11" font-weight="bold" text-anchor="{anchor}" fill="{NAVY}">{value}</text>')  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(rows: list[tuple[str, int]], width: int = 640) -> str:
    """Horizontal bars of shown, non-zero counts (hidden ones are not drawn: a bar's length would reveal them)."""
    bar_h, gap, label_w = 16, 8, 290
    height = len(rows) * (bar_h + gap) + gap
    top_value = max([v for _, v in rows] + [1])
    plot_w = width - label_w - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-hidden="true">'  # fmt: skip
    ]
    for index, (label, value) in enumerate(rows):
        top = gap + index * (bar_h + gap)
        short = label if len(label) <= 48 else label[:46] + "…"  # the table above carries the full label
        length = plot_w * value / top_value
        parts.append(f'<text x="{label_w - 8}" y="{top + 12}" font-size="9" text-anchor="end" fill="#1f2933">{escape(short)}</text>')  # fmt: skip
        parts.append(f'<rect x="{label_w}" y="{top}" width="{length:.1f}" height="{bar_h}" fill="{TEAL}"/>')
        parts.append(
            f'<text x="{label_w + length + 4:.1f}" y="{top + 12}" font-size="10" fill="#1f2933">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
