"""Making and keeping dossiers: numbering, the change-log window, storage and the audit trail."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from lokaal_avg.accounts.models import User
from lokaal_avg.audit import chain as audit_chain
from lokaal_avg.audit import services as audit
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.dossiers.collect import DossierData, collect
from lokaal_avg.dossiers.limits import DossierTooLarge, check_contents
from lokaal_avg.dossiers.models import Dossier
from lokaal_avg.dossiers.scope import ACTIVITY, DEPARTMENT, DossierScope
from lokaal_avg.organisations.models import Department, Organisation
from lokaal_avg.register.models import ProcessingActivity

# Rough layout yield, only used to size the progress bar before the real page count is known.
PAGES_PER_ACTIVITY = 0.9
FIXED_PAGES = 8


class DossierError(ValueError):
    """A user-facing problem (message in Dutch)."""


def next_version(org: Organisation) -> int:
    """Dossiers of an organisation are numbered 1, 2, 3, … across scopes (a document number)."""
    current = db.session.scalar(select(func.max(Dossier.version)).where(Dossier.organisation_id == org.id))
    return (current or 0) + 1


def _same_scope(org: Organisation, scope: DossierScope) -> list:
    return [
        Dossier.organisation_id == org.id,
        Dossier.scope == scope.kind,
        Dossier.department_id.is_(None)
        if scope.department_id is None
        else Dossier.department_id == scope.department_id,
        Dossier.activity_id.is_(None) if scope.activity_id is None else Dossier.activity_id == scope.activity_id,
    ]


def previous_dossier(org: Organisation, scope: DossierScope) -> Dossier | None:
    """The latest dossier of the same scope: where the next dossier's change log starts."""
    return db.session.scalars(
        select(Dossier).where(*_same_scope(org, scope)).order_by(Dossier.created_at.desc(), Dossier.id.desc()).limit(1)
    ).first()


def previous_dossier_before(org: Organisation, dossier: Dossier) -> Dossier | None:
    """The dossier of the same scope that dossier's change log continues from."""
    try:
        scope = DossierScope(dossier.scope, dossier.department_id, dossier.activity_id)
    except ValueError:  # its department or activity was deleted since
        return None
    return db.session.scalars(
        select(Dossier)
        .where(*_same_scope(org, scope), Dossier.version < dossier.version)
        .order_by(Dossier.version.desc())
        .limit(1)
    ).first()


def check_scope(org: Organisation, scope: DossierScope) -> None:
    """The department or activity of scope must belong to org."""
    if scope.kind == DEPARTMENT:
        dept = db.session.get(Department, scope.department_id)
        if dept is None or dept.organisation_id != org.id:
            raise DossierError(_("Deze dienst bestaat niet (meer) in deze organisatie."))
    if scope.kind == ACTIVITY:
        activity = db.session.get(ProcessingActivity, scope.activity_id)
        if activity is None or activity.organisation_id != org.id:
            raise DossierError(_("Deze verwerking bestaat niet (meer) in deze organisatie."))


def dossier_language(org: Organisation, requested: str | None = None) -> str:
    """The language asked for if the interface offers it, else the organisation's working language, else Dutch."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (requested, org.language):
        if candidate in languages:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def prepare(
    org: Organisation,
    scope: DossierScope,
    author: User | None = None,
    generated_at: datetime | None = None,
    language: str | None = None,
) -> DossierData:
    """Collect the content of the next dossier of scope, numbered and with its change-log window."""
    check_scope(org, scope)
    # Full precision: the next dossier's change log starts exactly here, without gap or overlap.
    moment = generated_at or utcnow()
    previous = previous_dossier(org, scope)
    data = collect(org, scope, moment, next_version(org), previous, author, dossier_language(org, language))
    head = audit_chain.head_of(org.id)
    data.audit_head = (head.seq, head.entry_hash) if head else (0, audit_chain.GENESIS)
    try:
        check_contents(data)
    except DossierTooLarge as exc:
        raise DossierError(str(exc)) from exc
    return data


def generate_dossier(
    org: Organisation,
    author: User | None,
    scope: DossierScope,
    progress: Callable[[int, int, str | None], None] | None = None,
    job_id: int | None = None,
    language: str | None = None,
) -> Dossier:
    """Collect, render and store the next dossier of scope in language (default: the organisation's); caller commits."""
    data = prepare(org, scope, author, language=language)
    # Read before rendering: in a job, progress reports commit, which expires the loaded objects.
    title, since = data.title, data.since
    expected = FIXED_PAGES + round(PAGES_PER_ACTIVITY * (len(data.activities) + len(data.ended)))
    # WeasyPrint takes a second and a half to import: only what renders a PDF pays for it.
    from lokaal_avg.dossiers.render import render_dossier

    rendered = render_dossier(data, progress, 1 if scope.is_sheet else expected)
    dossier = Dossier(
        organisation_id=org.id,
        scope=scope.kind,
        department_id=scope.department_id,
        activity_id=scope.activity_id,
        version=data.version,
        title=title[:300],
        language=data.language,
        job_id=job_id,
        created_by_id=author.id if author else None,
        created_at=data.generated_at,
        changes_since=since,
        sha256=rendered.sha256,
        size=len(rendered.pdf),
        page_count=rendered.page_count,
        pdf=rendered.pdf,
    )
    db.session.add(dossier)
    db.session.flush()
    audit.record(
        org,
        author,
        "create",
        dossier,
        {"version": [None, dossier.version], "scope": [None, dossier.scope], "sha256": [None, dossier.sha256]},
        target_label=dossier.title,
    )
    return dossier


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "x"


def download_name(org: Organisation, dossier: Dossier, department: Department | None = None) -> str:
    """E.g. avg-dossier-voorbeeldegem-v3-2026-05-01.pdf; a record sheet starts with registerfiche-."""
    stamp = dossier.created_at.date().isoformat()
    if dossier.scope == ACTIVITY:
        return f"registerfiche-{org.slug}-{dossier.activity_id or 'x'}-v{dossier.version}-{stamp}.pdf"
    part = f"-{_slug(department.name)}" if department is not None else ""
    return f"avg-dossier-{org.slug}{part}-v{dossier.version}-{stamp}.pdf"
