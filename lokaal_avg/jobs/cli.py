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


@click.command("jobs")
@click.option("--recover", is_flag=True, help="Markeer taken waarvan de uitvoerder weg is als mislukt.")
@click.option("--all", "show_all", is_flag=True, help="Toon ook afgeronde taken (de laatste 50).")
@with_appcontext
def jobs_command(recover: bool, show_all: bool) -> None:
    """List unfinished background jobs and whether their runner is still alive; recover the stuck ones."""
    from sqlalchemy import select

    from lokaal_avg.core.db import utcnow
    from lokaal_avg.core.extensions import db
    from lokaal_avg.jobs import health
    from lokaal_avg.jobs.models import Job

    if recover:
        recovered = health.recover_stale_jobs()
        db.session.commit()
        for item in recovered:
            click.echo(f"Taak {item.job_id} ({item.kind}) als mislukt gemarkeerd: {item.reason}")
        click.echo(f"{len(recovered)} vastgelopen ta{'ak' if len(recovered) == 1 else 'ken'} hersteld.")
    stmt = select(Job).order_by(Job.id.desc())
    stmt = stmt.limit(50) if show_all else stmt.where(Job.state.in_(health.UNFINISHED))
    jobs = db.session.scalars(stmt).all()
    if not jobs:
        click.echo("Geen lopende of wachtende taken.")
        return
    now = utcnow()
    for job in jobs:
        last = job.heartbeat_at or job.started_at or job.created_at
        age = int((now - last).total_seconds())
        stuck = "  VASTGELOPEN (herstel met --recover)" if health.is_stuck(job, now) else ""
        click.echo(
            f"{job.id:>6}  {job.kind:<16} {job.state:<9} org={job.organisation_id or '-':<5} "
            f"{job.progress_done}/{job.progress_total}  laatste teken {age}s geleden  {job.runner or '-'}{stuck}"
        )


commands = [worker_command, jobs_command]
