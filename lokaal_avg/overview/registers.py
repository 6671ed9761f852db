"""The other registers a DPO keeps, as the dashboard shows them: breaches, requests, DPIAs and the planning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lokaal_avg.accounts.models import Membership
from lokaal_avg.breaches import queries as breaches
from lokaal_avg.dpia import queries as dpia
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.requests import queries as requests
from lokaal_avg.scheduler.overview import ScheduleOverview, schedule_overview


@dataclass
class DpoRegisters:
    breaches: breaches.BreachFigures
    requests: requests.RequestFigures
    dpia: dpia.DpiaFigures
    schedule: ScheduleOverview

    @property
    def next_scan_at(self) -> datetime | None:
        """The first scheduled scan still to come (None: none planned, or due at the next round)."""
        upcoming = [run.next_run_at for run in self.schedule.channels if run.scheduled and run.next_run_at]
        return min(upcoming, default=None)


def dpo_registers(org: Organisation, membership: Membership | None) -> DpoRegisters:
    """Each feature's own figures; a medewerker's breaches and requests are those of its departments."""
    return DpoRegisters(
        breaches=breaches.dashboard_figures(org, membership),
        requests=requests.dashboard_figures(org, membership),
        dpia=dpia.dashboard_figures(org),
        schedule=schedule_overview(org),
    )
