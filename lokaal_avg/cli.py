"""Command-line commands: `flask --app app demo`, `create-user`, ..."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from lokaal_avg.accounts import members
from lokaal_avg.core.extensions import db

FEATURE_CLIS = (
    "lokaal_avg.accounts.cli",
    "lokaal_avg.jobs.cli",
    "lokaal_avg.scanning.cli",
    "lokaal_avg.remediation.cli",
    "lokaal_avg.breaches.cli",
    "lokaal_avg.requests.cli",
    "lokaal_avg.dossiers.cli",
    "lokaal_avg.scheduler.cli",
    "lokaal_avg.overview.cli",
    "lokaal_avg.exchange.cli",
)


def register(app: Flask) -> None:
    import importlib

    app.cli.add_command(demo_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(audit_group)
    for module_name in FEATURE_CLIS:
        for command in importlib.import_module(module_name).commands:
            app.cli.add_command(command)


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo municipalities (idempotent) and print the logins."""
    from flask import current_app

    from lokaal_avg.demo.municipalities import DEMO_LOGINS, demo_password, load_demo

    password = demo_password(Path(current_app.instance_path))
    created = load_demo(password)
    db.session.commit()
    if created:
        click.echo("Demo geladen: Gemeente Voorbeeldegem en Gemeente Andersveld.")
    else:
        click.echo("Demo was al geladen; niets gewijzigd.")
    click.echo("Demo-logins (één wachtwoord voor allemaal):")
    for email, role in DEMO_LOGINS:
        click.echo(f"  {email:<32} {role}")
    click.echo(f"Wachtwoord: {password}")


@click.command("create-user")
@click.option("--email", required=True, help="E-mailadres (login)")
@click.option("--name", required=True, help="Volledige naam")
@click.option("--org", "org_slug", help="Korte naam van de organisatie om de gebruiker aan toe te voegen")
@click.option("--role", type=click.Choice(["beheerder", "functionaris", "medewerker", "lezer"]), default="lezer")
@click.option("--department", "departments", multiple=True, help="Dienst (voor een medewerker; herhaalbaar)")
@click.password_option("--password", help="Wachtwoord (wordt gevraagd als het ontbreekt)")
@with_appcontext
def create_user_command(
    email: str, name: str, org_slug: str | None, role: str, departments: tuple[str, ...], password: str
) -> None:
    """Create a user, optionally with a role in an organisation."""
    from sqlalchemy import select

    from lokaal_avg.accounts import services as accounts
    from lokaal_avg.accounts.passwords import password_problem
    from lokaal_avg.organisations import services as organisations
    from lokaal_avg.organisations.models import Organisation

    problem = password_problem(password, email)
    if problem:
        raise click.UsageError(problem)
    try:
        user = accounts.create_user(email, name, password)
        if org_slug:
            org = db.session.scalars(select(Organisation).where(Organisation.slug == org_slug)).first()
            if org is None:
                raise click.UsageError(f"Onbekende organisatie: {org_slug}")
            depts = [d for d in org.departments if d.name in departments]
            missing = set(departments) - {d.name for d in depts}
            if missing:
                raise click.UsageError(f"Onbekende dienst(en): {', '.join(sorted(missing))}")
            if role == "medewerker" and not depts:
                raise click.UsageError("Een medewerker heeft minstens één --department nodig.")
            members.add_member(org, None, user.email, user.name, role, depts)
    except (accounts.AccountError, organisations.OrganisationError) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Gebruiker {user.email} aangemaakt.")


@click.group("audit")
def audit_group() -> None:
    """The audit trail."""


@audit_group.command("verify")
@click.option("--org", "org_slug", help="Korte naam van één organisatie (standaard: alle)")
@with_appcontext
def audit_verify_command(org_slug: str | None) -> None:
    """Recompute the audit hash chain and name the first entry that does not match; exit code 1 if broken."""
    from sqlalchemy import select

    from lokaal_avg.audit import chain
    from lokaal_avg.organisations.models import Organisation

    stmt = select(Organisation).order_by(Organisation.slug)
    if org_slug:
        stmt = stmt.where(Organisation.slug == org_slug)
    orgs = db.session.scalars(stmt).all()
    if org_slug and not orgs:
        raise click.UsageError(f"Onbekende organisatie: {org_slug}")
    chains = [(org.slug, org.id) for org in orgs] + ([] if org_slug else [("(zonder organisatie)", None)])
    broken = 0
    for label, org_id in chains:
        verdict = chain.verify(org_id)
        if verdict.intact:
            click.echo(f"{label}: keten intact, {verdict.checked} regels, laatste vingerafdruk {verdict.head_hash}")
            continue
        broken += 1
        where = f"eerste foute regel: nr. {verdict.broken_seq}" + (
            f" (id {verdict.broken_entry_id})" if verdict.broken_entry_id else ""
        )
        click.echo(f"{label}: KETEN VERBROKEN, {where}: {verdict.reason}", err=True)
    if broken:
        raise SystemExit(1)
