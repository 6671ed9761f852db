"""Commands for cron: `check-register`, `send-reminders` (each commits its own work)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from lokaal_avg.core.db import today
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.cli import organisations_for_command


@click.command("check-register")
@click.option("--org", "slug", help="Korte naam van één organisatie (standaard: alle).")
@with_appcontext
def check_register_command(slug: str | None) -> None:
    """Check the register of every organisation (or one) and update findings and actions."""
    from lokaal_avg.remediation.register_checks import run_register_check

    for org in organisations_for_command(slug):
        outcome = run_register_check(org, None, "opdrachtregel")
        db.session.commit()  # the reopen e-mails go out after this commit
        run, result = outcome.run, outcome.result
        click.echo(
            f"{org.slug}: {run.open_count} open bevindingen ({run.new} nieuw, {run.resolved} opgelost, "
            f"{run.reopened} terug); {len(result.verified_actions)} acties geverifieerd, "
            f"{len(result.reopened_actions)} heropend."
        )


@click.command("send-reminders")
@click.option("--org", "slug", help="Alleen de acties van één organisatie.")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), help="Doen alsof het deze dag is (JJJJ-MM-DD).")
@click.option("--force", is_flag=True, help="Ook versturen aan wie vandaag al een herinnering kreeg.")
@with_appcontext
def send_reminders_command(slug: str | None, day, force: bool) -> None:
    """E-mail every assignee one digest of their actions overdue or due within 7 days (once a day)."""
    from lokaal_avg.remediation import notifications, reminders

    when: date = day.date() if day else today()
    org = organisations_for_command(slug)[0] if slug else None
    sent = skipped = failed = 0
    for batch in reminders.batches(when, org):
        if not force and reminders.already_sent(batch.user, when):
            skipped += 1
            continue
        try:
            notifications.send_now([notifications.digest_mail(batch.user, batch.groups, when)])
        except notifications.MailError as exc:
            failed += 1
            click.echo(f"Niet verstuurd aan {batch.user.email}: {exc}", err=True)
            continue
        reminders.record_sent(batch.user, when, batch.count)
        db.session.commit()  # per person: a failure further on does not resend this one tomorrow
        sent += 1
    click.echo(f"Herinneringen: {sent} verstuurd, {skipped} vandaag al verstuurd, {failed} mislukt.")
    if failed:
        raise click.exceptions.Exit(1)


commands = [check_register_command, send_reminders_command]
