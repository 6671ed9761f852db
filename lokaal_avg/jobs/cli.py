"""`flask --app app worker`: an RQ worker for the background jobs (needs REDIS_URL)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (for scripts and tests).")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker on the lokaal_avg queue."""
    from redis import Redis
    from rq import Queue, Worker

    from lokaal_avg.jobs.runner import QUEUE_NAME

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.UsageError("Zet REDIS_URL (bv. redis://127.0.0.1:6379/0) om een worker te starten.")
    connection = Redis.from_url(url)
    Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(burst=burst)


commands = [worker_command]
