"""`flask --app app import-register --org SLUG FILE [--dry-run]` and `export-register`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from lokaal_avg.core.extensions import db


def _org(slug: str):
    from lokaal_avg.organisations.models import Organisation

    org = db.session.scalars(select(Organisation).where(Organisation.slug == slug)).first()
    if org is None:
        raise click.UsageError(f"Onbekende organisatie: {slug}")
    return org


def _print_plan(plan) -> None:
    layout = plan.layout
    click.echo(f"Blad {layout.sheet.name}, kolomtitels op rij {layout.header_row + 1}.")
    for column in layout.columns:
        chosen = plan.mapping.get(column.index, "-")
        click.echo(
            f"  kolom {column.letter}: {column.title or '(geen titel)'} -> {chosen if chosen != '-' else 'genegeerd'}"
        )
    for row in plan.rows:
        changed = f" ({', '.join(row.changed)})" if row.changed else ""
        click.echo(f"rij {row.number}: {row.action}{changed} — {row.reference or ''} {row.name}".rstrip())
        for issue in row.issues:
            click.echo(f"    {issue.column}{row.number if issue.column else ''} {issue.field}: {issue.message}")
    for proposal in plan.proposals.values():
        click.echo(
            f"nieuwe lijstwaarde ({proposal.kind}): {proposal.text} — rijen {', '.join(map(str, proposal.rows))}"
        )
    click.echo(
        f"Samen: {plan.count('nieuw')} nieuw, {plan.count('bijwerken')} bij te werken, "
        f"{plan.count('ongewijzigd')} ongewijzigd, {plan.count('overslaan')} overgeslagen; "
        f"{plan.issue_count} cellen niet begrepen."
    )


@click.command("import-register")
@click.option("--org", "org_slug", required=True, help="Korte naam van de organisatie")
@click.option("--dry-run", is_flag=True, help="Alleen het voorbeeld tonen; niets bewaren")
@click.option("--user", "user_email", help="E-mailadres van wie importeert (voor de auditlog)")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_register_command(org_slug: str, dry_run: bool, user_email: str | None, file: Path) -> None:
    """Import a spreadsheet register (new list values are added; unrecognised columns ignored)."""
    from lokaal_avg.accounts.services import find_user
    from lokaal_avg.exchange import services
    from lokaal_avg.exchange.reader import ImportFileError

    org = _org(org_slug)
    actor = find_user(user_email) if user_email else None
    if user_email and actor is None:
        raise click.UsageError(f"Onbekende gebruiker: {user_email}")
    content = file.read_bytes()
    try:
        if dry_run:
            _print_plan(services.read_plan(org, file.name, content))
            click.echo("Proefdraai: er is niets bewaard.")
            return
        upload, plan = services.start_import(org, actor, file.name, content)
        _print_plan(plan)
        services.confirm(org, actor, None, upload)
    except (ImportFileError, services.RegisterImportError) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Geïmporteerd als concept. SHA-256 {upload.sha256}")


@click.command("export-register")
@click.option("--org", "org_slug", required=True, help="Korte naam van de organisatie")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json", "jsonld"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@click.option("--with-ended", is_flag=True, help="Ook beëindigde verwerkingen")
@with_appcontext
def export_register_command(org_slug: str, fmt: str, out: Path, with_ended: bool) -> None:
    """Write the register (active entries, as on the register page) to --out."""
    from lokaal_avg.audit import services as audit
    from lokaal_avg.exchange import export
    from lokaal_avg.register.queries import filtered_rows

    org = _org(org_slug)
    activities = [r.activity for r in filtered_rows(org, {"beeindigd": "1"} if with_ended else {}, None)]
    out.write_bytes(export.export_register(org, activities, fmt))
    audit.record(
        org, None, "export", org, {"format": [None, fmt], "activities": [None, len(activities)]}, target_label=out.name
    )
    db.session.commit()
    click.echo(f"{len(activities)} verwerkingen geschreven naar {out}")


@click.command("export-org")
@click.argument("org_slug")
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@with_appcontext
def export_org_command(org_slug: str, out: Path) -> None:
    """Write one organisation completely to a zip (docs/organisation-backup.md)."""
    from lokaal_avg.audit import services as audit
    from lokaal_avg.exchange import backup

    org = _org(org_slug)
    data = backup.export_org(org)
    out.write_bytes(data)
    audit.record(org, None, "backup", org, {"file": [None, out.name]}, target_label=out.name)
    db.session.commit()
    click.echo(f"Back-up van {org.name} geschreven naar {out} ({len(data)} bytes)")


@click.command("import-org")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", help="Andere korte naam voor de herstelde organisatie")
@with_appcontext
def import_org_command(file: Path, slug: str | None) -> None:
    """Restore an organisation from a zip made by export-org (as a new organisation)."""
    from lokaal_avg.audit import services as audit
    from lokaal_avg.exchange import backup

    try:
        org = backup.import_org(file.read_bytes(), slug)
    except backup.BackupError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    audit.record(org, None, "restore", org, {"file": [None, file.name]}, target_label=file.name)
    db.session.commit()
    click.echo(f"{org.name} hersteld als {org.slug}.")


commands = [import_register_command, export_register_command, export_org_command, import_org_command]
