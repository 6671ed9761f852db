"""Scans and register checks that run themselves: what is due, started as jobs, never twice at once."""
