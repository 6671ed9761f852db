"""Demo channels of Gemeente Voorbeeldegem: where personal data enters, linked to the register.

Ten channels of every kind, linked to the adopted catalogue activities by catalogue code, with
their fields mapped by hand. Three web pages are rebuilt locally and really scanned (see
site.py); those scans are labelled as demo scans. The gap analysis then runs for every
channel, so the demo shows real findings: an expired processing agreement, a newsletter that
feeds no activity, an appointment form that asks for the national register number without a
basis, and the transport problems the scanner found.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from lokaal_avg.accounts.models import User
from lokaal_avg.catalogue import services as catalogue
from lokaal_avg.channels import services
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.demo.site import running_site
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import DataCategory, ProcessingActivity
from lokaal_avg.scanner import scan_url
from lokaal_avg.scanning.services import record_scan

log = logging.getLogger(__name__)

DEMO_SLUG = "voorbeeldegem"
# Catalogue entries these channels feed that the register demo may not have adopted yet.
NEEDED_CODES = ("CO-01", "CO-04", "VT-02")


@dataclass
class DemoChannel:
    name: str
    kind: str
    department: str
    url: str | None = None
    vendor: str | None = None
    authentication: str = "geen"
    codes: tuple[str, ...] = ()
    description: str | None = None
    fields: tuple[tuple[str, str | None], ...] = ()  # (label, category code) mapped by hand
    demo_page: str | None = None  # scanned locally instead of mapping fields by hand
    confirm: bool = True  # confirm the scan's suggestions (one channel keeps them open, to show the workflow)


CHANNELS = (
    DemoChannel(
        "E-loket attesten en uittreksels",
        "e_loket",
        "Burgerzaken",
        "https://eloket.voorbeeldegem.be/attesten",
        "Loketwerk NV",
        "eid_itsme",
        ("BZ-06",),
        "Burgers vragen dag en nacht een attest aan; aanmelden met eID of itsme, het rijksregisternummer komt "
        "uit de aanmelding.",
        demo_page="/eloket/attesten",
    ),
    DemoChannel(
        "Contactformulier website",
        "webformulier",
        "Communicatie en onthaal",
        "http://www.voorbeeldegem.be/contact",
        "Regio Hosting CV",
        codes=("CO-04",),
        description="Het algemene contactformulier van de oude website, beheerd door de hostingpartner.",
        demo_page="/contact",
        confirm=False,
    ),
    DemoChannel(
        "Meldpunt openbaar domein",
        "webformulier",
        "Communicatie en onthaal",
        "https://www.voorbeeldegem.be/meldpunt",
        "Regio Hosting CV",
        codes=("CO-01",),
        description="Meldingen van zwerfvuil, kapotte verlichting en putten in de weg, met foto.",
        demo_page="/meldpunt",
    ),
    DemoChannel(
        "Inschrijving speelpleinwerking",
        "webformulier",
        "Vrije tijd",
        "https://vrijetijd.voorbeeldegem.be/speelplein/inschrijven",
        "Loketwerk NV",
        "eigen_account",
        ("VT-02",),
        "Ouders schrijven hun kinderen in voor de zomerwerking; betaling en fiscaal attest volgen.",
        fields=(
            ("Naam en voornaam van het kind", "identificatie"),
            ("Geboortedatum van het kind", "geboortedatum"),
            ("Rijksregisternummer van het kind (voor het fiscaal attest)", "rijksregisternummer"),
            ("Naam van de ouder", "identificatie"),
            ("E-mailadres en gsm-nummer van de ouder", "contact"),
            ("Allergieën, medicatie en aandachtspunten", "gezondheid"),
            ("Mag er gefotografeerd worden?", None),
        ),
    ),
    DemoChannel(
        "Aanvraag bewonerskaart",
        "e_loket",
        "Mobiliteit",
        "https://eloket.voorbeeldegem.be/bewonerskaart",
        "Loketwerk NV",
        "eid_itsme",
        ("MO-01",),
        fields=(
            ("Naam (uit de eID)", "identificatie"),
            ("Rijksregisternummer (uit de eID)", "rijksregisternummer"),
            ("Adres", "contact"),
            ("Nummerplaat", "voertuig"),
            ("Kopie van het inschrijvingsbewijs", "voertuig"),
        ),
    ),
    DemoChannel(
        "Nieuwsbrief",
        "webformulier",
        "Communicatie en onthaal",
        "https://www.voorbeeldegem.be/nieuwsbrief",
        "Nieuwsbrief Online BV",
        description="Inschrijving op de tweewekelijkse digitale nieuwsbrief.",
        fields=(("E-mailadres", "contact"), ("Voornaam", "identificatie"), ("Interesses", None)),
    ),
    DemoChannel(
        "Algemeen e-mailadres info@voorbeeldegem.be",
        "email",
        "Communicatie en onthaal",
        "mailto:info@voorbeeldegem.be",
        codes=("CO-04",),
        fields=(
            ("Naam van de afzender", "identificatie"),
            ("E-mailadres van de afzender", "contact"),
            ("Inhoud en bijlagen", "vrije_tekst"),
        ),
    ),
    DemoChannel(
        "Onthaalbalie gemeentehuis",
        "balie",
        "Burgerzaken",
        codes=("BZ-01", "BZ-02"),
        description="Loket Burgerzaken; de identiteitskaart wordt met de kaartlezer gelezen.",
        fields=(
            ("Identiteitskaart (kaartlezer)", "identiteitsdocument"),
            ("Rijksregisternummer", "rijksregisternummer"),
            ("Pasfoto voor de identiteitskaart", "beeld_geluid"),
        ),
    ),
    DemoChannel(
        "Telefoon onthaal 09 123 45 67",
        "telefoon",
        "Communicatie en onthaal",
        codes=("CO-01", "CO-04"),
        fields=(
            ("Naam van de beller", "identificatie"),
            ("Terugbelnummer", "contact"),
            ("Reden van de oproep", "vrije_tekst"),
        ),
    ),
    DemoChannel(
        "Afsprakenmodule",
        "webformulier",
        "Burgerzaken",
        "https://afspraken.voorbeeldegem.be/",
        "Loketwerk NV",
        codes=("CO-04",),
        description="Afspraak maken voor een identiteitskaart, rijbewijs of paspoort.",
        fields=(
            ("Naam", "identificatie"),
            ("E-mailadres", "contact"),
            ("Gsm-nummer", "contact"),
            ("Rijksregisternummer", "rijksregisternummer"),
        ),
    ),
)


def populate(org: Organisation, users: dict[str, User]) -> list[Channel]:
    """Create the demo channels (once), scan the rebuilt pages locally and compute the findings."""
    if db.session.scalars(select(Channel.id).where(Channel.organisation_id == org.id)).first():
        return []
    admin = users["admin"]
    catalogue.adopt(org, admin, list(NEEDED_CODES))
    activities = {
        a.catalogue_code: a
        for a in db.session.scalars(select(ProcessingActivity).where(ProcessingActivity.organisation_id == org.id))
        if a.catalogue_code
    }
    vendors = {p.name: p for p in db.session.scalars(select(Processor).where(Processor.organisation_id == org.id))}
    categories = {
        c.code: c for c in db.session.scalars(select(DataCategory).where(DataCategory.organisation_id == org.id))
    }
    departments = {d.name: d for d in org.departments}
    created = []
    for spec in CHANNELS:
        channel = services.create_channel(org, admin, _channel_data(spec, activities, vendors, departments))
        for label, code in spec.fields:
            category = categories.get(code) if code else None
            services.add_field(org, admin, channel, label, category.id if category else None)
        created.append(channel)
    _scan_demo_pages(org, users, created)
    return created


def _channel_data(spec: DemoChannel, activities: dict, vendors: dict, departments: dict) -> dict:
    vendor = vendors.get(spec.vendor) if spec.vendor else None
    department = departments.get(spec.department)
    return {
        "name": spec.name,
        "kind": spec.kind,
        "url": spec.url,
        "vendor_id": vendor.id if vendor else None,
        "authentication": spec.authentication,
        "department_id": department.id if department else None,
        "activities": [activities[c].id for c in spec.codes if c in activities],
        "description": spec.description,
    }


def _scan_demo_pages(org: Organisation, users: dict[str, User], channels: list[Channel]) -> None:
    specs = {spec.name: spec for spec in CHANNELS}
    site = running_site()
    for channel in channels:
        spec = specs[channel.name]
        if not spec.demo_page:
            continue
        result = scan_url(site.url(spec.demo_page), site.settings).to_dict()
        if result["status"] != "ok":
            log.warning("demo scan of %s ended with %s", spec.demo_page, result["status"])
        record_scan(org, channel, result, actor=users["dpo"], note=demo_note(), demo=True)
        if spec.confirm:
            choices = {f.id: f.data_category_id for f in channel.fields if f.suggestion}
            services.confirm_fields(org, users["dpo"], channel, choices)


def demo_note() -> str:
    """The label of every demo scan (shown with the scan, its evidence and in the dossier)."""
    return _(
        "Demobewijs: lokaal_avg bood een nagebouwde versie van deze pagina aan op deze computer (127.0.0.1) en "
        "scande die echt. Het adres van het kanaal is verzonnen en werd niet gecontacteerd; het certificaat komt "
        "van de eigen demo-certificaatautoriteit en bewijst niets over een echte website."
    )
