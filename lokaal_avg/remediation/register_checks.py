"""The register check: the register's rule violations become findings.

For every active processing activity: missing mandatory Art. 30 fields, the rule warnings of
register/rules.py (legitimate interest for a government, special categories without an Art. 9(2)
exception, criminal data or the national register number without a basis, transfers without
safeguards, a DPIA that is likely needed but not decided, a review that is overdue), and every
contradiction between the entry and the channels that feed it (contradictions.py). For every
processor used by an active activity: no processing agreement, or an expired one. For the
organisation: no DPO, no (recent) information security plan, no yearly audit.

The check is cheap and idempotent: it reports the complete list and sync_findings() adds, keeps,
resolves and reopens findings by fingerprint, then verifies or reopens their actions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from lokaal_avg.accounts.models import User
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.db import today, utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register import rules
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.register.queries import is_in_register, register_activities
from lokaal_avg.remediation import notifications
from lokaal_avg.remediation.contradictions import ChannelFacts, contradictions, feeding_facts
from lokaal_avg.remediation.findings import FindingInput, Scope, SyncResult, sync_findings
from lokaal_avg.remediation.models import CheckRun
from lokaal_avg.remediation.register_texts import (
    contradiction_finding,
    incomplete_finding,
    organisation_findings,
    processor_findings,
    warning_finding,
)

log = logging.getLogger(__name__)

SCOPE = Scope("register")
DEFAULT_MAX_AGE_MINUTES = 15
AUTOMATIC_RUNS_KEPT = timedelta(days=30)


@dataclass
class CheckOutcome:
    run: CheckRun
    result: SyncResult


def build_findings(
    org: Organisation,
    activities: list[ProcessingActivity],
    channels: list[Channel] = (),
    feeding: dict[int, list[ChannelFacts]] | None = None,
) -> list[FindingInput]:
    """Everything the register check sees, for the active activities and channels given (relations loaded).

    A processor's agreement is checked once, whether activities use it or it supplies a channel,
    so one agreement problem is one finding and one action. feeding (activity id -> what its
    channels showed) turns contradictions between an entry and its channels into findings.
    """
    found: list[FindingInput] = []
    processors: dict[int, Processor] = {}
    for activity in activities:
        if not is_in_register(activity):
            continue
        found.extend(_activity_findings(org, activity))
        for item in contradictions(activity, (feeding or {}).get(activity.id, [])):
            found.append(contradiction_finding(activity, item))
        for processor in activity.processors:
            processors[processor.id] = processor
    for channel in channels:
        if channel.active and channel.vendor is not None:
            processors[channel.vendor.id] = channel.vendor
    for processor in sorted(processors.values(), key=lambda p: p.name.lower()):
        found.extend(processor_findings(processor, _users_of(processor, activities, channels)))
    found.extend(organisation_findings(org))
    return found


def _activity_findings(org: Organisation, activity: ProcessingActivity) -> list[FindingInput]:
    found = []
    completeness = rules.completeness(activity)
    if completeness.missing_mandatory:
        found.append(incomplete_finding(activity, completeness))
    for warning in rules.warnings(activity, org.is_government):
        item = warning_finding(activity, warning)
        if item is not None:
            found.append(item)
    return found


def _users_of(processor: Processor, activities: list[ProcessingActivity], channels: list[Channel] = ()) -> list[str]:
    used = [str(a) for a in activities if is_in_register(a) and processor in a.processors]
    used += [_("kanaal %(name)s", name=c.name) for c in channels if c.active and c.vendor_id == processor.id]
    return sorted(used)


def _active_channels(org_id: int) -> list[Channel]:
    return list(
        db.session.scalars(
            select(Channel)
            .where(Channel.organisation_id == org_id, Channel.active.is_(True), Channel.vendor_id.is_not(None))
            .options(selectinload(Channel.vendor))
        )
    )


def run_register_check(org: Organisation, actor: User | None = None, trigger: str = "handmatig") -> CheckOutcome:
    """Check the whole register now and bring findings and actions in line. Flushes, never commits."""
    activities = list(db.session.scalars(register_activities(org.id)))
    # Findings are the organisation's data: always in its language, whoever runs the check.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        found = build_findings(org, activities, _active_channels(org.id), feeding_facts(org.id))
        note = _("Registercontrole van %(day)s: het probleem komt niet meer voor.", day=today().strftime("%d/%m/%Y"))
        result = sync_findings(org.id, SCOPE, found, evidence_note=note)
    run = CheckRun(
        organisation_id=org.id,
        source="register",
        trigger=trigger,
        actor_id=actor.id if actor is not None else None,
        ran_at=utcnow(),
        new=len(result.new),
        reopened=len(result.reopened),
        resolved=len(result.resolved),
        open_count=result.open_count,
    )
    db.session.add(run)
    if trigger == "automatisch":  # page views run it often; a month of those is history enough
        db.session.execute(
            delete(CheckRun).where(
                CheckRun.organisation_id == org.id,
                CheckRun.trigger == "automatisch",
                CheckRun.ran_at < run.ran_at - AUTOMATIC_RUNS_KEPT,
            )
        )
    db.session.flush()
    return CheckOutcome(run, result)


def last_run(org_id: int) -> CheckRun | None:
    return db.session.scalars(
        select(CheckRun)
        .where(CheckRun.organisation_id == org_id, CheckRun.source == "register")
        .order_by(CheckRun.ran_at.desc(), CheckRun.id.desc())
        .limit(1)
    ).first()


def max_age() -> timedelta:
    return timedelta(minutes=current_app.config.get("REMEDIATION_CHECK_MAX_AGE", DEFAULT_MAX_AGE_MINUTES))


def check_if_stale(org: Organisation) -> CheckOutcome | None:
    """Run the check when the last one is older than REMEDIATION_CHECK_MAX_AGE minutes.

    Called when someone opens a page that shows findings. Two requests may race; the loser's
    savepoint is rolled back (the unique fingerprint refuses the duplicate) and its page simply
    shows what the winner found.
    """
    last = last_run(org.id)
    if last is not None and utcnow() - last.ran_at < max_age():
        return None
    pending = len(notifications.queued())
    try:
        with db.session.begin_nested():
            return run_register_check(org, None, "automatisch")
    except IntegrityError:
        del notifications.queued()[pending:]
        log.info("register check for %s ran concurrently; keeping the other result", org.slug)
        return None
