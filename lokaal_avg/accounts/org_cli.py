"""`flask --app app create-org …`: an organisation and the invitation of its first member."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Authority, OrganisationKind


@click.command("create-org")
@click.option("--slug", required=True, help="Korte naam, bv. voorbeeldegem")
@click.option("--name", required=True, help="Volledige naam, bv. 'Gemeente Voorbeeldegem'")
@click.option("--kbo", help="Ondernemingsnummer, bv. 0123.456.749 (het controlegetal wordt nagekeken)")
@click.option(
    "--kind", type=click.Choice([k.value for k in OrganisationKind]), default=OrganisationKind.MUNICIPALITY.value
)
@click.option("--authority", type=click.Choice([a.value for a in Authority]), default=Authority.VTC.value)
@click.option("--invite", "invite_email", help="E-mailadres van de eerste beheerder of functionaris")
@click.option("--role", type=click.Choice(["beheerder", "functionaris"]), default="beheerder")
@with_appcontext
def create_org_command(
    slug: str, name: str, kbo: str | None, kind: str, authority: str, invite_email: str | None, role: str
) -> None:
    """Create an organisation and invite its first beheerder or functionaris by e-mail."""
    from email_validator import EmailNotValidError, validate_email

    from lokaal_avg.accounts import invitations
    from lokaal_avg.core import mail
    from lokaal_avg.core.validators import is_valid_kbo
    from lokaal_avg.organisations import services

    if kbo and not is_valid_kbo(kbo):
        raise click.UsageError(f"{kbo} is geen geldig ondernemingsnummer (10 cijfers met kloppend controlegetal).")
    if invite_email:
        try:
            validate_email(invite_email, check_deliverability=False)
        except EmailNotValidError as exc:
            raise click.UsageError(f"{invite_email} is geen geldig e-mailadres.") from exc
    try:
        org = services.create_organisation(
            slug, name, kind=kind, kbo_number=kbo or None, supervisory_authority=authority
        )
        message = None
        if invite_email:
            _invitation, message = invitations.invite(org, None, invite_email, role)
            mail.queued().remove(message)  # sent below, so that a failure can be reported here
    except (services.OrganisationError, invitations.InvitationError) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Organisatie {org.name} ({org.slug}) aangemaakt.")
    if message is not None:
        try:
            mail.send_now([message])
        except mail.MailError as exc:
            raise click.ClickException(
                f"De uitnodiging kon niet verstuurd worden: {exc}. Verstuur ze opnieuw via Platformbeheer."
            ) from exc
        click.echo(f"Uitnodiging als {role} verstuurd naar {message.to_email}.")
