"""`flask --app app dossier --org SLUG [--department NAME | --activity ID] --out FILE.pdf`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from lokaal_avg.core.extensions import db


def _progress(done: int, total: int, message: str | None) -> None:
    click.echo(f"  {done}/{total} {message or ''}", err=True)


@click.command("dossier")
@click.option("--org", "org_slug", required=True, help="Korte naam van de organisatie (bv. voorbeeldegem)")
@click.option("--department", help="Alleen deze dienst (naam zoals in de instellingen)")
@click.option("--activity", "activity_id", type=int, help="Alleen de registerfiche van deze verwerking (id)")
@click.option("--user", "user_email", help="E-mailadres van wie het dossier opmaakt (voor de geschiedenis)")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def dossier_command(
    org_slug: str, department: str | None, activity_id: int | None, user_email: str | None, out: Path
) -> None:
    """Make a dossier for the supervisory authority, record it, and write the PDF to --out."""
    from lokaal_avg.accounts.services import find_user
    from lokaal_avg.dossiers import services
    from lokaal_avg.dossiers.scope import ACTIVITY, DEPARTMENT, ORGANISATION, DossierScope
    from lokaal_avg.organisations.models import Organisation

    if department and activity_id:
        raise click.UsageError("Kies --department of --activity, niet allebei.")
    org = db.session.scalars(select(Organisation).where(Organisation.slug == org_slug)).first()
    if org is None:
        raise click.UsageError(f"Onbekende organisatie: {org_slug}")
    author = None
    if user_email:
        author = find_user(user_email)
        if author is None:
            raise click.UsageError(f"Onbekende gebruiker: {user_email}")
    if department:
        dept = next((d for d in org.departments if d.name.lower() == department.strip().lower()), None)
        if dept is None:
            names = ", ".join(d.name for d in org.departments)
            raise click.UsageError(f"Onbekende dienst: {department}. Bestaande diensten: {names}")
        scope = DossierScope(DEPARTMENT, department_id=dept.id)
    elif activity_id:
        scope = DossierScope(ACTIVITY, activity_id=activity_id)
    else:
        scope = DossierScope(ORGANISATION)
    try:
        dossier = services.generate_dossier(org, author, scope, progress=_progress)
    except services.DossierError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    out.write_bytes(dossier.pdf)
    db.session.commit()
    click.echo(f"{dossier.title} — versie {dossier.version}: {dossier.page_count} pagina's, {dossier.size} bytes")
    click.echo(f"SHA-256 {dossier.sha256}")
    click.echo(f"Geschreven naar {out}")


commands = [dossier_command]
