"""The entry point of an RQ worker process: build the application once, then run jobs in it."""

from __future__ import annotations

from flask import Flask

from lokaal_avg import create_app
from lokaal_avg.jobs.runner import run_in_app

_app: Flask | None = None


def rq_entry(job_id: int) -> None:
    """What a worker runs for each job (lokaal_avg.jobs.runner enqueues it by this module's path)."""
    global _app
    if _app is None:
        _app = create_app()
    run_in_app(_app, job_id)
