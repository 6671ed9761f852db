"""Forms for channels, their fields, linking from the register, and exploring a website."""

from __future__ import annotations

from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from lokaal_avg.channels import policy
from lokaal_avg.channels.labels import AUTHENTICATION_LABELS, SCAN_FREQUENCY_LABELS
from lokaal_avg.channels.models import DEFAULT_SCAN_FREQUENCY, Channel
from lokaal_avg.core.concurrency import VersionedFormMixin
from lokaal_avg.core.extensions import db
from lokaal_avg.core.forms import CheckboxListField, empty_to_none, long_text
from lokaal_avg.core.idempotency import OneTimeFormMixin
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.choices import CHANNEL_TYPES
from lokaal_avg.register.models import DataCategory, ProcessingActivity, Status

NONE = [empty_to_none]
URL_REQUIRED_KINDS = ("webformulier", "e_loket")


def is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in value)
    except ValueError:
        return False


class ChannelForm(OneTimeFormMixin, VersionedFormMixin, FlaskForm):
    name = StringField(
        _l("Naam"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("Zoals burgers het kennen, bv. 'Meldpunt openbaar domein' of 'E-loket attesten'."),
    )
    kind = SelectField(_l("Soort kanaal"), choices=list(CHANNEL_TYPES.items()))
    url = StringField(
        _l("Adres (URL)"),
        validators=[Optional(), Length(max=2000)],
        filters=NONE,
        description=_l(
            "Het webadres van het formulier of het loket (verplicht voor een webformulier en een e-loket; "
            "alleen zo kan het gescand worden). Bij een e-mailkanaal: het e-mailadres."
        ),
    )
    vendor_id = SelectField(
        _l("Leverancier"),
        coerce=int,
        description=_l(
            "De verwerker die het formulier of loket levert of beheert. Ontbreekt hij, voeg hem dan eerst toe "
            "onder Verwerkers."
        ),
    )
    authentication = RadioField(_l("Aanmelding"), choices=list(AUTHENTICATION_LABELS.items()), default="geen")
    department_id = SelectField(_l("Dienst"), coerce=int, description=_l("De dienst die het kanaal beheert."))
    activities = CheckboxListField(
        _l("Verwerkingen die dit kanaal voedt"),
        coerce=int,
        description=_l("Elk kanaal hoort bij minstens één verwerking in het register."),
    )
    scan_frequency = SelectField(
        _l("Automatisch scannen"),
        choices=list(SCAN_FREQUENCY_LABELS.items()),
        default=DEFAULT_SCAN_FREQUENCY,
        description=_l(
            "Hoe vaak het kanaal vanzelf gescand wordt (alleen kanalen met een webadres). Een nieuwe scan "
            "verifieert opgeloste acties en heropent acties als het probleem terugkomt."
        ),
    )
    description = TextAreaField(_l("Omschrijving"), validators=[Optional(), long_text()], filters=NONE)

    def __init__(self, org, membership, channel: Channel | None = None, *args, **kwargs):
        self.org = org
        self.membership = membership
        super().__init__(*args, obj=channel, **kwargs)
        self._setup_choices(channel)
        if channel is not None and not self.is_submitted():
            self.activities.data = [a.id for a in channel.activities]
            self.vendor_id.data = channel.vendor_id or 0
            self.department_id.data = channel.department_id or 0

    def _setup_choices(self, channel: Channel | None) -> None:
        vendors = db.session.scalars(
            select(Processor).where(Processor.organisation_id == self.org.id).order_by(Processor.name)
        )
        self.vendor_id.choices = [(0, _l("— geen leverancier (eigen beheer) —"))] + [(p.id, p.name) for p in vendors]
        allowed = policy.allowed_department_ids(self.membership)
        departments = [d for d in self.org.departments if allowed is None or d.id in allowed]
        self.department_id.choices = [(d.id, d.name) for d in departments]
        if allowed is None:
            self.department_id.choices.insert(0, (0, _l("— geen dienst —")))
        linked = {a.id for a in channel.activities} if channel is not None else set()
        activities = db.session.scalars(
            select(ProcessingActivity)
            .where(ProcessingActivity.organisation_id == self.org.id)
            .order_by(ProcessingActivity.name)
        )
        visible = [a for a in activities if a.status != Status.ENDED or a.id in linked]
        self.activities.choices = [(a.id, str(a)) for a in visible]
        # A medewerker links only activities of their own departments; other links stay as they are.
        self.linked_ids = linked
        self.editable_activity_ids = None if allowed is None else {a.id for a in visible if a.department_id in allowed}

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.url.data and self.kind.data in URL_REQUIRED_KINDS:
            # Optional() ends the field's own validation when it is empty, so this check lives here.
            self.url.errors = [
                *self.url.errors,
                _l("Vul het webadres in: een webformulier of e-loket heeft altijd een URL."),
            ]
            return False
        return valid

    def validate_url(self, field) -> None:
        if self.kind.data == "email" and "@" in field.data and not field.data.startswith(("http://", "https://")):
            address = field.data.removeprefix("mailto:")
            try:
                validate_email(address, check_deliverability=False)
            except EmailNotValidError as exc:
                raise ValidationError(_l("Dit is geen geldig e-mailadres.")) from exc
            field.data = f"mailto:{address}"
            return
        if not is_web_url(field.data):
            raise ValidationError(_l("Vul een volledig webadres in dat begint met https:// (of http://)."))

    def _chosen_activities(self) -> list[int]:
        chosen = set(self.activities.data or [])
        if self.editable_activity_ids is not None:
            chosen = (chosen & self.editable_activity_ids) | (self.linked_ids - self.editable_activity_ids)
        return sorted(chosen)

    def channel_data(self) -> dict:
        return {
            "name": self.name.data,
            "kind": self.kind.data,
            "url": self.url.data,
            "vendor_id": self.vendor_id.data or None,
            "authentication": self.authentication.data,
            "department_id": self.department_id.data or None,
            "activities": self._chosen_activities(),
            "scan_frequency": self.scan_frequency.data,
            "description": self.description.data,
        }


def category_choices(org) -> list[tuple[int, str]]:
    """The organisation's data categories, with 0 for 'not personal data'."""
    categories = db.session.scalars(
        select(DataCategory).where(DataCategory.organisation_id == org.id).order_by(DataCategory.name)
    )
    return [(0, str(_l("— geen persoonsgegeven —")))] + [(c.id, c.display_name) for c in categories]


class FieldForm(FlaskForm):
    label = StringField(
        _l("Veld"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("Het veld zoals het op het formulier staat, bv. 'Rijksregisternummer van het kind'."),
    )
    data_category_id = SelectField(
        _l("Categorie persoonsgegevens"),
        coerce=int,
        description=_l("Kies 'geen persoonsgegeven' voor velden als het onderwerp of de datum van een evenement."),
    )

    def __init__(self, org, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_category_id.choices = category_choices(org)
        if not self.is_submitted() and kwargs.get("obj") is not None:
            self.data_category_id.data = kwargs["obj"].data_category_id or 0


class LinkChannelForm(FlaskForm):
    channel_id = SelectField(_l("Kanaal"), coerce=int)


class DiscoverForm(FlaskForm):
    start_url = StringField(
        _l("Beginadres"),
        validators=[DataRequired(), Length(max=2000)],
        filters=NONE,
        description=_l("Meestal de startpagina van de website van de organisatie."),
    )
    max_pages = IntegerField(
        _l("Hoogstens zoveel pagina's bekijken"),
        default=20,
        validators=[DataRequired(), NumberRange(min=1, max=50)],
        description=_l("De verkenning volgt alleen links binnen dezelfde website en respecteert robots.txt."),
    )
    max_depth = IntegerField(
        _l("Hoogstens zoveel klikken diep"),
        default=2,
        validators=[NumberRange(min=0, max=3)],
    )

    def validate_start_url(self, field) -> None:
        if not is_web_url(field.data or ""):
            raise ValidationError(_l("Vul een volledig webadres in dat begint met https:// (of http://)."))
