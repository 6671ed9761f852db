"""How a processor's audit entries read: labels as on its form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lokaal_avg.audit import describe
from lokaal_avg.processors.forms import ProcessorForm
from lokaal_avg.processors.models import Processor

describe.register_form("Processor", ProcessorForm)
describe.register_values("location", {"eu": _l("Binnen de EER"), "derde_land": _l("(Ook) buiten de EER")})
describe.register_reference("processor_id", Processor)
describe.register_reference("vendor_id", Processor)
