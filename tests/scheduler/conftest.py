"""The committed app and the Redis connection of the job-mode tests, shared with the scheduler's process tests."""

from tests.jobs.test_job_modes import committed_app, redis_connection  # noqa: F401 - fixtures
