"""What the register tells the features built on it. Receivers connect at start-up (create_app).

Signals carry ids; receivers run in the sender's transaction, so what they change is committed
or rolled back with the change that caused it.
"""

from blinker import Namespace

_signals = Namespace()

# sender: organisation id; activity_id. An activity's content or status changed.
activity_changed = _signals.signal("activity-changed")
# sender: organisation id; category_id. A data category's flags (special, criminal, national number) changed.
data_category_changed = _signals.signal("data-category-changed")
# sender: organisation id; category_id. Receivers return a sentence (Dutch) when they still use it, else None.
data_category_usage = _signals.signal("data-category-usage")
