"""Last and next run of every recurring task of an organisation, for the dashboard and the planning page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.scheduler.models import REGISTER, SCAN, ScheduleSlot


@dataclass
class RunInfo:
    """One recurring task. next_run_at None with scheduled True: picked up at the planner's next round."""

    label: str
    frequency: str
    scheduled: bool
    last_started_at: datetime | None = None
    last_state: str | None = None  # the job's state: wachtend, bezig, klaar, mislukt
    last_job_id: int | None = None
    next_run_at: datetime | None = None
    channel_id: int | None = None


@dataclass
class ScheduleOverview:
    register: RunInfo
    channels: list[RunInfo] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for run in [self.register, *self.channels] if run.last_state == "mislukt")


def schedule_overview(org: Organisation) -> ScheduleOverview:
    """Three statements, whatever the number of channels."""
    slots = {
        s.key: s
        for s in db.session.scalars(
            select(ScheduleSlot)
            .where(ScheduleSlot.organisation_id == org.id)
            .options(selectinload(ScheduleSlot.last_job))
        )
    }
    channels = db.session.scalars(
        select(Channel).where(Channel.organisation_id == org.id, Channel.active.is_(True)).order_by(Channel.name)
    )
    register = _info(slots.get(f"{REGISTER}:{org.id}"), "", "dagelijks", True)
    runs = [
        _info(
            slots.get(f"{SCAN}:{c.id}"),
            c.name,
            c.scan_frequency,
            c.scan_frequency != "handmatig",
            c.id,
        )
        for c in channels
        if c.scannable
    ]
    return ScheduleOverview(register=register, channels=runs)


def _info(slot: ScheduleSlot | None, label: str, frequency: str, scheduled: bool, channel_id: int | None = None):
    info = RunInfo(label=label, frequency=frequency, scheduled=scheduled, channel_id=channel_id)
    if slot is not None:
        info.last_started_at = slot.last_started_at
        info.last_job_id = slot.last_job_id
        info.last_state = slot.last_job.state if slot.last_job else None
        info.next_run_at = slot.next_run_at if scheduled else None
    return info
