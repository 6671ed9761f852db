"""Small line charts drawn on our own server as SVG: no script, no third party, accessible.

Each chart has a <title> and a <desc> (a sentence that says what the lines show), axis labels,
series told apart by colour *and* dash pattern and marker, and the same figures as a table for
screen readers and for people who prefer numbers. Presentation attributes only (no style=), so
the strict Content-Security-Policy holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 250
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 14, 58
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

# Colour-blind safe (Okabe-Ito), dark enough on white; dashes and markers tell them apart too.
STYLES = (
    ("#0072B2", "", "circle"),
    ("#D55E00", "6 3", "square"),
    ("#009E73", "2 3", "diamond"),
    ("#8A6D00", "8 3 2 3", "triangle"),
)


@dataclass
class Series:
    label: str
    values: list[float | None]


@dataclass
class Chart:
    key: str
    title: str
    days: list[date]
    series: list[Series]
    unit: str = ""
    y_max: float | None = None
    y_label: str = ""

    @property
    def has_trend(self) -> bool:
        return len(self.days) >= 2

    def describe(self) -> str:
        """One sentence per series: where it started and where it is now."""
        if not self.days:
            return _("Nog geen gegevens.")
        parts = []
        for s in self.series:
            known = [(d, v) for d, v in zip(self.days, s.values, strict=True) if v is not None]
            if not known:
                continue
            (d0, v0), (d1, v1) = known[0], known[-1]
            parts.append(
                _(
                    "%(label)s: van %(first)s op %(d0)s naar %(last)s op %(d1)s.",
                    label=s.label,
                    first=_fmt(v0, self.unit),
                    d0=format_date(d0, "d MMM"),
                    last=_fmt(v1, self.unit),
                    d1=format_date(d1, "d MMM"),
                )
            )
        return " ".join(parts) or _("Nog geen gegevens.")

    def svg(self) -> Markup:
        # Every text in render_svg() is escaped; the rest is our own numbers and constants.
        return Markup(render_svg(self))  # noqa: S704

    def table_rows(self) -> list[tuple[date, list[str]]]:
        return [
            (day, [_fmt(s.values[i], self.unit) if s.values[i] is not None else "—" for s in self.series])
            for i, day in enumerate(self.days)
        ]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    number = f"{value:.0f}" if float(value).is_integer() else format_decimal(round(value, 1))
    return f"{number}{unit}"


def nice_max(value: float) -> float:
    """A round top for the y axis (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _x(i: int, n: int) -> float:
    return LEFT + (PLOT_W / 2 if n == 1 else PLOT_W * i / (n - 1))


def _y(value: float, top: float) -> float:
    return TOP + PLOT_H - PLOT_H * value / top


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if kind == "diamond":
        path = f"M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y:.1f}L{x:.1f} {y + 4.5:.1f}L{x - 4.5:.1f} {y:.1f}Z"
        return f'<path d="{path}" fill="{colour}"/>'
    if kind == "triangle":
        return (
            f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y + 4:.1f}L{x - 4.5:.1f} {y + 4:.1f}Z" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def _axes(chart: Chart, top: float) -> list[str]:
    parts = []
    for i in range(5):
        value = top * i / 4
        y = _y(value, top)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#dee2e6"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#495057">'
            f"{escape(_fmt(value, chart.unit))}</text>"
        )
    n = len(chart.days)
    step = max(1, math.ceil(n / 6))
    for i in range(0, n, step):
        parts.append(
            f'<text x="{_x(i, n):.1f}" y="{TOP + PLOT_H + 16}" text-anchor="middle" font-size="11" fill="#495057">'
            f"{escape(format_date(chart.days[i], 'd MMM'))}</text>"
        )
    parts.append(f'<line x1="{LEFT}" y1="{TOP + PLOT_H}" x2="{WIDTH - RIGHT}" y2="{TOP + PLOT_H}" stroke="#6c757d"/>')
    if chart.y_label:
        middle = TOP + PLOT_H / 2
        parts.append(
            f'<text x="14" y="{middle:.1f}" transform="rotate(-90 14 {middle:.1f})" text-anchor="middle" '
            f'font-size="11" fill="#495057">{escape(chart.y_label)}</text>'
        )
    return parts


def _lines(chart: Chart, top: float) -> list[str]:
    parts, n = [], len(chart.days)
    for index, series in enumerate(chart.series):
        colour, dash, marker = STYLES[index % len(STYLES)]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(series.values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append((_x(i, n), _y(value, top)))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
                )
            if run:
                parts.append(_marker(marker, *run[-1], colour))
        lx = LEFT + (index % 2) * (PLOT_W / 2)
        ly = HEIGHT - 24 + (index // 2) * 16
        parts.append(
            f'<line x1="{lx:.1f}" y1="{ly:.1f}" x2="{lx + 26:.1f}" y2="{ly:.1f}" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(_marker(marker, lx + 13, ly, colour))
        parts.append(
            f'<text x="{lx + 32:.1f}" y="{ly + 4:.1f}" font-size="12" fill="#212529">{escape(series.label)}</text>'
        )
    return parts


def render_svg(chart: Chart) -> str:
    values = [v for s in chart.series for v in s.values if v is not None]
    top = chart.y_max if chart.y_max is not None else nice_max(max(values, default=0))
    title_id, desc_id = f"grafiek-{chart.key}-titel", f"grafiek-{chart.key}-uitleg"
    body = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'class="trend-chart img-fluid" role="img" aria-labelledby="{title_id} {desc_id}" focusable="false">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.describe())}</desc>',
        *_axes(chart, top),
        *_lines(chart, top),
        "</svg>",
    ]
    return "\n".join(body)


def _column(snapshots, key: str) -> list[float | None]:
    return [s.metrics.get(key) for s in snapshots]


def dashboard_charts(snapshots: list, with_channels: bool) -> list[Chart]:
    """The home page's trends from the daily MetricSnapshot rows (oldest first)."""
    days = [s.day for s in snapshots]
    charts = [
        Chart(
            "register",
            _("Register: volledigheid en goedkeuring"),
            days,
            [
                Series(_("Volledigheid"), _column(snapshots, "register_score")),
                Series(_("Goedgekeurd"), _column(snapshots, "approved_share")),
            ],
            unit="%",
            y_max=100,
            y_label=_("procent"),
        ),
        Chart(
            "bevindingen",
            _("Open bevindingen per ernst"),
            days,
            [
                Series(_("Kritiek"), _column(snapshots, "findings_kritiek")),
                Series(_("Hoog"), _column(snapshots, "findings_hoog")),
                Series(_("Midden"), _column(snapshots, "findings_midden")),
                Series(_("Laag"), _column(snapshots, "findings_laag")),
            ],
            y_label=_("aantal"),
        ),
        Chart(
            "acties",
            _("Acties: open en te laat"),
            days,
            [
                Series(_("Open"), _column(snapshots, "actions_open")),
                Series(_("Te laat"), _column(snapshots, "actions_overdue")),
                Series(_("Afgerond (totaal)"), _column(snapshots, "actions_done")),
            ],
            y_label=_("aantal"),
        ),
    ]
    if with_channels:
        charts.append(
            Chart(
                "kanalen",
                _("Gescande kanalen: HTTPS en zonder kritieke problemen"),
                days,
                [
                    Series(_("Op HTTPS"), _column(snapshots, "https_share")),
                    Series(_("Zonder kritieke bevinding"), _column(snapshots, "ok_share")),
                ],
                unit="%",
                y_max=100,
                y_label=_("procent"),
            )
        )
    return charts
