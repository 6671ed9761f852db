"""A 4x4 heat map of risks as inline SVG, rendered on the server (screens and the PDF dossier).

No JavaScript and no style attributes (the content security policy forbids inline styles):
colours are SVG presentation attributes. The picture has a title and a description for screen
readers; pages show the same data as a table beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from flask_babel import gettext as _
from markupsafe import Markup, escape

from lokaal_avg.dpia.scale import HIGH, LIKELIHOOD_LABELS, LOW, SCALE, SEVERITY_LABELS, level

# Colours with enough contrast for black text (WCAG AA at this size).
FILL = {LOW: "#b7e1cd", "midden": "#ffe599", HIGH: "#f4a6a6"}
CELL = 64
LEFT = 120
TOP = 16
BOTTOM = 80


def heat_map(points: Iterable[tuple[int, int]], title: str, element_id: str) -> Markup:
    """Points are (likelihood, severity) pairs; each cell shows how many risks fall in it."""
    counts = Counter(points)
    width, height = LEFT + CELL * 4 + 8, TOP + CELL * 4 + BOTTOM
    description = _describe(counts)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heat-map" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{element_id}-title {element_id}-desc">',
        f'<title id="{element_id}-title">{escape(title)}</title>',
        f'<desc id="{element_id}-desc">{escape(description)}</desc>',
    ]
    for severity in SCALE:
        for likelihood in SCALE:
            parts.append(_cell(likelihood, severity, counts.get((likelihood, severity), 0)))
    parts.extend(_axes(height))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


def _cell(likelihood: int, severity: int, count: int) -> str:
    x = LEFT + (likelihood - 1) * CELL
    y = TOP + (4 - severity) * CELL
    cell = (
        f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{FILL[level(likelihood, severity)]}" '
        f'stroke="#ffffff" stroke-width="2"/>'
    )
    if count:
        cell += (
            f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 7}" text-anchor="middle" font-size="22" '
            f'font-weight="bold" fill="#000000">{count}</text>'
        )
    return cell


def _axes(height: int) -> list[str]:
    parts = []
    for severity in SCALE:
        y = TOP + (4 - severity) * CELL + CELL / 2 + 4
        parts.append(
            f'<text x="{LEFT - 6}" y="{y}" text-anchor="end" font-size="11" fill="#000000">'
            f"{escape(str(SEVERITY_LABELS[severity]))}</text>"
        )
    for likelihood in SCALE:
        x = LEFT + (likelihood - 1) * CELL + CELL / 2
        parts.append(
            f'<text x="{x}" y="{TOP + CELL * 4 + 16}" text-anchor="middle" font-size="11" fill="#000000">'
            f"{escape(str(LIKELIHOOD_LABELS[likelihood]))}</text>"
        )
    parts.append(
        f'<text x="{LEFT + CELL * 2}" y="{height - 28}" text-anchor="middle" font-size="12" '
        f'font-weight="bold" fill="#000000">{escape(_("Waarschijnlijkheid"))}</text>'
    )
    parts.append(
        f'<text x="14" y="{TOP + CELL * 2}" text-anchor="middle" font-size="12" font-weight="bold" '
        f'fill="#000000" transform="rotate(-90 14 {TOP + CELL * 2})">{escape(_("Ernst"))}</text>'
    )
    return parts


def _describe(counts: Counter) -> str:
    if not counts:
        return _("Nog geen risico's beoordeeld.")
    cells = [
        _(
            "%(n)s met waarschijnlijkheid %(likelihood)s en ernst %(severity)s",
            n=n,
            likelihood=LIKELIHOOD_LABELS[likelihood],
            severity=SEVERITY_LABELS[severity],
        )
        for (likelihood, severity), n in sorted(counts.items())
    ]
    return _("Risico's: %(cells)s.", cells="; ".join(cells))
