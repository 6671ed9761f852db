"""What the organisations package tells the features built on it. Receivers connect at start-up (create_app)."""

from blinker import Namespace

_signals = Namespace()

# sender: organisation id. A new organisation exists (features seed their defaults).
organisation_created = _signals.signal("organisation-created")
# sender: organisation id; department_id. Receivers return (label, count) of what still refers to it.
department_usage = _signals.signal("department-usage")
