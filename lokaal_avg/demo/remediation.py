"""Demo data of the action plan for Gemeente Voorbeeldegem.

The register check runs on the demo register for real; a realistic subset of its findings becomes
actions for the demo users, worked through over the last six weeks (some late, one set aside with
a justification, one fixed and verified by a re-check, comments along the way). The daily
snapshots of those weeks are computed from the real findings and actions (when each was seen,
made and closed), and from today's real figures for the register score: history-shaped, not noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select, update

from lokaal_avg.accounts.models import Membership, User
from lokaal_avg.audit import services as audit
from lokaal_avg.core.db import today
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.overview import figures as metrics
from lokaal_avg.register import services as register
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.remediation import services
from lokaal_avg.remediation.models import Action, ActionComment, CheckRun, Finding
from lokaal_avg.remediation.register_checks import run_register_check
from lokaal_avg.scanning.models import Scan

WEEKS = 6
FIRST_SCAN_DAYS_AGO = 14
CHANNEL_KEYS = ("channels_scanned", "channels_https", "channels_ok", "https_share", "ok_share")


@dataclass(frozen=True)
class Plan:
    """One demo action: which finding (by code and a piece of its title), who, and its story."""

    code: str
    title_part: str
    assignee: str  # key of the users dict
    created_days_ago: int
    due_in_days: int  # negative: overdue
    steps: tuple[tuple[int, str, str], ...] = ()  # (days ago, status, note)
    comments: tuple[tuple[int, str, str], ...] = ()  # (days ago, author key, text)


PLANS = (
    Plan(
        "processor_agreement",
        "Nieuwsbrief Online",
        "admin",
        40,
        -10,
        steps=((33, "wacht_op_derde", "Ontwerp van verwerkersovereenkomst (VTC-model) naar de leverancier gestuurd."),),
        comments=((12, "dpo", "Nog geen antwoord van de leverancier. Koen, bel je hen deze week op?"),),
    ),
    Plan("processor_agreement", "Regio Hosting", "admin", 20, 10),
    Plan(
        "processor_agreement",
        "Sociaal Dossier",
        "dpo",
        18,
        160,
        steps=(
            (
                9,
                "niet_van_toepassing",
                "Het contract met Sociaal Dossier BV wordt niet verlengd: de sociale dienst stapt op 1 januari over "
                "naar de software van de welzijnsvereniging. De overeenkomst met de nieuwe leverancier volgt via de "
                "aankoopprocedure.",
            ),
        ),
    ),
    Plan(
        "register_legitimate_interest",
        "Fotowedstrijd",
        "admin",
        26,
        4,
        steps=((19, "in_uitvoering", ""),),
        comments=(
            (
                20,
                "dpo",
                "Deelname is vrijwillig: toestemming (a) is hier de juiste grond. Pas ook het wedstrijdreglement aan.",
            ),
        ),
    ),
    Plan("register_incomplete", "MA-02", "admin", 35, -5),
    Plan(
        "register_review_due",
        "BZ-01",
        "staff",
        24,
        60,
        steps=((10, "in_uitvoering", "Afspraak met het diensthoofd Burgerzaken op de 12de."),),
    ),
    Plan("register_dpia_needed", "BZ-02", "dpo", 30, 60),
    Plan(
        "register_dpia_needed",
        "SD-01",
        "dpo",
        38,
        52,
        steps=(
            (16, "in_uitvoering", ""),
            (3, "uitgevoerd", "DPIA uitgevoerd met de sociale dienst; het verslag staat in het DPIA-register."),
        ),
    ),
    Plan("org_security_audit", "audit", "admin", 42, 20),
    # From the channel scans (present when the channels demo ran first).
    Plan(
        "form_posts_http",
        "onversleuteld",
        "admin",
        12,
        18,
        steps=((2, "uitgevoerd", "Loketwerk heeft het formulier omgezet naar https. Wacht op de volgende scan."),),
    ),
    Plan(
        "no_https",
        "HTTPS",
        "admin",
        12,
        18,
        steps=((11, "wacht_op_derde", "Regio Hosting plaatst een certificaat; gepland voor volgende week."),),
    ),
    Plan(
        "tracker_on_form_page",
        "Google Tag Manager",
        "dpo",
        9,
        21,
        comments=((7, "admin", "De communicatiedienst gebruikt de statistieken niet meer; mag weg."),),
    ),
    Plan("category_undeclared", "Rijksregisternummer", "dpo", 5, 25, steps=((4, "in_uitvoering", ""),)),
)

# Fixed in the register and verified by the re-check (the pipeline runs for real).
VERIFIED = Plan(
    "register_incomplete",
    "MO-01",
    "admin",
    31,
    59,
    steps=((14, "in_uitvoering", "Bewaartermijn opgevraagd bij de dienst Mobiliteit."),),
)
VERIFIED_FIX = {
    "retention": "Tot één jaar na het verstrijken van de parkeerkaart (suggestie — te verifiëren).",
    "security_measures": "Toegang enkel voor de dienst Mobiliteit; logging van raadplegingen in het e-loket.",
    "third_country_transfers": False,
}
VERIFIED_DAYS_AGO = 6


def _moment(days_ago: int, hour: int = 10) -> datetime:
    return datetime.combine(today() - timedelta(days=days_ago), time(hour), tzinfo=UTC)


def populate(org: Organisation, users: dict[str, User]) -> None:
    """Findings, actions and six weeks of history for the demo municipality (idempotent per org)."""
    if db.session.scalar(select(Action.id).where(Action.organisation_id == org.id).limit(1)) is not None:
        return
    run_register_check(org, users["dpo"], "handmatig")
    _backdate_first_check(org, users["dpo"])
    _backdate_first_scans(org)
    members = {key: _membership(org, user) for key, user in users.items()}
    closed_on: dict[int, date] = {}
    for plan in PLANS:
        action = _act(org, users, members, plan)
        if action is not None and action.status in ("uitgevoerd", "niet_van_toepassing"):
            closed_on[action.id] = today() - timedelta(days=plan.steps[-1][0])
    verified = _act(org, users, members, VERIFIED)
    if verified is not None:
        _fix_and_verify(org, users, verified)
        closed_on[verified.id] = today() - timedelta(days=VERIFIED_DAYS_AGO)
    _manual_action(org, users, members)
    _history(org, closed_on)


def _membership(org: Organisation, user: User) -> Membership | None:
    return db.session.scalars(
        select(Membership).where(Membership.organisation_id == org.id, Membership.user_id == user.id)
    ).first()


def _finding(org: Organisation, code: str, title_part: str) -> Finding | None:
    return db.session.scalars(
        select(Finding).where(
            Finding.organisation_id == org.id,
            Finding.code == code,
            Finding.title.contains(title_part),
            Finding.resolved.is_(False),
        )
    ).first()


def _act(org: Organisation, users: dict[str, User], members: dict, plan: Plan) -> Action | None:
    finding = _finding(org, plan.code, plan.title_part)
    if finding is None or members.get(plan.assignee) is None:
        return None  # the demo register changed; skip rather than invent
    with audit.recorded_at(_moment(plan.created_days_ago, 9)):
        action, _made = services.action_from_finding(
            org, users["dpo"], finding, assignee_id=users[plan.assignee].id, notify=False
        )
    action.due_date = today() + timedelta(days=plan.due_in_days)
    action.created_at = _moment(plan.created_days_ago, 9)
    _stamp(action, action.created_at)
    events = [(d, "status", s, n) for d, s, n in plan.steps] + [(d, "comment", a, t) for d, a, t in plan.comments]
    for days_ago, kind, what, text in sorted(events, key=lambda e: -e[0]):
        when = _moment(days_ago, 11 if kind == "status" else 15)
        with audit.recorded_at(when):
            if kind == "status":
                actor_key = plan.assignee if what != "niet_van_toepassing" else "dpo"
                services.change_status(org, users[actor_key], members[actor_key], action, what, text or None)
            else:
                services.add_comment(org, users[what], action, text)
        _stamp(action, when)
    db.session.flush()
    return action


def _stamp(action: Action, when: datetime) -> None:
    """Date what just happened to action (its comments) as if it happened on when.

    Its audit entries were written with that date already (audit.recorded_at): the audit trail is
    a hash chain, and no entry is changed after it was written, not even by the demo."""
    db.session.flush()
    db.session.execute(
        update(ActionComment)
        .where(ActionComment.action_id == action.id, ActionComment.created_at > when)
        .values(created_at=when)
        .execution_options(synchronize_session=False)
    )
    if action.verified_at is not None and action.verified_at > when:
        action.verified_at = when


def _backdate_first_check(org: Organisation, dpo: User) -> None:
    """The register was first checked six weeks ago; what it found then was first seen then."""
    first = _moment(WEEKS * 7, 8)
    for finding in db.session.scalars(
        select(Finding).where(Finding.organisation_id == org.id, Finding.source == "register")
    ):
        finding.first_seen_at = first
    run = db.session.scalars(select(CheckRun).where(CheckRun.organisation_id == org.id)).first()
    db.session.add(
        CheckRun(
            organisation_id=org.id,
            trigger="handmatig",
            actor_id=dpo.id,
            ran_at=first,
            new=run.new if run else 0,
            open_count=run.open_count if run else 0,
        )
    )
    db.session.flush()


def _backdate_first_scans(org: Organisation) -> None:
    """The channels were first scanned two weeks ago; today's scan still sees what it saw then."""
    first = _moment(FIRST_SCAN_DAYS_AGO, 8)
    for finding in db.session.scalars(
        select(Finding).where(
            Finding.organisation_id == org.id, Finding.source == "scan", Finding.first_seen_at > first
        )
    ):
        finding.first_seen_at = first
    db.session.flush()


def _fix_and_verify(org: Organisation, users: dict[str, User], action: Action) -> None:
    """Complete the register entry, re-run the check: the action is verified by the check itself."""
    activity = db.session.get(ProcessingActivity, action.activity_id)
    register.update_activity(org, users["admin"], None, activity, VERIFIED_FIX)
    when = _moment(VERIFIED_DAYS_AGO, 14)
    with audit.recorded_at(when):
        run_register_check(org, users["admin"], "handmatig")
    _stamp(action, when)
    finding = db.session.get(Finding, action.finding_id)
    last_seen = when - timedelta(days=1)
    finding.resolved_at = action.verified_at = when
    finding.last_seen_at = last_seen
    action.verification_evidence = {
        **action.verification_evidence,
        "note": f"Registercontrole van {when:%d/%m/%Y}: het probleem komt niet meer voor.",
        "checked_at": when.isoformat(),
        "last_seen_at": last_seen.isoformat(),
    }
    db.session.flush()


def _manual_action(org: Organisation, users: dict[str, User], members: dict) -> None:
    """An action no check produced: training for the counter staff, a little late."""
    burgerzaken = next((d for d in org.departments if d.name == "Burgerzaken"), None)
    with audit.recorded_at(_moment(28, 9)):
        action = services.create_action(
            org,
            users["dpo"],
            {
                "title": "Loketmedewerkers Burgerzaken opleiden in identiteitscontrole en AVG-basisregels",
                "description": (
                    "Korte opleiding (1 uur) voor wie aan de balie uittreksels en attesten aflevert: wie mag wat "
                    "opvragen, hoe controleer je de identiteit, wat doe je bij een vraag van een derde. "
                    "Bewijs: aanwezigheidslijst en presentatie in het AVG-dossier."
                ),
                "department_id": burgerzaken.id if burgerzaken else None,
                "assignee_id": users["staff"].id,
                "priority": "midden",
                "due_date": today() - timedelta(days=3),
            },
            notify=False,
        )
    action.created_at = _moment(28, 9)
    _stamp(action, action.created_at)
    with audit.recorded_at(_moment(8, 16)):
        services.change_status(org, users["staff"], members["staff"], action, "in_uitvoering", None)
        services.add_comment(
            org, users["staff"], action, "Datum vastgelegd met het diensthoofd; presentatie in voorbereiding."
        )
    _stamp(action, _moment(8, 16))


def _history(org: Organisation, closed_on: dict[int, date]) -> None:
    """Daily snapshots for the last six weeks, derived from the rows, then today's real one."""
    current = metrics.snapshot_values(metrics.dashboard_figures(org))
    scanned = db.session.scalar(select(db.func.min(Scan.started_at)).where(Scan.organisation_id == org.id))
    first_scan = min(scanned, _moment(FIRST_SCAN_DAYS_AGO, 8)) if scanned is not None else None
    findings = list(db.session.scalars(select(Finding).where(Finding.organisation_id == org.id)))
    actions = list(db.session.scalars(select(Action).where(Action.organisation_id == org.id)))
    days = WEEKS * 7
    for back in range(days, 0, -1):
        day = today() - timedelta(days=back)
        values = dict(current)
        values.update(_finding_figures(findings, day))
        values.update(_action_figures(actions, closed_on, day))
        values.update(_register_figures(current, values, back, days))
        if first_scan is None or first_scan.date() > day:  # no channel figures before the first scan
            values.update(dict.fromkeys(CHANNEL_KEYS))
        metrics.store(org.id, day, values)
    metrics.take_snapshot(org)


def _open_on(finding: Finding, day: date) -> bool:
    if finding.first_seen_at.date() > day:
        return False
    return not finding.resolved or (finding.resolved_at is not None and finding.resolved_at.date() > day)


def _finding_figures(findings: list[Finding], day: date) -> dict[str, int]:
    values = {f"findings_{s}": 0 for s in ("kritiek", "hoog", "midden", "laag")}
    for finding in findings:
        if _open_on(finding, day):
            values[f"findings_{finding.severity}"] += 1
    values["incomplete"] = sum(1 for f in findings if f.code == "register_incomplete" and _open_on(f, day))
    return values


def _action_figures(actions: list[Action], closed_on: dict[int, date], day: date) -> dict[str, int]:
    values = {"actions_open": 0, "actions_overdue": 0, "actions_done": 0, "actions_unverified": 0}
    for action in actions:
        if action.created_at.date() > day:
            continue
        closed = closed_on.get(action.id)
        if closed is not None and closed <= day:
            values["actions_done"] += 1
            values["actions_unverified"] += int(action.status == "uitgevoerd")
        else:
            values["actions_open"] += 1
            values["actions_overdue"] += int(action.due_date is not None and action.due_date < day)
    return values


def _register_figures(current: dict, values: dict, back: int, days: int) -> dict[str, int | None]:
    """Completeness rose as entries were completed: one step per completed entry, weekdays only.

    Today's score minus what the then still incomplete entries cost, plus a slow climb of the
    approvals the DPO did along the way.
    """
    score, share = current.get("register_score"), current.get("approved_share")
    extra_incomplete = max(values["incomplete"] - (current.get("incomplete") or 0), 0)
    if score is not None:
        score = max(score - 3 * extra_incomplete - round(6 * back / days), 0)
    if share is not None:
        share = max(share - round(18 * back / days), 0)
    return {"register_score": score, "approved_share": share}


__all__ = ["populate"]
