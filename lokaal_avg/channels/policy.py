"""Per-object permissions for channels.

Beheerder and functionaris manage every channel; a medewerker manages the channels of their
own departments; a lezer reads. Scanning a channel is part of managing it.
"""

from __future__ import annotations

from lokaal_avg.accounts.models import Membership
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.roles import Role

MANAGERS = (Role.ADMIN, Role.DPO)


def can_create(membership: Membership) -> bool:
    """Beheerder and functionaris; a medewerker who belongs to at least one department."""
    if membership.role in MANAGERS:
        return True
    return membership.role == Role.STAFF and bool(membership.departments)


def can_edit(membership: Membership, channel: Channel) -> bool:
    """Medewerkers only edit channels of their own departments (a channel without one is not theirs)."""
    if membership.role in MANAGERS:
        return True
    if membership.role == Role.STAFF:
        return channel.department_id is not None and channel.department_id in {d.id for d in membership.departments}
    return False


def can_scan(membership: Membership, channel: Channel) -> bool:
    return channel.active and channel.scannable and can_edit(membership, channel)


def can_scan_all(membership: Membership) -> bool:
    """Scanning every channel (and exploring the website) is for beheerder and functionaris."""
    return membership.role in MANAGERS


def allowed_department_ids(membership: Membership) -> set[int] | None:
    """Departments a member may assign a channel to; None means any (or none)."""
    if membership.role in MANAGERS:
        return None
    return {d.id for d in membership.departments}
