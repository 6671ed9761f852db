"""`flask --app app purge`: remove what the retention period no longer allows to keep (for cron, daily)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lokaal_avg.core.extensions import db


@click.command("purge")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), help="Doen alsof het deze dag is (JJJJ-MM-DD).")
@with_appcontext
def purge_command(day) -> None:
    """Remove the reference and contact of requesters whose retention period is over."""
    from lokaal_avg.requests.services import purge_expired

    count = purge_expired(day.date() if day else None)
    db.session.commit()
    click.echo(f"Verzoeken van betrokkenen: gegevens van {count} aanvrager(s) verwijderd.")


commands = [purge_command]
