"""How a channel's audit entries read: labels as on its forms."""

from __future__ import annotations

from lokaal_avg.audit import describe
from lokaal_avg.channels.forms import ChannelForm, FieldForm
from lokaal_avg.channels.labels import AUTHENTICATION_LABELS
from lokaal_avg.channels.models import Channel
from lokaal_avg.register.choices import CHANNEL_TYPES

describe.register_form("Channel", ChannelForm)
describe.register_form("ChannelField", FieldForm)
describe.register_values("authentication", AUTHENTICATION_LABELS)
describe.register_values("kind", CHANNEL_TYPES, "Channel")
describe.register_reference("channel_id", Channel)
