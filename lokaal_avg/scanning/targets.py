"""What a scan of a channel actually fetches: normally its own address, sometimes a stand-in.

The demo's channels carry the addresses of a municipality that does not exist; the demo
answers ``scan_target_requested`` with the address of its locally served copy (or with the
reason why a channel cannot be scanned). A signal keeps the demo, which sits above this
package, out of the scanning code.
"""

from __future__ import annotations

from dataclasses import dataclass

from blinker import Namespace

from lokaal_avg.channels.models import Channel
from lokaal_avg.scanner import ScanSettings

_signals = Namespace()

# Sent with the channel's id and ``check_only``; a receiver returns a ScanTarget or None.
scan_target_requested = _signals.signal("scan-target-requested")


@dataclass(frozen=True)
class ScanTarget:
    """The address to fetch for a channel and how; ``refusal`` says why it cannot be scanned."""

    url: str | None
    settings: ScanSettings | None = None  # None: the configured settings
    demo: bool = False
    note: str | None = None
    refusal: str | None = None


def scan_target(channel: Channel, check_only: bool = False) -> ScanTarget:
    """The target for this channel: a receiver's answer, else the channel's own address."""
    for _receiver, answer in scan_target_requested.send(None, channel_id=channel.id, check_only=check_only):
        if answer is not None:
            return answer
    return ScanTarget(url=channel.url)


def scan_refusal(channel: Channel) -> str | None:
    """Why this channel cannot be scanned right now (a Dutch sentence), or None."""
    return scan_target(channel, check_only=True).refusal
