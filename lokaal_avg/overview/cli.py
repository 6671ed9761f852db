"""`flask --app app snapshot`: today's dashboard figures of every organisation, for cron."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.cli import organisations_for_command
from lokaal_avg.overview import figures
from lokaal_avg.remediation import register_checks


@click.command("snapshot")
@click.option("--org", "slug", help="Korte naam van één organisatie (standaard: alle).")
@with_appcontext
def snapshot_command(slug: str | None) -> None:
    """Store today's dashboard figures of every organisation (for the trend charts)."""
    for org in organisations_for_command(slug):
        register_checks.check_if_stale(org)  # findings fresh before they are counted
        snapshot = figures.take_snapshot(org)
        db.session.commit()
        values = snapshot.metrics
        click.echo(
            f"{org.slug} {snapshot.day}: register {values.get('register_score')}%, "
            f"{values.get('actions_open')} open acties ({values.get('actions_overdue')} te laat)."
        )


commands = [snapshot_command]
