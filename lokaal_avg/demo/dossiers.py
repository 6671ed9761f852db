"""Demo data of the dossiers feature: the demo municipality's first dossier.

Call it after the other features' demo data, so that the dossier shows their channels,
findings and actions. Changes made afterwards (by hand in the demo) then appear in the change
log of the next dossier. Rendering takes a few seconds.
"""

from __future__ import annotations

from lokaal_avg.dossiers import services
from lokaal_avg.dossiers.scope import DossierScope


def populate(org, users) -> None:
    """Version 1 of Gemeente Voorbeeldegem's dossier, made by the DPO."""
    services.generate_dossier(org, users["dpo"], DossierScope())
