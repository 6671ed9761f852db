"""Two people, two browsers, one record: the second save never silently wipes the first.

Each test loads the edit form in two browsers, saves in one, then saves in the other. The
second save is refused with a 409 page that keeps everything typed, takes over the fields only
the first person changed, shows the fields both changed side by side, and saves the merge on
the next click.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import DataCategory, ProcessingActivity
from lokaal_avg.remediation import services as remediation
from lokaal_avg.remediation.models import Action
from tests.integrity.browser import second_browser, submit


@pytest.fixture
def two_editors(app, client, login, create_org, create_user):
    org = create_org()
    anna = create_user(org=org, role="beheerder", name="Anna")
    bert = create_user(org=org, role="beheerder", name="Bert")
    login(anna)
    return org, client, second_browser(app, bert)


def stored(app, model: type, object_id: int) -> Any:
    with app.app_context():
        obj = db.session.get(model, object_id)
        db.session.expunge(obj)
        return obj


def race(anna, bert, url: str, anna_changes: dict, bert_changes: dict):
    """Both open the form, Bert saves first, then Anna saves the form she had open."""
    anna_page = anna.get(url).get_data(as_text=True)
    bert_page = bert.get(url).get_data(as_text=True)
    assert submit(bert, url, bert_page, bert_changes).status_code == 302
    return submit(anna, url, anna_page, anna_changes)


def test_activity_second_save_is_refused_and_merged(app, two_editors, create_activity):
    org, anna, bert = two_editors
    activity = create_activity(org, name="Bewonerskaarten", description="Oud")
    url = f"/o/{org.slug}/register/{activity.id}/stap/basis"
    refused = race(
        anna,
        bert,
        url,
        {"description": "Anna's nieuwe omschrijving", "reference": "R-ANNA"},
        {"name": "Bewonerskaarten (Bert)", "reference": "R-BERT"},
    )
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Iemand anders heeft dit ondertussen gewijzigd" in page
    assert "R-BERT" in page and "R-ANNA" in page  # both changed the reference: shown side by side
    assert "Anna&#39;s nieuwe omschrijving" in page  # nothing typed is lost
    # Bert's save still stands.
    assert stored(app, ProcessingActivity, activity.id).name == "Bewonerskaarten (Bert)"
    assert stored(app, ProcessingActivity, activity.id).description == "Oud"

    # The conflict page's form is the merge: Bert's name taken over, Anna's text kept.
    assert submit(anna, url, page).status_code == 302
    merged = stored(app, ProcessingActivity, activity.id)
    assert merged.name == "Bewonerskaarten (Bert)"
    assert merged.description == "Anna's nieuwe omschrijving"
    assert merged.reference == "R-ANNA"
    assert merged.version == 3


def test_processor_second_save_is_refused(app, two_editors, create_processor):
    org, anna, bert = two_editors
    processor = create_processor(org, name="Loketwerk NV", contact_name="Jan")
    url = f"/o/{org.slug}/verwerkers/{processor.id}/bewerken"
    refused = race(anna, bert, url, {"contact_name": "Annelies"}, {"name": "Loketwerk BV"})
    assert refused.status_code == 409
    assert stored(app, Processor, processor.id).contact_name == "Jan"
    assert submit(anna, url, refused.get_data(as_text=True)).status_code == 302
    merged = stored(app, Processor, processor.id)
    assert (merged.name, merged.contact_name) == ("Loketwerk BV", "Annelies")


def test_channel_second_save_is_refused(app, two_editors, create_activity, create_channel):
    from lokaal_avg.channels.models import Channel

    org, anna, bert = two_editors
    activity = create_activity(org, name="Meldingen")
    channel = create_channel(org, name="Meldingsformulier", activity_ids=[activity.id])
    url = f"/o/{org.slug}/kanalen/{channel.id}/bewerken"
    refused = race(anna, bert, url, {"description": "Door Anna"}, {"name": "Meldingsformulier (nieuw)"})
    assert refused.status_code == 409
    assert "Door Anna" in refused.get_data(as_text=True)
    assert submit(anna, url, refused.get_data(as_text=True)).status_code == 302
    merged = stored(app, Channel, channel.id)
    assert (merged.name, merged.description) == ("Meldingsformulier (nieuw)", "Door Anna")


def test_action_second_save_is_refused(app, two_editors):
    org, anna, bert = two_editors
    with app.app_context():
        action = remediation.create_action(
            db.session.get(Organisation, org.id), None, {"title": "Overeenkomst vernieuwen"}, notify=False
        )
        db.session.commit()
        action_id = action.id
    url = f"/o/{org.slug}/acties/{action_id}/bewerken"
    refused = race(
        anna, bert, url, {"title": "Overeenkomst vernieuwen (Anna)"}, {"title": "Overeenkomst vernieuwen (Bert)"}
    )
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Overeenkomst vernieuwen (Anna)" in page and "Overeenkomst vernieuwen (Bert)" in page
    assert stored(app, Action, action_id).title == "Overeenkomst vernieuwen (Bert)"
    # Anna decides after seeing both: her title wins, deliberately.
    assert submit(anna, url, page).status_code == 302
    assert stored(app, Action, action_id).title == "Overeenkomst vernieuwen (Anna)"


def test_organisation_settings_second_save_is_refused(app, two_editors):
    org, anna, bert = two_editors
    url = f"/o/{org.slug}/instellingen"
    refused = race(anna, bert, url, {"phone": "050 11 22 33"}, {"city": "Brugge"})
    assert refused.status_code == 409
    assert submit(anna, url, refused.get_data(as_text=True)).status_code == 302
    merged = stored(app, Organisation, org.id)
    assert (merged.city, merged.phone) == ("Brugge", "050 11 22 33")


def test_list_item_second_save_is_refused(app, two_editors):
    org, anna, bert = two_editors
    with app.app_context():
        item = db.session.scalars(select(DataCategory).where(DataCategory.organisation_id == org.id)).first()
        if item is None:
            item = DataCategory(organisation_id=org.id, code="eigen", name="Eigen categorie")
            db.session.add(item)
            db.session.commit()
        item_id = item.id
    url = f"/o/{org.slug}/lijsten/gegevens/{item_id}"
    refused = race(anna, bert, url, {"description": "Uitleg van Anna"}, {"name": "Hernoemd door Bert"})
    assert refused.status_code == 409
    assert submit(anna, url, refused.get_data(as_text=True)).status_code == 302
    merged = stored(app, DataCategory, item_id)
    assert (merged.name, merged.description) == ("Hernoemd door Bert", "Uitleg van Anna")


def test_a_single_editor_is_never_bothered(app, client, login, create_org, create_user, create_activity):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    activity = create_activity(org, name="Eén bewerker")
    url = f"/o/{org.slug}/register/{activity.id}/stap/basis"
    for n in range(3):
        assert submit(client, url, changes={"description": f"Versie {n}"}).status_code == 302
    assert stored(app, ProcessingActivity, activity.id).version == 4


def test_a_save_racing_past_the_check_is_refused_by_the_version_counter(app, create_org, create_activity):
    """Two sessions load version 1; the UPDATE of the second finds version 2 and is refused."""
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    org = create_org()
    activity = create_activity(org, name="Race")
    with app.app_context():
        first = db.session.get(ProcessingActivity, activity.id)
        second_session = Session(bind=db.session.connection())
        second = second_session.get(ProcessingActivity, activity.id)
        first.name = "Eerst"
        db.session.flush()
        second.name = "Tweede"
        with pytest.raises(StaleDataError):
            second_session.flush()
        second_session.close()
