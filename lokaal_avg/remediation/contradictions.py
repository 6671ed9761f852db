"""Where an entry's own words contradict its channels: undeclared processors and transfers.

An entry may say "no processors" while a channel that feeds it is supplied by a vendor, or "no
transfer outside the EEA" while that channel loads a tracker from the United States, or while
one of its processors works outside the EEA. Each contradiction keeps both sides in words, so the
register check can make it a finding and the dossier can print what the register says beside
what was seen. Pure: the caller loads the channels (with vendor) and their latest scans.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from lokaal_avg.channels.models import Channel
from lokaal_avg.core.transfers import country_label, outside_eea
from lokaal_avg.extensions import db
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.scanning.models import Scan


@dataclass(frozen=True)
class ForeignParty:
    """A third party a page loads, known (from the tracker list) to be based outside the EEA."""

    host: str
    name: str
    company: str
    country: str


@dataclass
class ChannelFacts:
    """What was seen of one channel: who supplies it and what its latest scan loaded."""

    channel_id: int
    name: str
    url: str | None
    vendor: Processor | None
    scan_id: int | None = None
    foreign_parties: list[ForeignParty] = field(default_factory=list)


@dataclass(frozen=True)
class Contradiction:
    code: str  # "undeclared_processor" or "undeclared_transfer"
    key: str
    register_says: str
    reality: str
    evidence: dict[str, Any]


def foreign_parties(result: dict[str, Any] | None) -> list[ForeignParty]:
    """The third parties of a stored scan result whose tracker entry names a country outside the EEA."""
    found = []
    for party in (result or {}).get("third_parties") or []:
        country = (party.get("tracker_country") or "").upper()
        if party.get("tracker") and outside_eea(country):
            found.append(
                ForeignParty(
                    str(party.get("host") or ""),
                    str(party["tracker"]),
                    str(party.get("tracker_company") or party["tracker"]),
                    country,
                )
            )
    return found


def facts_of(channel: Channel, scan: Scan | None) -> ChannelFacts:
    return ChannelFacts(
        channel.id,
        channel.name,
        channel.url,
        channel.vendor,
        scan.id if scan is not None else None,
        foreign_parties(scan.result if scan is not None else None),
    )


def feeding_facts(org_id: int) -> dict[int, list[ChannelFacts]]:
    """activity id -> facts of the active channels that feed it (a fixed number of queries)."""
    channels = list(
        db.session.scalars(
            select(Channel)
            .where(Channel.organisation_id == org_id, Channel.active.is_(True))
            .options(selectinload(Channel.vendor), selectinload(Channel.activities))
        )
    )
    newest = (
        select(func.max(Scan.id))
        .where(Scan.organisation_id == org_id, Scan.channel_id.is_not(None), Scan.finished_at.is_not(None))
        .group_by(Scan.channel_id)
    )
    scans = {s.channel_id: s for s in db.session.scalars(select(Scan).where(Scan.id.in_(newest)))}
    feeding: dict[int, list[ChannelFacts]] = {}
    for channel in channels:
        facts = facts_of(channel, scans.get(channel.id))
        for activity in channel.activities:
            feeding.setdefault(activity.id, []).append(facts)
    return feeding


def contradictions(activity: ProcessingActivity, channels: Iterable[ChannelFacts]) -> list[Contradiction]:
    """Every contradiction between what the entry says and what its channels show."""
    channels = sorted(channels, key=lambda c: (c.name.lower(), c.channel_id))
    found = _undeclared_processors(activity, channels)
    if activity.third_country_transfers is False:
        found += _undeclared_transfers(activity, channels)
    return found


def _processors_text(activity: ProcessingActivity) -> str:
    if not activity.processors:
        return _("Het register vermeldt geen verwerkers.")
    return _("Het register vermeldt als verwerkers: %(names)s.", names=", ".join(p.name for p in activity.processors))


def _undeclared_processors(activity: ProcessingActivity, channels: list[ChannelFacts]) -> list[Contradiction]:
    declared = {p.id for p in activity.processors}
    found = []
    for facts in channels:
        vendor = facts.vendor
        if vendor is None or vendor.id in declared:
            continue
        found.append(
            Contradiction(
                "undeclared_processor",
                f"{facts.channel_id}:{vendor.id}",
                _processors_text(activity),
                _("Kanaal %(channel)s wordt geleverd door %(vendor)s.", channel=facts.name, vendor=vendor.name),
                {"channel": facts.name, "channel_id": facts.channel_id, "vendor": vendor.name},
            )
        )
    return found


def _undeclared_transfers(activity: ProcessingActivity, channels: list[ChannelFacts]) -> list[Contradiction]:
    says = _("Het register vermeldt geen doorgifte buiten de EER.")
    found = []
    for facts in channels:
        if facts.foreign_parties:
            parties = "; ".join(
                f"{p.name} ({p.company}, {country_label(p.country)}, {p.host})" for p in facts.foreign_parties
            )
            found.append(
                Contradiction(
                    "undeclared_transfer",
                    f"channel:{facts.channel_id}",
                    says,
                    _(
                        "De pagina van kanaal %(channel)s (%(url)s) laadt bij de laatste scan: %(parties)s.",
                        channel=facts.name,
                        url=facts.url or "—",
                        parties=parties,
                    ),
                    {
                        "channel": facts.name,
                        "channel_id": facts.channel_id,
                        "scan_id": facts.scan_id,
                        "parties": [p.__dict__ for p in facts.foreign_parties],
                    },
                )
            )
    processors = {p.id: p for p in activity.processors}
    processors.update({f.vendor.id: f.vendor for f in channels if f.vendor is not None})
    for processor in sorted(processors.values(), key=lambda p: p.name.lower()):
        if processor.location != "derde_land":
            continue
        countries = ", ".join(country_label(c) for c in processor.third_countries or []) or _("niet vermeld")
        found.append(
            Contradiction(
                "undeclared_transfer",
                f"processor:{processor.id}",
                says,
                _(
                    "Verwerker %(name)s verwerkt (ook) buiten de EER (landen: %(countries)s).",
                    name=processor.name,
                    countries=countries,
                ),
                {"processor": processor.name, "countries": list(processor.third_countries or [])},
            )
        )
    return found
