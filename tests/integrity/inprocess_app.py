"""A separate process running the application with in-process (thread) jobs, for crash tests.

Usage: python -m tests.integrity.inprocess_app KIND ORG_ID PARAMS_JSON
It starts one job, prints its id, and keeps running until it is killed.
"""

from __future__ import annotations

import json
import sys
import time

from lokaal_avg import create_app
from lokaal_avg.core.extensions import db
from lokaal_avg.jobs.runner import enqueue


def main() -> None:
    kind, org_id, params = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
    app = create_app({"JOBS_MODE": "thread"})
    with app.app_context():
        job = enqueue(kind, params, org_id)
        db.session.commit()
        print(job.id, flush=True)
    while True:  # the job runs in this process's worker thread until the test kills the process
        time.sleep(1)


if __name__ == "__main__":
    main()
