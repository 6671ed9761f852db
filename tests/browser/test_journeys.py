"""The main journeys, in Chromium against the live server: with the mouse and with the keyboard only.

Sign in, build an entry with the wizard, submit it and have the functionaris approve it, adopt
from the catalogue, add a channel and scan a local test site, turn a finding into an action
(Cancel leaves nothing behind) and close it, make a dossier and download it, switch language,
add and remove a member. Every step a keyboard user takes is reached with Tab and shows a
visible focus ring (tests/browser/driving.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.driving import Person
from tests.scanning_app.site import contact_page

MODES = [pytest.param(False, id="muis"), pytest.param(True, id="toetsenbord")]


@pytest.fixture(scope="module")
def people(app, live_server):
    return {}


@pytest.fixture
def team(people, create_org, create_user):
    """One municipality with a beheerder, a functionaris and a medewerker (built once per module)."""
    if not people:
        org = create_org(slug="reisgem", name="Gemeente Reisgem")
        people.update(
            org=org,
            beheerder=create_user(org=org, role="beheerder", name="Bea Beheer"),
            functionaris=create_user(org=org, role="functionaris", name="Fien Functionaris"),
            medewerker=create_user(org=org, role="medewerker", departments=("Vrije tijd",), name="Mo Medewerker"),
        )
    return people


def heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


@pytest.mark.parametrize("keyboard", MODES)
def test_wizard_entry_is_submitted_and_approved(page, team, keyboard):
    me = Person(page, keyboard)
    name = f"Zwemlessen {'toetsenbord' if keyboard else 'muis'}"
    me.sign_in(team["medewerker"])
    me.menu("Register")
    me.go(page.get_by_role("link", name="Nieuwe verwerking"))
    me.fill(page.get_by_label("Naam van de verwerking"), name)
    me.choose(page.get_by_label("Dienst", exact=True), label="Vrije tijd")
    me.go(page.get_by_role("button", name="Bewaren en verder"))
    me.fill(page.get_by_label("Doeleinden"), "Inschrijven voor zwemlessen en de groepen indelen.")
    me.choose(page.get_by_label("Rechtsgrond (art. 6.1 AVG)"), index=1)
    me.go(page.get_by_role("button", name="Bewaren en verder"))
    me.check(page.get_by_role("group", name="Categorieën van betrokkenen").get_by_role("checkbox").first)
    me.check(page.get_by_role("group", name="Categorieën van persoonsgegevens").get_by_role("checkbox").first)
    me.go(page.get_by_role("button", name="Bewaren en verder"))
    me.check(page.get_by_role("group", name="Categorieën van ontvangers").get_by_role("checkbox").first)
    me.check(page.get_by_label("Nee", exact=True))
    me.go(page.get_by_role("button", name="Bewaren en verder"))
    me.fill(page.get_by_label(re.compile(r"^Bewaartermijn")), "Twee jaar na de laatste les.")
    me.fill(page.get_by_label("Technische en organisatorische beveiligingsmaatregelen"), "Toegang per dienst.")
    me.go(page.get_by_role("button", name="Bewaren en verder"))
    me.go(page.get_by_role("button", name="Indienen ter review"))
    expect(page.get_by_text("Ter review").first).to_be_visible()
    me.sign_out()

    me.sign_in(team["functionaris"])
    me.menu("Register")
    me.go(page.get_by_role("link", name=name))
    me.go(page.get_by_role("button", name="Goedkeuren"))
    expect(page.get_by_text("Goedgekeurd").first).to_be_visible()


@pytest.mark.parametrize("keyboard", MODES)
def test_activity_is_adopted_from_the_catalogue(page, team, keyboard):
    me = Person(page, keyboard)
    me.sign_in(team["functionaris"])
    me.menu("Catalogus")
    first = page.locator("input[name=code]:not([disabled])").first
    chosen = page.locator(f"label[for='{first.get_attribute('id')}']").inner_text()
    me.check(first)
    me.go(page.get_by_role("button", name="Aangevinkte activiteiten overnemen"))
    me.menu("Register")
    expect(page.get_by_role("link", name=chosen)).to_be_visible()


@pytest.mark.parametrize("keyboard", MODES)
def test_channel_is_scanned_and_a_finding_becomes_an_action_that_is_closed(page, team, site, keyboard):
    mode = "toetsenbord" if keyboard else "muis"
    url = site.page(f"/reisgem-{mode}", contact_page(tracker=True))
    me = Person(page, keyboard)
    me.sign_in(team["beheerder"])
    me.menu("Kanalen")
    me.go(page.get_by_role("link", name="Nieuw kanaal"))
    me.fill(page.get_by_label(re.compile("^Naam")), f"Contact {mode}")
    me.choose(page.get_by_label(re.compile("^Soort kanaal")), value="webformulier")
    me.fill(page.get_by_label("Adres (URL)"), url)
    me.go(page.get_by_role("button", name="Bewaren"))
    me.go(page.get_by_role("button", name="Nu scannen"))
    result = watch_job(page)
    me.go(result)
    expect(page.get_by_text("googletagmanager").first).to_be_attached()

    # The channel's fields are listed once, with their edit buttons in view.
    page.goto(page.url)  # the scan page links back to the channel
    me.go(page.get_by_role("link", name=f"Contact {mode}").first)
    fields = page.get_by_role("region", name="Velden van dit kanaal")
    expect(fields.get_by_role("row")).to_have_count(6)  # header + five fields
    first_cells = [text.strip() for text in page.locator("main td:first-child").all_inner_texts()]
    assert first_cells.count("Rijksregisternummer") == 1, first_cells
    edit = fields.get_by_role("link", name=re.compile("^Bewerken")).first
    assert fields.evaluate("el => el.scrollWidth <= el.clientWidth"), "the field table scrolls sideways at 1280 px"
    assert edit.evaluate("el => el.getBoundingClientRect().right <= innerWidth"), "edit button out of view"
    if not keyboard:
        screenshot(page, "kanaal-1280")
    # Deleting a field asks first: "Verwijderen" only opens the question.
    me.click(fields.locator("summary").filter(has_text="Uw vraag"))
    expect(fields.get_by_role("row")).to_have_count(6)
    me.go(fields.get_by_role("button", name="Ja, verwijder Uw vraag"))
    expect(page.get_by_role("region", name="Velden van dit kanaal").get_by_role("row")).to_have_count(5)

    # Maak actie, then Annuleren: no action. Maak actie, then Bewaren: one action, then closed.
    me.menu("Acties")
    me.go(page.get_by_role("link", name="Bevindingen", exact=True))
    make = page.get_by_role("link", name=re.compile(f"^Maak actie: .*Contact {mode}|^Maak actie"))
    before = make.count()
    me.go(make.first)
    heading(page, "Nieuwe actie")
    title = page.get_by_label(re.compile("^Titel")).input_value()
    me.go(page.get_by_role("link", name="Annuleren"))
    me.go(page.get_by_role("link", name="Bevindingen", exact=True))
    assert page.get_by_role("link", name=re.compile("^Maak actie")).count() == before
    me.go(page.get_by_role("link", name=re.compile("^Maak actie")).first)
    me.go(page.get_by_role("button", name="Bewaren"))
    heading(page, title)
    me.choose(page.get_by_label("Nieuwe status"), value="uitgevoerd")
    me.fill(page.get_by_label("Toelichting"), "De tracker is van de website gehaald.")
    me.go(page.get_by_role("button", name="Status bewaren"))
    expect(page.get_by_text("Uitgevoerd").first).to_be_visible()


def watch_job(page):
    """Follow the job page until it is done: the bar never goes back and the text reads well."""
    seen = []
    result = page.get_by_role("link", name="Resultaat bekijken")
    for _ in range(600):
        seen.append(int(page.locator("#job-progress").get_attribute("value") or 0))
        if result.is_visible():
            break
        page.wait_for_timeout(100)
    assert result.is_visible(), page.locator("#job-message").inner_text()
    assert seen == sorted(seen), f"voortgang ging achteruit: {seen}"
    message = page.locator("#job-message").inner_text()
    assert "Klaar. Klaar" not in message and message.count("Klaar") == 1, message
    return result


@pytest.mark.parametrize("keyboard", MODES)
def test_dossier_is_made_and_downloaded(page, team, keyboard):
    me = Person(page, keyboard)
    me.sign_in(team["functionaris"])
    me.menu("Dossiers")
    me.go(page.get_by_role("button", name="Dossier maken"))
    result = watch_job(page)
    assert re.search(r"Klaar: \d+ pagina", page.locator("#job-message").inner_text())
    me.go(result)
    with page.expect_download() as download:
        me.click(page.get_by_role("link", name="PDF downloaden"))
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


@pytest.mark.parametrize("keyboard", MODES)
def test_language_is_switched_and_back(page, team, keyboard):
    me = Person(page, keyboard)
    me.sign_in(team["beheerder"])
    page.goto("/profiel")
    me.choose(page.get_by_label("Taal", exact=True), value="en")
    me.go(page.get_by_role("button", name="Bewaren").first)
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("navigation", name="Main menu").get_by_role("button", name="Log out")).to_be_visible()
    me.choose(page.get_by_label("Language", exact=True), value="nl_BE")
    me.go(page.get_by_role("button", name="Save").first)
    assert page.locator("html").get_attribute("lang").startswith("nl")


@pytest.mark.parametrize("keyboard", MODES)
def test_member_is_invited_as_lezer_and_removed_only_after_confirmation(page, team, keyboard, create_user):
    mode = "toetsenbord" if keyboard else "muis"
    create_user(org=team["org"], role="lezer", name=f"Vertrekkend Lid {mode}")
    me = Person(page, keyboard)
    me.sign_in(team["beheerder"])
    me.menu("Leden")
    invite = page.get_by_role("region", name="Iemand uitnodigen")
    assert invite.get_by_label("Rol").input_value() == "lezer"  # the least powerful role by default
    me.fill(invite.get_by_label("E-mailadres"), f"nieuw-{mode}@reisgem.be")
    me.go(invite.get_by_role("button", name="Uitnodiging versturen"))
    expect(page.get_by_role("row", name=re.compile(f"nieuw-{mode}@reisgem.be"))).to_contain_text("Lezer")

    leaving = re.compile(f"Vertrekkend Lid {mode}")
    me.go(page.get_by_role("row", name=leaving).get_by_role("link", name=re.compile("^Verwijderen")))
    heading(page, f"Vertrekkend Lid {mode} verwijderen")
    me.go(page.get_by_role("link", name="Annuleren"))
    expect(page.get_by_role("row", name=leaving)).to_have_count(1)
    me.go(page.get_by_role("row", name=leaving).get_by_role("link", name=re.compile("^Verwijderen")))
    me.go(page.get_by_role("button", name="Ja, verwijderen"))
    expect(page.get_by_role("row", name=leaving)).to_have_count(0)


def test_skip_link_moves_focus_to_the_content(page, team):
    Person(page).sign_in(team["beheerder"])
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible() and skip.bounding_box()["height"] > 10
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    page.keyboard.press("Tab")  # the next Tab continues inside the content, not in the menu
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_every_control_on_a_page_shows_where_the_focus_is(page, team):
    from tests.browser.driving import FOCUS_VISIBLE

    Person(page).sign_in(team["beheerder"])
    page.goto("/o/reisgem/register/")
    missing = []
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            continue  # past the last control the focus leaves the page for a moment
        if not page.evaluate(f"({FOCUS_VISIBLE})(document.activeElement)"):
            missing.append(page.evaluate("document.activeElement.outerHTML.slice(0, 120)"))
    assert not missing, "\n".join(missing)
