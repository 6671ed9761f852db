"""Scans as the application keeps them: models, jobs, services, pages and commands around the scanner engine."""
