"""What the channel inventory tells the features built on it. Receivers connect at start-up (create_app)."""

from blinker import Namespace

_signals = Namespace()

# sender: organisation id; channel_id, note (why, for the actions its findings close). A channel,
# its fields or its links changed: its findings must be brought up to date.
channel_changed = _signals.signal("channel-changed")
