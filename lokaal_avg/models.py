"""Import every model module so that the metadata (create_all, Alembic) knows all tables."""

from lokaal_avg.accounts import models as accounts  # noqa: F401
from lokaal_avg.audit import models as audit  # noqa: F401
from lokaal_avg.breaches import models as breaches  # noqa: F401
from lokaal_avg.channels import models as channels  # noqa: F401
from lokaal_avg.core import idempotency  # noqa: F401
from lokaal_avg.dossiers import models as dossiers  # noqa: F401
from lokaal_avg.dpia import models as dpia  # noqa: F401
from lokaal_avg.exchange import models as exchange  # noqa: F401
from lokaal_avg.jobs import models as jobs  # noqa: F401
from lokaal_avg.organisations import models as organisations  # noqa: F401
from lokaal_avg.overview import models as overview  # noqa: F401
from lokaal_avg.processors import models as processors  # noqa: F401
from lokaal_avg.publiek import models as publiek  # noqa: F401
from lokaal_avg.register import models as register  # noqa: F401
from lokaal_avg.remediation import models as remediation  # noqa: F401
from lokaal_avg.requests import models as requests  # noqa: F401
from lokaal_avg.scanning import models as scanning  # noqa: F401
from lokaal_avg.scheduler import models as scheduler  # noqa: F401
