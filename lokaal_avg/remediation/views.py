"""Views of the action plan; the routes are spread over three modules that share one blueprint."""

from __future__ import annotations

from lokaal_avg.remediation import action_views, finding_views, personal_views  # noqa: F401 - register routes
from lokaal_avg.remediation.blueprint import bp

__all__ = ["bp"]
