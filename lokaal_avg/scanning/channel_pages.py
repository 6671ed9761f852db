"""The channel pages: one blueprint ("channels"), its routes kept in three modules to keep each file readable."""

from lokaal_avg.channels import history_labels  # noqa: F401 - registers how a channel's history reads
from lokaal_avg.scanning import channel_discover_views, channel_field_views, channel_views  # noqa: F401 - routes
from lokaal_avg.scanning.channel_blueprint import bp

__all__ = ["bp"]
