"""The demo municipalities: realistic enough to click through every feature.

Loading is idempotent: if Gemeente Voorbeeldegem exists, nothing happens.
"""

from __future__ import annotations

import os
import secrets
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from lokaal_avg.accounts import members
from lokaal_avg.accounts import services as accounts
from lokaal_avg.accounts.models import User
from lokaal_avg.breaches import samples as breaches
from lokaal_avg.catalogue import services as catalogue
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.demo import channels as channels_demo
from lokaal_avg.demo import dossiers as dossiers_demo
from lokaal_avg.demo import remediation as remediation_demo
from lokaal_avg.dpia import services as dpia
from lokaal_avg.organisations import services as organisations
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors import services as processors
from lokaal_avg.publiek import services as publiek
from lokaal_avg.register import services as register
from lokaal_avg.register.models import ProcessingActivity
from lokaal_avg.requests import samples as subject_requests

DEMO_LOGINS = (
    ("dpo@voorbeeldegem.be", "functionaris (Voorbeeldegem en Andersveld)"),
    ("beheerder@voorbeeldegem.be", "beheerder"),
    ("medewerker@voorbeeldegem.be", "medewerker (Burgerzaken, Vrije tijd)"),
    ("lezer@voorbeeldegem.be", "lezer"),
    ("beheerder@andersveld.be", "beheerder (Andersveld)"),
    ("platform@lokaal-avg.be", "platformbeheerder"),
)

# The demo municipality has every department of the catalogue.
DEPARTMENTS = tuple(catalogue.load_lists()["departments"])

# Catalogue codes per target state; the rest of the adopted ones stay concept.
APPROVED = 14
IN_REVIEW = 5
ENDED = 2
INCOMPLETE = 4


def kbo(first_eight: str) -> str:
    """A valid enterprise number for eight digits (check digits computed, not invented)."""
    check = 97 - int(first_eight) % 97
    digits = f"{first_eight}{check:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def demo_password(instance_path: Path) -> str:
    """LOKAAL_AVG_DEMO_PASSWORD, else one generated once and kept in instance/ (never in the repo).

    Keeping it lets `make run` print the same password every time it starts.
    """
    from_env = os.environ.get("LOKAAL_AVG_DEMO_PASSWORD")
    if from_env:
        return from_env
    stored = instance_path / "demo_password"
    if stored.exists():
        return stored.read_text().strip()
    password = secrets.token_urlsafe(9)
    instance_path.mkdir(parents=True, exist_ok=True)
    stored.write_text(password)
    stored.chmod(0o600)
    return password


def load_demo(password: str) -> bool:
    """Create the demo data unless present. Returns whether it was created."""
    if db.session.scalars(select(Organisation).where(Organisation.slug == channels_demo.DEMO_SLUG)).first():
        return False
    users = _create_users(password)
    accounts.load_demo(users.values(), password)  # platform administrator; demo accounts skip 2FA
    main = _create_voorbeeldegem(users)
    _create_andersveld(users)
    _populate_register(main, users)
    return True


def _create_users(password: str) -> dict[str, User]:
    people = {
        "dpo": ("dpo@voorbeeldegem.be", "Lies Vermeulen"),
        "admin": ("beheerder@voorbeeldegem.be", "Koen Janssens"),
        "staff": ("medewerker@voorbeeldegem.be", "Sara El Amrani"),
        "reader": ("lezer@voorbeeldegem.be", "Marc De Smet"),
        "admin2": ("beheerder@andersveld.be", "An Claes"),
    }
    return {key: accounts.create_user(email, name, password) for key, (email, name) in people.items()}


def _create_voorbeeldegem(users: dict[str, User]) -> Organisation:
    org = organisations.create_organisation(
        "voorbeeldegem",
        "Gemeente Voorbeeldegem",
        departments=DEPARTMENTS,
        kind="gemeente",
        kbo_number=kbo("02075010"),
        street="Marktplein 1",
        postal_code="9999",
        city="Voorbeeldegem",
        website="https://www.voorbeeldegem.be",
        email="info@voorbeeldegem.be",
        phone="09 123 45 67",
        supervisory_authority="vtc",
        dpo_name="Lies Vermeulen",
        dpo_email="dpo@voorbeeldegem.be",
        dpo_phone="09 123 45 90",
        dpo_appointed_on=date(2018, 5, 25),
        security_plan_date=date(2023, 3, 1),
        last_security_audit_date=date(2024, 10, 15),
    )
    by_name = {d.name: d for d in org.departments}
    members.add_member(org, None, users["dpo"].email, None, "functionaris", [])
    members.add_member(org, None, users["admin"].email, None, "beheerder", [])
    members.add_member(
        org, None, users["staff"].email, None, "medewerker", [by_name["Burgerzaken"], by_name["Vrije tijd"]]
    )
    members.add_member(org, None, users["reader"].email, None, "lezer", [])
    return org


def _create_andersveld(users: dict[str, User]) -> Organisation:
    org = organisations.create_organisation(
        "andersveld",
        "Gemeente Andersveld",
        departments=("Burgerzaken", "Sociale dienst", "Vrije tijd", "ICT"),
        kind="gemeente",
        kbo_number=kbo("02071234"),
        street="Dorpsstraat 10",
        postal_code="9998",
        city="Andersveld",
        website="https://www.andersveld.be",
        supervisory_authority="vtc",
        dpo_name="Lies Vermeulen",
        dpo_email="dpo@voorbeeldegem.be",
        dpo_appointed_on=date(2019, 1, 1),
    )
    members.add_member(org, None, users["admin2"].email, None, "beheerder", [])
    members.add_member(org, None, users["dpo"].email, None, "functionaris", [])
    catalogue.adopt(org, users["admin2"], ["BZ-01", "BZ-02", "SD-01", "VT-01", "ICT-01"])
    return org


def _create_processors(org: Organisation, admin: User) -> list:
    today = date.today()
    specs = [
        (
            "Loketwerk NV",
            "04123456",
            "E-loket en formulierenplatform",
            today - timedelta(days=700),
            today + timedelta(days=400),
        ),
        (
            "Regio Hosting CV",
            "08234567",
            "Hosting van de website en de servers",
            today - timedelta(days=1200),
            today - timedelta(days=20),
        ),
        ("Nieuwsbrief Online BV", "07345678", "Verzending van de digitale nieuwsbrief", None, None),
        (
            "Sociaal Dossier BV",
            "05456789",
            "Software voor het cliëntdossier van de sociale dienst",
            today - timedelta(days=300),
            today + timedelta(days=40),
        ),
    ]
    created = []
    for name, digits, services_text, signed, expires in specs:
        created.append(
            processors.create_processor(
                org,
                admin,
                {
                    "name": name,
                    "kbo_number": kbo(digits),
                    "services": services_text,
                    "location": "eu",
                    "contact_email": "privacy@" + name.split()[0].lower() + ".example",
                    "agreement_signed_on": signed,
                    "agreement_expires_on": expires,
                    "agreement_reference": f"VO-{digits[:4]}" if signed else None,
                },
            )
        )
    return created


def _populate_register(org: Organisation, users: dict[str, User]) -> None:
    admin, dpo = users["admin"], users["dpo"]
    procs = _create_processors(org, admin)
    codes = [t["code"] for t in catalogue.load_activities()][:32]
    activities = catalogue.adopt(org, admin, codes).adopted
    dpo_membership = next(m for m in dpo.memberships if m.organisation_id == org.id)
    for activity in activities[: len(activities) // 2]:
        register.update_activity(org, admin, None, activity, {"processors": [procs[len(activity.name) % 4].id]})
    for activity in activities[:APPROVED]:
        register.approve(org, dpo, dpo_membership, activity)
    # One approval more than a year old: due for its yearly review.
    activities[0].last_reviewed_at = utcnow() - timedelta(days=420)
    activities[0].status_changed_at = utcnow() - timedelta(days=420)
    for activity in activities[APPROVED : APPROVED + IN_REVIEW]:
        register.submit_for_review(org, admin, activity)
    for activity in activities[APPROVED + IN_REVIEW : APPROVED + IN_REVIEW + ENDED]:
        register.end_activity(org, admin, activity, date.today() - timedelta(days=90), None)
    for activity in activities[-INCOMPLETE:]:
        register.update_activity(
            org, admin, None, activity, {"retention": None, "security_measures": None, "third_country_transfers": None}
        )
    _add_own_activity(org, admin)
    # Features add their part in order: channels (with their scans and findings), then actions.
    channels_demo.populate(org, users)
    remediation_demo.populate(org, users)
    # The DPO's other registers; breaches link a demo channel, so they come after the channels.
    dpia.load_demo(org, {"dpo": users["dpo"], "admin": users["admin"]})
    breaches.load_demo(org, users)
    subject_requests.load_demo(org, users)
    publiek.load_demo(org, users["dpo"])  # the citizen's page /publiek/voorbeeldegem/
    dossiers_demo.populate(org, users)


def _add_own_activity(org: Organisation, admin: User) -> ProcessingActivity:
    """One entry written by hand, with a rule violation the DPO should spot."""
    dept = next(d for d in org.departments if d.name == "Communicatie en onthaal")
    return register.create_activity(
        org,
        admin,
        {
            "name": "Fotowedstrijd 'Mooi Voorbeeldegem'",
            "department_id": dept.id,
            "purposes": "Inzendingen voor de jaarlijkse fotowedstrijd ontvangen, jureren en de winnaars bekendmaken.",
            "legal_basis": "f",
            "description": "Inwoners sturen foto's in via een webformulier; de winnende foto's komen in het infoblad.",
            "collection_channels": ["webformulier"],
        },
    )
