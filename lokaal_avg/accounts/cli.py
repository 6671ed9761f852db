"""`flask --app app create-admin --email …`: the first platform administrator."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lokaal_avg.core.extensions import db


@click.command("create-admin")
@click.option("--email", required=True, help="E-mailadres (login) van de platformbeheerder")
@click.option("--name", help="Volledige naam (voor een nieuw account)")
@click.option(
    "--password",
    help="Wachtwoord voor een nieuw account (wordt gevraagd als het ontbreekt; bij voorkeur niet op de opdrachtregel)",
)
@with_appcontext
def create_admin_command(email: str, name: str | None, password: str | None) -> None:
    """Make an account platform administrator, creating it if needed.

    A platform administrator creates organisations and invites their first members; the
    first sign-in asks to set up two-factor sign-in.
    """
    from lokaal_avg.accounts import services as accounts

    if accounts.find_user(email) is None and not password:
        password = click.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Herhaal het wachtwoord")
    try:
        user, created = accounts.make_platform_admin(email, name, password)
    except accounts.AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    if created:
        click.echo(f"Platformbeheerder {user.email} aangemaakt.")
    else:
        click.echo(f"{user.email} is nu platformbeheerder (het wachtwoord bleef ongewijzigd).")
    click.echo("Bij de eerste aanmelding stelt u tweestapsverificatie in (verplicht voor platformbeheerders).")


from lokaal_avg.accounts.org_cli import create_org_command  # noqa: E402 - listed together below

commands = [create_admin_command, create_org_command]
