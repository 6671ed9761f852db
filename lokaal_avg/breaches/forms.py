"""Forms of the breach register. Choices come from the organisation only, so a foreign id is refused."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, DateTimeLocalField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from lokaal_avg.accounts.models import Membership
from lokaal_avg.breaches import assessment
from lokaal_avg.breaches.choices import KIND_LABELS, LANGUAGE_LABELS, RISK_LABELS
from lokaal_avg.breaches.clock import from_local
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.extensions import db
from lokaal_avg.core.forms import CheckboxListField, empty_to_none
from lokaal_avg.core.idempotency import OneTimeFormMixin
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import DataCategory, ProcessingActivity, Status, SubjectCategory
from lokaal_avg.remediation.choices import PRIORITY_LABELS
from lokaal_avg.remediation.forms import member_choices

NONE = [empty_to_none]
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
LINK_FIELDS = {
    "activities": ProcessingActivity,
    "channels": Channel,
    "processors": Processor,
    "data_categories": DataCategory,
    "subject_categories": SubjectCategory,
}


def _choices(org: Organisation, model: Any, current: list[Any]) -> list[tuple[int, str]]:
    stmt = select(model).where(model.organisation_id == org.id).order_by(model.name)
    if model is ProcessingActivity:  # ended entries only when already linked
        stmt = stmt.where((model.status != Status.ENDED) | model.id.in_([c.id for c in current]))
    return [(item.id, str(item)) for item in db.session.scalars(stmt)]


class BreachForm(OneTimeFormMixin, FlaskForm):
    title = StringField(
        _l("Korte titel"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("bv. 'Mail met bijlage naar verkeerde ontvanger' of 'Laptop gestolen'."),
    )
    description = TextAreaField(
        _l("Wat is er gebeurd?"),
        validators=[DataRequired(), Length(max=20000)],
        description=_l("De feiten: wat, hoe, welke systemen. Geen namen van betrokkenen: die horen hier niet."),
    )
    kinds = CheckboxListField(
        _l("Soort inbreuk"),
        choices=list(KIND_LABELS.items()),
        validators=[DataRequired(message=_l("Kies minstens één soort."))],
    )
    discovered_at = DateTimeLocalField(
        _l("Ontdekt op (datum en uur)"),
        format=LOCAL_FORMAT,
        validators=[InputRequired(message=_l("Vul datum en uur van de ontdekking in."))],
        description=_l("Belgische tijd. Vanaf dit moment lopen de 72 uur om te melden aan de toezichthouder."),
    )
    discovered_by = StringField(
        _l("Ontdekt door"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("Wie merkte het op (naam of functie, bv. 'medewerker onthaal')."),
    )
    occurred_at = DateTimeLocalField(_l("Begonnen op (indien gekend)"), format=LOCAL_FORMAT, validators=[Optional()])
    activities = CheckboxListField(_l("Betrokken verwerkingen"), coerce=int, validators=[Optional()])
    channels = CheckboxListField(_l("Betrokken kanalen"), coerce=int, validators=[Optional()])
    processors = CheckboxListField(_l("Betrokken verwerkers"), coerce=int, validators=[Optional()])
    subject_categories = CheckboxListField(_l("Categorieën van betrokkenen"), coerce=int, validators=[Optional()])
    data_categories = CheckboxListField(_l("Categorieën van persoonsgegevens"), coerce=int, validators=[Optional()])
    subjects_estimate = IntegerField(
        _l("Geschat aantal betrokkenen"), validators=[Optional(), NumberRange(min=0, max=2_000_000_000)]
    )
    records_estimate = IntegerField(
        _l("Geschat aantal registraties (records)"), validators=[Optional(), NumberRange(min=0, max=2_000_000_000)]
    )
    consequences = TextAreaField(
        _l("Waarschijnlijke gevolgen voor de betrokkenen"),
        validators=[Optional(), Length(max=20000)],
        filters=NONE,
        description=_l("bv. risico op phishing, identiteitsfraude, schade aan reputatie, geen toegang tot een dienst."),
    )
    measures = TextAreaField(
        _l("Genomen en geplande maatregelen"),
        validators=[Optional(), Length(max=20000)],
        filters=NONE,
        description=_l("Wat deed u om het lek te dichten en de gevolgen te beperken, en wat volgt nog?"),
    )

    def __init__(self, org: Organisation, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        breach = kwargs.get("obj")
        for name, model in LINK_FIELDS.items():
            self[name].choices = _choices(org, model, getattr(breach, name) if breach is not None else [])

    def breach_data(self) -> dict[str, Any]:
        data = {name: self[name].data for name in ("title", "description", "kinds", "discovered_by")}
        data.update({name: self[name].data for name in ("subjects_estimate", "records_estimate")})
        data.update({name: self[name].data for name in ("consequences", "measures")})
        data.update({name: self[name].data or [] for name in LINK_FIELDS})
        data["discovered_at"] = from_local(self.discovered_at.data) if self.discovered_at.data else None
        data["occurred_at"] = from_local(self.occurred_at.data) if self.occurred_at.data else None
        return data


YES_NO_CHOICES = [("ja", _l("ja")), ("nee", _l("nee"))]


class AssessmentForm(FlaskForm):
    onleesbaar = RadioField(assessment.QUESTIONS["onleesbaar"], choices=YES_NO_CHOICES, default="nee")
    ingeperkt = RadioField(assessment.QUESTIONS["ingeperkt"], choices=YES_NO_CHOICES, default="nee")
    gevoelig = RadioField(assessment.QUESTIONS["gevoelig"], choices=YES_NO_CHOICES, default="nee")
    kwetsbaar = RadioField(assessment.QUESTIONS["kwetsbaar"], choices=YES_NO_CHOICES, default="nee")
    kwaadwillig = RadioField(assessment.QUESTIONS["kwaadwillig"], choices=YES_NO_CHOICES, default="nee")
    grote_schaal = RadioField(assessment.QUESTIONS["grote_schaal"], choices=YES_NO_CHOICES, default="nee")
    gevolgen = RadioField(
        _l("Hoe ernstig zijn de mogelijke gevolgen voor de betrokkenen?"),
        choices=list(assessment.CONSEQUENCE_LABELS.items()),
        default="beperkt",
    )
    level = SelectField(
        _l("Uw besluit"),
        choices=[("", _l("— het voorgestelde niveau volgen —")), *RISK_LABELS.items()],
        validators=[Optional()],
        description=_l("Wijkt u af van het voorstel, leg dan in uw redenering uit waarom."),
    )
    exception = SelectField(
        _l("Bij hoog risico: uitzondering op het verwittigen van de betrokkenen"),
        choices=[
            ("", _l("— geen uitzondering: de betrokkenen worden verwittigd —")),
            *assessment.EXCEPTION_LABELS.items(),
        ],
        validators=[Optional()],
    )
    reasoning = TextAreaField(
        _l("Redenering"),
        validators=[DataRequired(message=_l("Schrijf uw redenering op.")), Length(max=20000)],
        description=_l("Waarom dit niveau? Dit blijft in het register, ook als u niet meldt (Art. 33(5) AVG)."),
    )

    def answers(self) -> dict[str, str]:
        return {name: self[name].data for name in (*assessment.QUESTIONS, "gevolgen")}


class NotificationForm(FlaskForm):
    notified_at = DateTimeLocalField(
        _l("Gemeld op (datum en uur)"),
        format=LOCAL_FORMAT,
        validators=[InputRequired(message=_l("Vul datum en uur van de melding in."))],
    )
    reference = StringField(
        _l("Referentie van de toezichthouder"), validators=[Optional(), Length(max=100)], filters=NONE
    )
    language = SelectField(_l("Taal van de melding"), choices=list(LANGUAGE_LABELS.items()), default="nl")
    text = TextAreaField(_l("Tekst van de melding"), validators=[DataRequired(), Length(max=50000)])
    delay_reasons = TextAreaField(
        _l("Redenen voor de vertraging"),
        validators=[Optional(), Length(max=20000)],
        filters=NONE,
        description=_l("Verplicht als u later meldt dan 72 uur na de ontdekking (Art. 33(1) AVG)."),
    )


class InformForm(FlaskForm):
    informed_on = DateField(_l("Verwittigd op"), validators=[InputRequired(message=_l("Vul de datum in."))])
    how = TextAreaField(
        _l("Hoe en met welke boodschap?"),
        validators=[DataRequired(), Length(max=20000)],
        description=_l(
            "In duidelijke taal: wat er gebeurde, de gevolgen, de maatregelen en wie ze kunnen contacteren "
            "(Art. 34(2) AVG). Bij een openbare mededeling: waar en wanneer."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="inform", **kwargs)


class CloseForm(FlaskForm):
    note = TextAreaField(_l("Afsluitende toelichting"), validators=[Optional(), Length(max=20000)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="close", **kwargs)


class BreachActionForm(FlaskForm):
    title = StringField(_l("Actie"), validators=[DataRequired(), Length(max=300)])
    assignee_id = SelectField(_l("Toegewezen aan"), coerce=int, validators=[Optional()])
    priority = SelectField(_l("Prioriteit"), choices=list(PRIORITY_LABELS.items()), default="hoog")
    due_date = DateField(_l("Deadline"), validators=[Optional()])

    def __init__(self, members: list[Membership], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="action", **kwargs)
        self.assignee_id.choices = member_choices(members)

    def action_data(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "assignee_id": self.assignee_id.data or None,
            "priority": self.priority.data,
            "due_date": self.due_date.data,
        }
