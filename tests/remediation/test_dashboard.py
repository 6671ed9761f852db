"""The organisation's home page: i-monitor figures, next steps, daily snapshots and SVG trends."""

from __future__ import annotations

import re
from datetime import date, timedelta
from xml.etree import ElementTree

from sqlalchemy import func, select

from lokaal_avg.channels.models import Channel
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.overview import charts
from lokaal_avg.overview.models import MetricSnapshot
from lokaal_avg.remediation.findings import FindingInput, Scope, sync_findings
from lokaal_avg.scanning.models import Scan
from tests.remediation.helpers import WELL_RUN


def add_channel(org_id: int, name: str, url: str | None, final_url: str | None = None, critical: int = 0) -> int:
    channel = Channel(organisation_id=org_id, name=name, kind="webformulier", url=url)
    db.session.add(channel)
    db.session.flush()
    if final_url:
        db.session.add(
            Scan(
                organisation_id=org_id,
                channel_id=channel.id,
                url=url,
                final_url=final_url,
                status="ok",
                finished_at=utcnow(),
                critical=critical,
                result={},
            )
        )
    return channel.id


def test_dashboard_figures_and_next_steps(app, client, login, create_org, create_user, make_action):
    org = create_org(**WELL_RUN)
    admin = create_user(org=org, role="beheerder")
    with app.app_context():
        add_channel(org.id, "Contact", "https://www.example.be/contact", "https://www.example.be/contact")
        old = add_channel(org.id, "Oud e-loket", "http://eloket.example.be", "http://eloket.example.be", critical=1)
        add_channel(org.id, "Melding", "https://www.example.be/melding")  # not scanned yet
        add_channel(org.id, "Balie", None)
        sync_findings(
            org.id, Scope("scan", old), [FindingInput("no_https", "kritiek", "Geen HTTPS", "r", "f", channel_id=old)]
        )
        db.session.commit()
    make_action(org, title="Te laat", due_date=date.today() - timedelta(days=1))
    login(admin)
    page = client.get(f"/o/{org.slug}/").get_data(as_text=True)
    assert "1 van 2 gescande webkanalen" in page  # on HTTPS, and without a critical finding
    assert "1 webkanaal nog niet gescand" in page
    assert "1 kritieke of hoge bevinding heeft nog geen actie" in page
    assert "1 actie is over haar deadline" in page
    assert "1 actie is nog aan niemand toegewezen" in page
    assert "1 te laat" in page
    if "channels.index" in app.view_functions:
        assert "1 gescand kanaal werkt niet via HTTPS" in page


def test_a_snapshot_a_day_and_charts_drawn_on_our_server(app, client, login, create_org, create_user, runner):
    org = create_org(**WELL_RUN)
    login(create_user(org=org, role="lezer"))
    with app.app_context():
        for back in range(1, 15):
            db.session.add(
                MetricSnapshot(
                    organisation_id=org.id,
                    day=date.today() - timedelta(days=back),
                    metrics={
                        "register_score": 50 + back,
                        "approved_share": 20,
                        "findings_hoog": back % 3,
                        "actions_open": 10 - back % 4,
                        "actions_overdue": 1,
                    },
                )
            )
        db.session.commit()
    page = client.get(f"/o/{org.slug}/").get_data(as_text=True)
    client.get(f"/o/{org.slug}/")
    with app.app_context():
        count = select(func.count()).select_from(MetricSnapshot).where(MetricSnapshot.organisation_id == org.id)
        assert db.session.scalar(count) == 15  # today's was taken once
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(svgs) == 3  # no channel scanned: no channel chart
    for svg in svgs:
        root = ElementTree.fromstring(svg)  # noqa: S314 - our own markup
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        assert root.find(f"title[@id='{title_id}']") is not None and root.find(f"desc[@id='{desc_id}']") is not None
        assert root.findall("polyline")
        assert " style=" not in svg and "http" not in svg  # strict CSP, nothing from elsewhere
    assert "Volledigheid: van 64% op" in page  # the description says what the line shows
    assert "Cijfers als tabel" in page and page.count("<table") >= 3
    assert "procent" in page and "aantal" in page  # axis labels

    result = runner.invoke(args=["snapshot", "--org", org.slug])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(count) == 15  # replaced, not duplicated
        today = db.session.scalars(
            select(MetricSnapshot).where(MetricSnapshot.organisation_id == org.id, MetricSnapshot.day == date.today())
        ).one()
        assert {"register_score", "findings_kritiek", "actions_overdue", "https_share"} <= set(today.metrics)


def test_a_new_organisation_sees_that_trends_come_later(client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="functionaris"))
    page = client.get(f"/o/{org.slug}/").get_data(as_text=True)
    assert "na een paar dagen zie je hier hoe ze evolueren" in page


def test_chart_scales_and_gaps(app):
    days = [date(2026, 1, d) for d in range(1, 6)]
    chart = charts.Chart("x", "Titel", days, [charts.Series("Reeks", [1, None, 3, 7, 12])], y_label="aantal")
    with app.test_request_context():
        svg = chart.svg()
        description = chart.describe()
    assert charts.nice_max(12) == 20 and charts.nice_max(0.3) == 0.5 and charts.nice_max(100) == 100
    assert svg.count("<polyline") == 1  # the gap splits the line; a single point only gets a marker
    assert re.fullmatch(r"Reeks: van 1 op 1 jan\.? naar 12 op 5 jan\.?\.", description), description
    assert [row[1] for row in chart.table_rows()] == [["1"], ["—"], ["3"], ["7"], ["12"]]


def test_dashboard_shows_the_dpo_registers_of_the_organisation(client, login, create_org, create_user):
    """Breaches, requests, DPIAs and the planning are on the home page, each linking to its register."""
    org = create_org()
    login(create_user(org=org, role="functionaris"))
    page = client.get(f"/o/{org.slug}/").get_data(as_text=True)
    assert "Registers van de functionaris" in page
    for link in ("/datalekken/", "/verzoeken/opvolging", "/dpia/", "/planning/"):
        assert f"/o/{org.slug}{link}" in page
    assert "nog niet gelopen" in page  # the register check has not run on schedule yet
