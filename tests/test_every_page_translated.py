"""Every page the url_map exposes, as each role, in French and in English, over the demo data: no Dutch left.

"Dutch" here means a sentence from the message catalogue (which also holds the scanner's sentence
templates and the seeded lists, see lokaal_avg/translations/catalogues.py): when one shows up untranslated
on a French or English page, a stored text or a template escaped the reader's language. Text that the
demo's users typed (activity names, comments, the catalogue entries they adopted) is Dutch and stays Dutch;
short catalogue entries (a word or two) are left out because such text can legitimately contain them.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from lxml import html as lxml_html
from sqlalchemy import select

from lokaal_avg import create_app
from lokaal_avg.accounts.models import User
from lokaal_avg.breaches.models import Breach
from lokaal_avg.channels.models import Channel, ChannelField
from lokaal_avg.core.extensions import db
from lokaal_avg.demo.municipalities import load_demo
from lokaal_avg.dossiers.models import Dossier
from lokaal_avg.dpia.models import DpiaRisk, DpiaVersion
from lokaal_avg.exchange.models import RegisterImport
from lokaal_avg.jobs.models import Job
from lokaal_avg.organisations.models import Department, Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import DataCategory, ProcessingActivity
from lokaal_avg.remediation.models import Action, Finding
from lokaal_avg.requests.models import SubjectRequest
from lokaal_avg.scanning.models import Scan
from lokaal_avg.translations import catalogues

PASSWORD = "demo-wachtwoord-voor-vertalingen"
DEMO_USERS = {
    "functionaris": "dpo@voorbeeldegem.be",
    "beheerder": "beheerder@voorbeeldegem.be",
    "medewerker": "medewerker@voorbeeldegem.be",
    "lezer": "lezer@voorbeeldegem.be",
}
# Not pages: files, JSON for scripts, the calendar feed (reached with a token, not a login).
NOT_PAGES = {"static", "bootstrap.static", "healthz", "remediation.calendar_feed", "remediation.export"}
NOT_PAGES |= {"dossiers.download", "scanning.show_json", "jobs.status"}
# The breach notification is printed in the authority's language (Dutch or French), not the reader's.
NOT_PAGES |= {"breaches.notification_print"}
# Pages left out while they were being moved; none now.
MOVING: set[str] = set()
PLAIN_ARGS = {"kind": "gegevens", "step": "basis"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def page_rules() -> list[tuple[str, str]]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "ARGON2_PROFILE": "CHEAPEST"})
    return sorted(
        (rule.endpoint, rule.rule)
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint not in NOT_PAGES | MOVING
    )


def dutch_sentences(locale: str) -> set[str]:
    """Catalogue sentences (or the literal parts of templated ones) that this language translates differently."""
    with catalogues.catalogue_path(locale).open("rb") as fh:
        catalogue = read_po(fh, locale=locale)
    found = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for source in ids:
            if source in strings:
                continue  # the same in both languages ("Scan", "HTTPS", "e-mail")
            for part in _PLACEHOLDER.split(source):
                part = " ".join(part.split()).strip(" .,:;()")
                if len(part.split()) >= 3 and len(part) >= 18:
                    found.add(part)
    return found


def visible_text(page: str) -> str:
    """What a reader sees, except the records shown as stored: the values in a form being edited and the
    before/after values of the audit trail (both are the organisation's data, like text people type)."""
    tree = lxml_html.fromstring(page)
    # Also left out: what the page itself declares Dutch (lang="nl…", the catalogue of typical activities).
    dutch_parts = "//*[starts-with(@lang, 'nl')][not(self::html)]"
    for element in tree.xpath(f"//script|//style|//textarea|//table[contains(@class, 'diff')]//td|{dutch_parts}"):
        element.drop_tree()
    attributes = tree.xpath("//@title|//@aria-label|//@placeholder|//@alt")
    return " ".join(" ".join([tree.text_content(), *attributes]).split())


def object_ids(org_id: int) -> dict[str, int]:
    """The first object of each kind in the demo organisation, for the URL arguments."""
    first = {
        "activity_id": ProcessingActivity,
        "processor_id": Processor,
        "department_id": Department,
        "channel_id": Channel,
        "scan_id": Scan,
        "finding_id": Finding,
        "action_id": Action,
        "dossier_id": Dossier,
        "item_id": DataCategory,
    }
    ids = {
        name: db.session.scalar(select(model.id).where(model.organisation_id == org_id).order_by(model.id).limit(1))
        for name, model in first.items()
    }
    field = db.session.scalars(select(ChannelField).join(Channel).where(Channel.organisation_id == org_id)).first()
    ids["channel_id"], ids["field_id"] = (field.channel_id, field.id) if field else (ids["channel_id"], None)
    ids["job_id"] = db.session.scalar(select(Job.id).where(Job.organisation_id == org_id).order_by(Job.id.desc()))
    ids["crawl_id"] = db.session.scalar(select(Job.id).where(Job.organisation_id == org_id, Job.kind == "crawl_site"))
    from lokaal_avg.accounts.models import Membership

    ids["membership_id"] = db.session.scalar(select(Membership.id).where(Membership.organisation_id == org_id))
    ids.update(register_ids(org_id))
    return ids


def register_ids(org_id: int) -> dict[str, object]:
    """The DPO's registers (breaches, requests, DPIA, imports) and the pages reached by link or token."""
    first = {"breach_id": Breach, "request_id": SubjectRequest, "import_id": RegisterImport}
    ids: dict[str, object] = {
        name: db.session.scalar(select(model.id).where(model.organisation_id == org_id).order_by(model.id).limit(1))
        for name, model in first.items()
    }
    risk = db.session.scalars(select(DpiaRisk).where(DpiaRisk.organisation_id == org_id).order_by(DpiaRisk.id)).first()
    version = risk.version if risk else None
    if version is None:
        version = db.session.scalars(
            select(DpiaVersion).where(DpiaVersion.organisation_id == org_id).order_by(DpiaVersion.id)
        ).first()
    ids["risk_id"] = risk.id if risk else None
    ids["dpia_id"], ids["number"] = (version.dpia_id, version.number) if version else (None, None)
    # Another organisation's and platform pages answer 403/404 to these members; an unknown token shows its page.
    ids.update(org_id=org_id, user_id=1, token="onbekende-link", fmt="csv", public_slug="voorbeeldegem")
    return ids


def url_for_rule(rule: str, values: dict) -> str | None:
    def fill(match: re.Match) -> str:
        name = match.group(1).split(":")[-1]
        value = values.get(name)
        if value is None:
            raise LookupError(name)
        return str(value)

    try:
        return re.sub(r"<([^>]+)>", fill, rule)
    except LookupError:
        return None


@pytest.mark.slow
def test_every_page_speaks_french_and_english(app, client, login):
    with app.app_context():
        load_demo(PASSWORD)
        org = db.session.scalars(select(Organisation).where(Organisation.slug == "voorbeeldegem")).one()
        values = {"org_slug": org.slug, **PLAIN_ARGS, **object_ids(org.id)}
        db.session.commit()
    # A job of each kind the pages show: the dossier as a job (eager in tests), made by the DPO.
    login_as(app, client, login, "functionaris", "fr_BE")
    assert client.post(f"/o/{org.slug}/dossiers/", data={"scope": "organisatie"}).status_code == 302
    with app.app_context():
        values["job_id"] = db.session.scalar(
            select(Job.id).where(Job.organisation_id == org.id).order_by(Job.id.desc())
        )

    rules = page_rules()
    skipped = sorted({endpoint for endpoint, rule in rules if url_for_rule(rule, values) is None})
    # the demo crawls no website and imports no register file
    assert set(skipped) <= {"channels.discovered", "exchange.preview"}, skipped
    problems = []
    pages = 0
    for locale in ("fr_BE", "en"):
        dutch = dutch_sentences(locale.split("_")[0])
        for role in DEMO_USERS:
            login_as(app, client, login, role, locale)
            for endpoint, rule in rules:
                url = url_for_rule(rule, values)
                if url is None:
                    continue
                if endpoint.startswith("publiek."):  # the citizen's page follows the browser or ?lang=, not a profile
                    url += f"?lang={locale}"
                response = client.get(url)
                if response.status_code != 200 or response.mimetype != "text/html":
                    assert response.status_code in (200, 302, 403, 404), (role, url, response.status_code)
                    continue
                pages += 1
                text = visible_text(response.get_data(as_text=True))
                problems += [f"{locale} {role} {url}: {s!r}" for s in sorted(dutch) if s in text]
    assert pages > 100
    unique = sorted({p.split(": ", 1)[1] + "  <- " + p.split(": ", 1)[0] for p in problems})
    assert not problems, f"{len(problems)} Dutch sentences on translated pages:\n" + "\n".join(unique[:400])


def login_as(app, client, login, role: str, locale: str) -> None:
    client.post("/logout")
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == DEMO_USERS[role])).one()
        user.locale = locale
        db.session.commit()
    with client.session_transaction() as session:
        session.clear()
    client.post("/login", data={"email": DEMO_USERS[role], "password": PASSWORD})
