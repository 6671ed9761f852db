"""Dossiers for the supervisory authority (VTC/GBA): PDF/A-3 with the register embedded as JSON."""

import logging

# WeasyPrint logs a progress line per step and per laid-out page (also while it parses its own
# stylesheets on import). The dossier job reports progress itself; these lines stay out of the log.
logging.getLogger("weasyprint.progress").propagate = False
