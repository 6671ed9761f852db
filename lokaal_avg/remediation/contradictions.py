"""Where an entry's own words contradict its channels: undeclared processors and transfers.

An entry may say "no processors" while a channel that feeds it is supplied by a vendor, or "no
transfer outside the EEA" while that channel loads a tracker from the United States, or while
one of its processors works outside the EEA. Each contradiction keeps both sides in words, so the
register check can make it a finding and the dossier can print what the register says beside
what was seen.

The scans live in the scanning package, a layer above this one: it provides the latest scan
results through provide_scan_results() when the application starts (scanning/evidence.py), so
the register check can compare an entry with what was seen without importing upwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.core.transfers import country_label, outside_eea
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import ProcessingActivity

# (organisation id, channel ids) -> {channel id: (scan id, stored scan result)} of the newest finished scans.
ScanResults = Callable[[int, list[int]], dict[int, tuple[int, dict[str, Any]]]]
_scan_results: list[ScanResults] = []


def provide_scan_results(provider: ScanResults) -> None:
    """Called once by the scanning package: where the latest scan results come from."""
    _scan_results[:] = [provider]


def latest_scan_results(org_id: int, channel_ids: list[int]) -> dict[int, tuple[int, dict[str, Any]]]:
    """The newest scan of each channel, or nothing when no scanning package provides them."""
    if not _scan_results or not channel_ids:
        return {}
    return _scan_results[0](org_id, channel_ids)


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


def facts_of(channel: Channel, scan_id: int | None, result: dict[str, Any] | None) -> ChannelFacts:
    return ChannelFacts(channel.id, channel.name, channel.url, channel.vendor, scan_id, foreign_parties(result))


def feeding_facts(org_id: int) -> dict[int, list[ChannelFacts]]:
    """activity id -> facts of the active channels that feed it (a fixed number of queries)."""
    channels = list(
        db.session.scalars(
            select(Channel)
            .where(Channel.organisation_id == org_id, Channel.active.is_(True))
            .options(selectinload(Channel.vendor), selectinload(Channel.activities))
        )
    )
    scans = latest_scan_results(org_id, [c.id for c in channels])
    feeding: dict[int, list[ChannelFacts]] = {}
    for channel in channels:
        scan_id, result = scans.get(channel.id, (None, None))
        facts = facts_of(channel, scan_id, result)
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
