"""The channel figures of the dashboard: how many web channels are scanned, on HTTPS, without critical problems."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.remediation.models import Finding
from lokaal_avg.scanning.models import Scan


@dataclass
class ChannelFigures:
    total: int = 0  # active channels of any kind
    web: int = 0  # with a web address (web form, e-loket, app page)
    scanned: int = 0
    https: int = 0  # latest scan ended on https://
    without_critical: int = 0  # scanned, and no critical problem in the latest scan or open findings

    @property
    def https_share(self) -> int | None:
        return round(100 * self.https / self.scanned) if self.scanned else None

    @property
    def ok_share(self) -> int | None:
        return round(100 * self.without_critical / self.scanned) if self.scanned else None


def channel_figures(org_id: int) -> ChannelFigures:
    """From the channels and their latest finished scan (three statements)."""
    figures = ChannelFigures()
    channels = db.session.execute(
        select(Channel.id, Channel.url).where(Channel.organisation_id == org_id, Channel.active.is_(True))
    ).all()
    figures.total = len(channels)
    web = {cid for cid, url in channels if url and url.startswith(("http://", "https://"))}
    figures.web = len(web)
    if not web:
        return figures
    latest_ids = (
        select(func.max(Scan.id))
        .where(Scan.organisation_id == org_id, Scan.finished_at.is_not(None), Scan.channel_id.is_not(None))
        .group_by(Scan.channel_id)
    )
    latest = db.session.execute(
        select(Scan.channel_id, Scan.url, Scan.final_url, Scan.critical).where(Scan.id.in_(latest_ids))
    ).all()
    critical_open = set(
        db.session.scalars(
            select(Finding.channel_id)
            .where(
                Finding.organisation_id == org_id,
                Finding.channel_id.is_not(None),
                Finding.resolved.is_(False),
                Finding.severity == "kritiek",
            )
            .distinct()
        )
    )
    for channel_id, url, final_url, critical in latest:
        if channel_id not in web:
            continue
        figures.scanned += 1
        if (final_url or url or "").startswith("https://"):
            figures.https += 1
        if not critical and channel_id not in critical_open:
            figures.without_critical += 1
    return figures
