"""Re-scanning the demo's channels: their addresses are made up, so the demo answers for them.

A channel of the demo municipality whose page the demo rebuilt (see site.py) is scanned on
that rebuilt page, served on 127.0.0.1 by this process for as long as it runs; the scan is
stored as demo evidence with the address really fetched. A demo channel without a rebuilt
page is not scanned at all: the user reads why, instead of "domeinnaam onbekend".
"""

from __future__ import annotations

from flask_babel import gettext as _

from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.demo.channels import CHANNELS, DEMO_SLUG, DemoChannel, demo_note
from lokaal_avg.demo.site import running_site
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.scanning.targets import ScanTarget, scan_target_requested


def connect() -> None:
    scan_target_requested.connect(on_scan_target_requested)


def demo_spec(channel: Channel) -> DemoChannel | None:
    """The demo definition of this channel, if it is one of the demo municipality's own."""
    org = db.session.get(Organisation, channel.organisation_id)
    if org is None or org.slug != DEMO_SLUG:
        return None
    return next((s for s in CHANNELS if s.name == channel.name and s.url == channel.url), None)


def on_scan_target_requested(_sender: object, channel_id: int, check_only: bool = False) -> ScanTarget | None:
    channel = db.session.get(Channel, channel_id)
    spec = demo_spec(channel) if channel is not None else None
    if spec is None:
        return None
    if not spec.demo_page:
        pages = ", ".join(s.name for s in CHANNELS if s.demo_page)
        return ScanTarget(
            url=None,
            refusal=_(
                "Dit is een kanaal van de demogemeente: %(url)s is een verzonnen adres dat niet bestaat en dus niet "
                "gescand kan worden. In de demo kunnen alleen de nagebouwde pagina's gescand worden (%(pages)s).",
                url=spec.url,
                pages=pages,
            ),
        )
    if check_only:
        return ScanTarget(url=None, demo=True)
    site = running_site()
    return ScanTarget(url=site.url(spec.demo_page), settings=site.settings, demo=True, note=demo_note())
