"""`flask --app app breach-alerts`: for cron, every few minutes (the scheduler calls the same function)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("breach-alerts")
@with_appcontext
def breach_alerts_command() -> None:
    """E-mail the functionaris and beheerders when 24 or 4 hours remain to notify a breach (once each)."""
    from lokaal_avg.breaches.alerts import send_due_alerts

    sent = send_due_alerts()
    click.echo(f"Datalekken: {sent} waarschuwing(en) verstuurd.")


commands = [breach_alerts_command]
