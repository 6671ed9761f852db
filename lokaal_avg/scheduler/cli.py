"""`flask --app app run-due` (one round, for cron) and `flask --app app scheduler` (a loop)."""

from __future__ import annotations

import logging
import signal
import threading

import click
from flask.cli import with_appcontext

from lokaal_avg.core.extensions import db
from lokaal_avg.scheduler import jobs  # noqa: F401 - registers the register-check job for every process

log = logging.getLogger(__name__)


def _one_round() -> None:
    from lokaal_avg.scheduler.services import run_due

    report = run_due()
    click.echo(
        f"Planner: {len(report.started)} gestart, {report.busy} nog bezig, {report.deferred} uitgesteld "
        f"(limiet) van {report.due} aan de beurt."
    )


@click.command("run-due")
@with_appcontext
def run_due_command() -> None:
    """Start the scans and register checks that are due, as jobs (for cron, e.g. every 5 minutes)."""
    _one_round()


@click.command("scheduler")
@click.option(
    "--interval", type=click.IntRange(min=1), help="Seconden tussen twee rondes (standaard SCHEDULER_INTERVAL)."
)
@with_appcontext
def scheduler_command(interval: int | None) -> None:
    """Run rounds until SIGTERM or Ctrl-C; a round that fails is logged and the next one follows."""
    from lokaal_avg.scheduler.services import setting

    interval = interval or setting("SCHEDULER_INTERVAL")
    stop = threading.Event()

    def request_stop(signum, frame) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    click.echo(f"Planner gestart; een ronde elke {interval} seconden.")
    try:
        while not stop.is_set():
            try:
                _one_round()
            except Exception:  # a database hiccup must not end the scheduler
                log.exception("scheduler round failed")
                db.session.rollback()
            stop.wait(interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        db.session.remove()
    click.echo("Planner gestopt.")


commands = [run_due_command, scheduler_command]
