"""Forms for data-subject requests; choices come from the organisation only."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from lokaal_avg.accounts.models import Membership
from lokaal_avg.core.extensions import db
from lokaal_avg.core.forms import CheckboxListField, empty_to_none
from lokaal_avg.core.idempotency import OneTimeFormMixin
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.choices import CHANNEL_TYPES
from lokaal_avg.register.models import ProcessingActivity, Status
from lokaal_avg.remediation.forms import member_choices
from lokaal_avg.requests.choices import COMPLAINT_NOTICE, KIND_LABELS, REFUSAL_GROUND_LABELS

NONE = [empty_to_none]


class RequestForm(OneTimeFormMixin, FlaskForm):
    kind = SelectField(_l("Soort verzoek"), choices=list(KIND_LABELS.items()))
    received_on = DateField(
        _l("Ontvangen op"),
        validators=[InputRequired(message=_l("Vul de datum van ontvangst in."))],
        description=_l("De termijn van één maand loopt vanaf deze dag (Art. 12(3) AVG)."),
    )
    received_via = SelectField(_l("Ontvangen via"), choices=list(CHANNEL_TYPES.items()))
    summary = TextAreaField(
        _l("Wat vraagt de betrokkene?"),
        validators=[Optional(), Length(max=20000)],
        filters=NONE,
        description=_l("Kort en zonder meer persoonsgegevens dan nodig."),
    )
    requester_reference = StringField(
        _l("Referentie van de aanvrager"),
        validators=[Optional(), Length(max=100)],
        filters=NONE,
        description=_l("bv. een dossiernummer. Wordt na de bewaartermijn verwijderd."),
    )
    requester_contact = StringField(
        _l("Contact van de aanvrager"),
        validators=[Optional(), Length(max=300)],
        filters=NONE,
        description=_l("Eén e-mailadres of adres om te antwoorden. Wordt na de bewaartermijn verwijderd."),
    )
    identity_verified_on = DateField(_l("Identiteit geverifieerd op"), validators=[Optional()])
    identity_verification = StringField(
        _l("Hoe geverifieerd?"),
        validators=[Optional(), Length(max=300)],
        filters=NONE,
        description=_l("bv. 'eID aan de balie' of 'aangemeld met itsme'. Alleen bij redelijke twijfel (Art. 12(6))."),
    )
    activities = CheckboxListField(_l("Betrokken verwerkingen"), coerce=int, validators=[Optional()])
    handler_id = SelectField(_l("Behandeld door"), coerce=int, validators=[Optional()])

    def __init__(self, org: Organisation, members: list[Membership], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item = kwargs.get("obj")
        linked = [a.id for a in item.activities] if item is not None else []
        self.activities.choices = [
            (a.id, str(a))
            for a in db.session.scalars(
                select(ProcessingActivity)
                .where(
                    ProcessingActivity.organisation_id == org.id,
                    (ProcessingActivity.status != Status.ENDED) | ProcessingActivity.id.in_(linked),
                )
                .order_by(ProcessingActivity.name)
            )
        ]
        self.handler_id.choices = member_choices(members)

    def request_data(self) -> dict[str, Any]:
        names = (
            "kind",
            "received_on",
            "received_via",
            "summary",
            "requester_reference",
            "requester_contact",
            "identity_verified_on",
            "identity_verification",
        )
        data = {name: self[name].data for name in names}
        data["activities"] = self.activities.data or []
        data["handler_id"] = self.handler_id.data or None
        return data


class ExtendForm(FlaskForm):
    reason = TextAreaField(
        _l("Waarom meer tijd?"),
        validators=[DataRequired(), Length(max=20000)],
        description=_l("Complexiteit of aantal verzoeken (Art. 12(3) AVG)."),
    )
    told_on = DateField(
        _l("Betrokkene geïnformeerd op"),
        validators=[InputRequired(message=_l("Vul de datum in."))],
        description=_l("Binnen de eerste maand, met de redenen."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="extend", **kwargs)


class CloseForm(FlaskForm):
    outcome = RadioField(
        _l("Uitkomst"),
        choices=[("beantwoord", _l("Beantwoord (verzoek ingewilligd)")), ("geweigerd", _l("Geweigerd"))],
        default="beantwoord",
    )
    answered_on = DateField(_l("Antwoord verstuurd op"), validators=[InputRequired(message=_l("Vul de datum in."))])
    answer = TextAreaField(
        _l("Samenvatting van het antwoord"),
        validators=[DataRequired(), Length(max=20000)],
        description=_l("Wat werd bezorgd, verbeterd, gewist of beperkt."),
    )
    refusal_ground = SelectField(
        _l("Grond van de weigering"),
        choices=[("", _l("— kies bij een weigering —")), *REFUSAL_GROUND_LABELS.items()],
        validators=[Optional()],
    )
    refusal_reason = TextAreaField(
        _l("Redenen van de weigering"),
        validators=[Optional(), Length(max=20000)],
        filters=NONE,
        description=COMPLAINT_NOTICE,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="close", **kwargs)
