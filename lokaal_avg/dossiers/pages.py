"""The dossier pages: one blueprint ("dossiers"), its routes in two modules."""

from lokaal_avg.dossiers import verify_views, views  # noqa: F401 - routes
from lokaal_avg.dossiers.blueprint import bp

__all__ = ["bp"]
